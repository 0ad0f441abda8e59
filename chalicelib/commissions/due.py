"""The sweep's handler for Commission (wiring.due_handlers): whatever of it is due at `now`, the
time of the scheduled event."""
from chalicelib.commissions import picks, rounds
from chalicelib.commissions.env import from_services


def commission_due(item, now, services):
    return rounds.advance(item.id, from_services(services, now), picks.candidates)
