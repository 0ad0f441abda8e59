"""The real platform behind the simulator's event loop: the consultation capability's own functions
(H5 intake and start, answers, the `sweep_due` job) on a DynamoDB Local table, with time set by the
simulation. Only WeChat is played by the simulator: it reads the outbox records the platform
queued (whom, which message, which consultation) and marks them sent."""
import functools
import logging
from datetime import datetime, timezone

from bench import sla_texts
from bench.sla_loop import Notice
from chalicelib.clock import iso, parse_instant
from chalicelib.consultations import answers, duty, intake, lifecycle
from chalicelib.consultations.context import context
from chalicelib.consultations.dispatch import region_chain
from chalicelib.db import queries
from chalicelib.db.base import transact_write
from chalicelib.db.changes import changed
from chalicelib.db.messaging import SENT_RETENTION, Notification
from chalicelib.errors import Conflict, NotFound
from chalicelib.routes import jobs
from chalicelib.wiring import Services

FAR_FUTURE = datetime(2100, 1, 1, tzinfo=timezone.utc)
LOOK_AHEAD = 25
_UNKNOWN = object()
KINDS = {"consultation_dispatched": "dispatch", "consultation_reminder": "reminder",
         "consultation_closed": "closed"}


class RecordingWeChat:
    """Stands in for the WeChat API client: accepts every message and remembers it."""

    def __init__(self):
        self.sent = []

    def _keep(self, openid, template, data):
        self.sent.append((openid, template, data or {}))
        return {"errcode": 0, "msgid": len(self.sent)}

    def send_template(self, openid, template_id, data, url=None):
        return self._keep(openid, template_id, data)

    def send_subscribe(self, openid, template_id, data, page=None):
        return self._keep(openid, template_id, data)

    def send_text(self, openid, text):
        return self._keep(openid, "text", {})

    def send_custom(self, openid, msgtype, content):
        return self._keep(openid, msgtype, {})


class SimServices(Services):
    """The composition root with the simulation's settings, clock and WeChat recorder."""

    def __init__(self, settings, clock, api):
        super().__init__(settings=settings, clock=clock)
        self._api = api

    def wechat_api(self, account=None):  # every account's notices go to the one recorder
        return self._api


