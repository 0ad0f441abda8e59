"""The simulator's event loop: simulated time, no sleeping.

Events are arrivals and lawyers' answers, in a priority queue; between them the platform's own
`sweep_due` runs at each minute boundary where its DUE index holds work (asked of the platform, so
100 days never cost 144,000 empty sweeps). Whenever the platform notifies a lawyer of a question,
the model draws that lawyer's response and, if they answer, schedules the answer.

The platform is anything with these methods (the real one is bench/sla_platform.py):
    open(arrival, now) -> consultation id
    answer(consultation_id, lawyer_id, now) -> bool (accepted)
    sweep(now)
    next_due() -> datetime or None        # earliest DUE-index work
    notices(now) -> [Notice]              # lawyer notifications that went out up to now
"""
import heapq
from dataclasses import dataclass
from datetime import timedelta

from bench.sla_model import DutyDesk, response_rng
from bench.sla_report import Outcome

MINUTE = timedelta(minutes=1)
ARRIVE, ANSWER = 0, 1


@dataclass(frozen=True)
class Notice:
    """A notification to a lawyer about a consultation. Only `dispatch` asks for an answer;
    reminders and "answering closed" messages cost a notification and change nothing in the model
    (a reminded lawyer keeps the draw made at dispatch: the conservative reading)."""
    at: object
    lawyer_id: str
    consultation_id: str
    kind: str  # dispatch | reminder | closed | other


def ceil_minute(instant):
    floor = instant.replace(second=0, microsecond=0)
    return floor if floor == instant else floor + MINUTE


@dataclass
class Counters:
    events: int = 0
    sweeps: int = 0
    answers_refused: int = 0
    answers_withdrawn: int = 0  # the lawyer had been told answering closed, so did not try


class Simulation:
    def __init__(self, platform, model, roster, seed, *, settle=timedelta(hours=3), progress=None):
        self.platform, self.model, self.roster, self.seed = platform, model, roster, seed
        self.progress = progress  # called with (consultations opened, now) every 250 arrivals
        self.settle = settle  # sweeps after the last event: reminders, closing, none affect the SLA
        self.desk = DutyDesk(model.duty_per_hour)
        self.outcomes, self.by_id, self.drawn, self.told_closed = [], {}, {}, set()
        self.queue, self._seq, self.counters = [], 0, Counters()
        self.last_now = None  # the simulated time of the last step (the run ends there)

    def _push(self, at, kind, payload):
        self._seq += 1
        heapq.heappush(self.queue, (at, kind, self._seq, payload))

    def run(self, arrivals):
        for arrival in arrivals:
            self._push(arrival.at, ARRIVE, arrival)
        last_sweep, last_event = None, None
        while True:
            next_event = self.queue[0][0] if self.queue else None
            due = self.platform.next_due()
            at_sweep = None
            if due is not None:
                at_sweep = ceil_minute(due)
                if last_sweep is not None and at_sweep <= last_sweep:
                    at_sweep = last_sweep + MINUTE  # still due after its sweep: the next minute's
            if next_event is None and (at_sweep is None or at_sweep > last_event + self.settle):
                break
            if at_sweep is not None and (next_event is None or at_sweep <= next_event):
                self.platform.sweep(at_sweep)
                self.counters.sweeps += 1
                last_sweep = now = at_sweep
            else:
                now, kind, _, payload = heapq.heappop(self.queue)
                self.counters.events += 1
                last_event = now
                if not (self._arrive if kind == ARRIVE else self._answer)(payload, now):
                    continue  # the platform was not called: nothing new to look at
            self.last_now = now
            self._take_notices(now)
        return self.outcomes

    def _arrive(self, arrival, now):
        outcome = Outcome(arrival)
        outcome.consultation_id = self.platform.open(arrival, now)
        self.outcomes.append(outcome)
        self.by_id[outcome.consultation_id] = outcome
        if self.progress and len(self.outcomes) % 250 == 0:
            self.progress(len(self.outcomes), now)
        return True

    def _answer(self, payload, now):
        consultation_id, lawyer_id = payload
        outcome = self.by_id[consultation_id]
        if payload in self.told_closed:
            self.counters.answers_withdrawn += 1
            return False
        if not self.platform.answer(consultation_id, lawyer_id, now):
            self.counters.answers_refused += 1
            return True
        outcome.answers += 1
        if outcome.first_answer_at is None:
            outcome.first_answer_at = now
        return True

    def _take_notices(self, now):
        for notice in self.platform.notices(now):
            outcome = self.by_id.get(notice.consultation_id)
            if outcome is None:
                continue
            outcome.notices[notice.kind] = outcome.notices.get(notice.kind, 0) + 1
            if notice.kind == "dispatch":
                self._draw(outcome, notice)
            elif notice.kind == "closed":
                self.told_closed.add((notice.consultation_id, notice.lawyer_id))

    def _draw(self, outcome, notice):
        key = (notice.consultation_id, notice.lawyer_id)
        nth = self.drawn.get(key, 0)
        self.drawn[key] = nth + 1
        if nth:  # dispatched twice for one question: still one answer at most
            return
        duty = self.roster.on_duty(notice.lawyer_id, notice.at)
        if duty:
            probability = self.model.duty if self.desk.take(notice.lawyer_id, notice.at) else 0.0
        else:
            probability = self.model.in_time_probability(notice.at)
        outcome.notified.append(((notice.at - outcome.arrival.at).total_seconds() / 60,
                                 "duty" if duty else "pool"))
        rng = response_rng(self.seed, outcome.arrival.index, notice.lawyer_id)
        response = self.model.sample(rng, probability)
        if response.delay is not None:
            self._push(notice.at + response.delay, ANSWER, (notice.consultation_id, notice.lawyer_id))
