"""Time as an input: services take a clock; scheduled functions take now from the event."""
from datetime import datetime, timezone


def utc(dt):
    """An aware UTC datetime from an aware or naive-UTC one."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def parse_instant(text):
    """Parse an ISO 8601 instant such as EventBridge's `time` ("2026-11-29T10:00:00Z")."""
    return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def iso(dt):
    """The canonical text form stored in the table: UTC, seconds, `Z` suffix (sorts as time)."""
    return utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


class SystemClock:
    """The wall clock; the only place the platform reads it."""

    def now(self):
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that says what it is told; tests and event-driven sweeps use it."""

    def __init__(self, instant):
        self.instant = utc(instant)

    def now(self):
        return self.instant

    def advance(self, delta):
        self.instant = self.instant + delta