class RealPlatform:
    def __init__(self, services, lawyer_of_openid, county, rng):
        self.services, self.clock, self.api = services, services.clock, services.wechat_api()
        self.lawyer_of_openid, self.county, self.rng = lawyer_of_openid, county, rng
        self.region_of = functools.lru_cache(maxsize=None)(region_chain)
        self.staff_notices, self.citizen_notices, self.sweep_errors, self._answers = 0, 0, 0, 0
        self.swept_notices, self.meter = 0, None
        self._categories, self._pending, self._next_due = None, [], _UNKNOWN
        services.table()

    def _ctx(self, now, bureau=None):
        self.clock.instant = now
        ctx = context(self.services, now)
        if bureau:  # the province run: each county its own bureau, its code the county's
            ctx.bureau = bureau
        ctx.load_categories = self._load_categories
        ctx.new_id = lambda: f"{self.rng.getrandbits(48):012x}"
        return ctx

    def _load_categories(self):
        # Categories change when staff edit them, never during a run: read them once.
        if self._categories is None:
            self._categories = queries.categories()
        return self._categories

    def open(self, arrival, now):
        """What `POST /api/consultations` does: submit, then start at once (the first tier)."""
        ctx = self._ctx(now, arrival.county)
        c = intake.submit(
            openid=f"osim{arrival.index:05d}", question=sla_texts.question(arrival.category, arrival.index),
            category=arrival.category, county=arrival.county or self.county, ctx=ctx,
            region_of=self.region_of,
            new_id=lambda at: intake.new_consultation_id(at, random_bits=self.rng.getrandbits))
        lifecycle.start(c.id, ctx)
        return c.id

    def answer(self, consultation_id, lawyer_id, now):
        self._answers += 1
        try:
            answers.post_answer(consultation_id, sla_texts.answer(self._answers),
                                lawyer_id=lawyer_id, ctx=self._ctx(now))
        except (Conflict, NotFound):  # answering closed before this lawyer got to it
            return False
        return True

    def sweep(self, now):
        self.clock.instant = now
        report = self.meter.sweep(lambda: jobs.run_sweep(now)) if self.meter else jobs.run_sweep(now)
        if report["errors"]:
            self.sweep_errors += report["errors"]
            logging.getLogger("sla_sim").warning("sweep at %s: %s", now.isoformat(), report)
        return report

    def next_due(self):
        """The earliest work in the DUE index (remembered from the last look, which every step
        ends with: only the platform's own calls change the index)."""
        if self._next_due is _UNKNOWN:
            first = next(iter(queries.due_items(FAR_FUTURE, limit=1)), None)
            self._next_due = parse_instant(first.DUEAT[:20]) if first is not None else None
        return self._next_due

    def notices(self, now):
        """Play WeChat for what the outbox holds now — as the after-commit map (a local worker, the table's stream) would
        within seconds — and report the lawyer notifications that went out."""
        out = []
        while True:
            self._look(now)
            out += self._deliver(self._pending, now)
            if self._next_due is not _UNKNOWN:
                break
        # Anything the sweep's own outbox handler sent went through the recorder (a message the
        # look above missed: counted, since it reached its lawyer up to a minute late).
        sent, self.api.sent = self.api.sent, []
        self.swept_notices += len(sent)
        out += [self._notice(now, openid, template, data) for openid, template, data in sent]
        return [n for n in out if n is not None]

    def _look(self, now):
        """One DUE query: the pending notifications due by `now` (among them may sit other work
        due this minute, waiting for the minute's sweep), and the earliest other work."""
        items = list(queries.due_items(FAR_FUTURE, limit=LOOK_AHEAD))
        self._pending, self._next_due = [], None
        for item in items:
            due = parse_instant(item.DUEAT[:20])
            if due > now:
                self._next_due = due if self._next_due is None else min(self._next_due, due)
                return
            if isinstance(item, Notification) and item.status == "pending":
                self._pending.append(item)
            elif self._next_due is None:
                self._next_due = due
        if len(items) == LOOK_AHEAD and self._pending:  # more may hide past the page
            self._next_due = _UNKNOWN

    def _notice(self, at, openid, template_key, data):
        lawyer_id = self.lawyer_of_openid.get(openid)
        if lawyer_id is not None:
            return Notice(at, lawyer_id, data.get("consultation"), KINDS.get(template_key, "other"))
        if template_key == "consultation_unanswered":
            self.staff_notices += 1
        else:
            self.citizen_notices += 1
        return None

    def _deliver(self, notes, now):
        """Mark the notifications sent — many to a transaction: the outbox's own delivery (claim,
        send, settle: two writes a message, tested in tests/integration) would double the run's
        DynamoDB calls and decide nothing about the SLA."""
        for start in range(0, len(notes), 100):
            with transact_write() as tx:
                for note in notes[start:start + 100]:
                    tx.update(note, changed(note, {
                        "status": "sent", "sent_at": iso(now), "channel_used": note.channel,
                        "next_attempt_at": None, "expires_at": now + SENT_RETENTION}),
                        condition=Notification.status == "pending")
        return [self._notice(parse_instant(note.created_at), note.to_openid, note.template_key,
                             (note.payload or {}).get("data") or {}) for note in notes]

    def set_roster(self, roster, days, bureau=None):
        """Put the simulation's roster on the platform, shift by shift, as staff would (of
        `bureau`: the province run; else the default bureau's)."""
        ctx = self._ctx(self.clock.now(), bureau)
        for day in days:
            for number in range(len(roster.shift_hours)):
                duty.set_shift(day.isoformat(), number, list(roster.lawyers_of(day, number)),
                               staff_id="staff-001", bureau=ctx.bureau, ctx=ctx)
