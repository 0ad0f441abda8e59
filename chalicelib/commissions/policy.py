"""The knobs of commissions (issue 12), read from the environment like every setting
(chalicelib/settings.py): the push rounds, how long a push waits for an accept, how long a directed
commission waits for its lawyer."""
import os
from dataclasses import dataclass, field

LEVELS = ("county", "city")
# Round 1: the county's top 5 by stars at once; round 2 the next 10 after 30 minutes; round 3 every
# other county lawyer with the specialty after 2 hours; round 4 the city after a day (0 = all).
DEFAULT_ROUNDS = "county@0x5,county@30x10,county@120x0,city@1440x0"


@dataclass(frozen=True)
class Round:
    level: str  # county | city
    delay_minutes: float  # after the push started
    count: int  # lawyers to offer; 0 = every one left


def parse_rounds(text):
    """`level@minutes x count`, comma separated, e.g. "county@0x5,city@1440x0" (0: all)."""
    rounds = []
    for part in (p.strip() for p in (text or "").split(",") if p.strip()):
        try:
            level, rest = part.split("@")
            delay, count = rest.lower().split("x")
            found = Round(level.strip(), float(delay), int(count))
        except ValueError:
            raise ValueError(f"commission round {part!r} is not level@minutes x count")
        if found.level not in LEVELS or found.delay_minutes < 0 or found.count < 0:
            raise ValueError(f"commission round {part!r}: levels are {LEVELS}, numbers >= 0")
        rounds.append(found)
    if not rounds:
        raise ValueError("commissions need at least one round")
    return tuple(sorted(rounds, key=lambda r: r.delay_minutes))


def _number(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else float(value)


@dataclass(frozen=True)
class CommissionPolicy:
    rounds: tuple = field(default_factory=lambda: parse_rounds(
        os.environ.get("COMMISSION_ROUNDS") or DEFAULT_ROUNDS))
    # Nobody accepting this long after the push started closes it (expired), with an apology.
    expire_hours: float = field(default_factory=lambda: _number("COMMISSION_EXPIRE_HOURS", 72))
    # A commission directed to one lawyer waits this long, then the citizen is offered the push.
    directed_wait_hours: float = field(
        default_factory=lambda: _number("COMMISSION_DIRECTED_WAIT_HOURS", 24))

    def __post_init__(self):
        if self.expire_hours <= 0 or self.directed_wait_hours <= 0:
            raise ValueError("commission waits must be positive")
