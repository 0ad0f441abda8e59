"""Follow tracking (issue 11): WeChat's subscribe and unsubscribe events, on any account, are recorded
per (account, openid) (db/followers.py), and a lawyer bound to that openid on that account is moved
in or out of the dispatch pools (`lifecycle.follow_changed`): template messages reach only followers,
so a lawyer who unfollowed is never counted in a dispatch tier.

Called by the callback after the account's own handling; a failure here is logged and never changes
the reply (WeChat would retry, and the event's time keeps a late retry from undoing a newer one).
"""
import logging
from datetime import datetime, timezone

from chalicelib.auth.roles import lawyer_by_openid
from chalicelib.clock import iso
from chalicelib.db import followers
from chalicelib.logs import log
from chalicelib.roster.lifecycle import follow_changed

EVENTS = {"subscribe": True, "unsubscribe": False}


def event_time(message, now):
    """The event's CreateTime as UTC text, never later than `now` (absent or unreadable: `now`)."""
    try:
        at = datetime.fromtimestamp(int(message.create_time), timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return iso(now)
    return iso(min(at, now))


def observe(message, account, *, default_account, now):
    """Record a follow or unfollow of `account` by the message's sender; returns what was done."""
    if message.kind != "event" or message.event not in EVENTS or not message.sender:
        return None
    following, at = EVENTS[message.event], event_time(message, now)
    try:
        if not followers.record_event(account, message.sender, following, at):
            return "older"
        lawyer = lawyer_by_openid(message.sender)
        if lawyer is None or (lawyer.openid_account or default_account) != account:
            return "recorded"
        follow_changed(lawyer, account, following, at)
        return "lawyer"
    except Exception:
        log("follow_tracking_failed", logging.ERROR, exc_info=True, account=account)
        return "failed"


def workbench_follows(lawyer, default_account):
    """Whether the workbench may take it that the lawyer's notices reach them: False when their
    profile says they unfollowed, or when it does not know and no follow of their account is recorded
    (a lawyer bound on the lawyers' account without following it); True otherwise."""
    if lawyer is None or not lawyer.openid:
        return True
    if lawyer.follows is not None:
        return lawyer.follows
    recorded = followers.follows_account(lawyer.openid_account or default_account, lawyer.openid)
    return recorded is not False if lawyer.openid_account is None else recorded is True
