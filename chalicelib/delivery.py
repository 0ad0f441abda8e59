"""Sends what the outbox holds, at most once per attempt and never twice for one notification:
claim it under a lease (a conditional update that only one of delivery, the table's stream and a
racing sweep can win), send, settle while still holding the lease; a failed attempt is retried with
backoff by `sweep_due`, and after the last one the notification is parked for staff.

`deliver` is the plain core (its collaborators are passed in); what starts it — the after-commit
map (a local worker, the table's stream), the sweep — is in `chalicelib/delivery_triggers.py`.
"""
import logging
from dataclasses import dataclass, field, replace
from datetime import timedelta

from chalicelib import citizen_channel, notice_kinds
from chalicelib.citizen_channel import Sent, msgid_of
from chalicelib.logs import log
from chalicelib.wechat.api import NOT_FOLLOWING, ApiError, ApiUnavailable



@dataclass(frozen=True)
class Policy:
    max_attempts: int = 6
    lease: timedelta = timedelta(seconds=30)  # longer than the worst attempt: ~6 calls of 3 s
    first_backoff: timedelta = timedelta(minutes=1)  # then 2, 4, 8, 16 … minutes
    cs_limit: int = 5  # customer-service messages per 48 h after the user's last message
    cs_window: timedelta = timedelta(hours=48)
    templates: dict = field(default_factory=dict)  # template_key → {"template": id, "subscribe": id}
    # Local stand-ins accept any template id: there, on an account with no templates configured at
    # all, a missing id is sent as the key itself. Off the local stage (policy_from), or once an
    # account has templates, ids belong to an appid, so a missing one parks the notice at once as
    # template_unconfigured, where staff see it.
    key_as_template: bool = True

    def backoff(self, attempts):
        return self.first_backoff * 2 ** max(attempts - 1, 0)

    def template_id(self, template_key, channel):
        found = (self.templates.get(template_key) or {}).get(channel)
        if found:
            return found
        if self.key_as_template and not self.templates:
            return template_key
        raise TemplateUnconfigured(template_key, channel)

    def message(self, template_key, channel, data):
        """(template id, data as WeChat wants it): the notice's fields under the template's
        keywords, each fitted to its keyword's type (chalicelib/notice_kinds.py)."""
        template_id = self.template_id(template_key, channel)
        keywords = (self.templates.get(template_key) or {}).get(f"{channel}_keywords")
        found = notice_kinds.kind(template_key, channel)
        return template_id, notice_kinds.wechat_data(data, keywords, found.types if found else {})


class TemplateUnconfigured(Exception):
    """The sending account has no template id for this message: parked at once for staff."""

    def __init__(self, template_key, channel):
        super().__init__(f"template_unconfigured: {template_key} ({channel})")
        self.template_key, self.channel = template_key, channel


def policy_from(settings):
    return Policy(max_attempts=settings.notification_max_attempts,
                  templates=dict(settings.wechat_templates), key_as_template=settings.is_local)


def _sender(api, note, policy):
    """(client, templates) for the notification's account. `api` is one client (its templates are the
    policy's) or the composition root's senders, which know every account (`for_account`)."""
    if hasattr(api, "for_account"):
        return api.for_account(note.account)
    return api, policy.templates


@dataclass(frozen=True)
class Outcome:
    status: str  # sent | skipped | retry | failed | not_claimed
    detail: str = ""
    unreachable: bool = False  # the WeChat API did not answer usefully (counts toward an outage)


def deliver(notification_id, *, store, api, clock, policy=Policy()):
    """One attempt at one notification. `store` holds the outbox (claim, mark_*, citizen,
    reserve_cs_slot — `chalicelib.db.messaging`), `api` is the WeChat API client."""
    now = clock.now()
    note = store.claim(notification_id, now, now + policy.lease)
    if note is None:
        return Outcome("not_claimed")
    client, templates = _sender(api, note, policy)
    if client is None:  # the account is unknown or has no secrets: no retry can fix that
        store.mark_failed(note, now, "account_unconfigured")
        log("outbox_account_unconfigured", logging.ERROR, notification=notification_id,
            account=note.account)
        return Outcome("failed", "account_unconfigured")
    try:
        result = _send(note, store, client, now, replace(policy, templates=templates))
    except TemplateUnconfigured as exc:
        store.mark_failed(note, now, "template_unconfigured")
        log("outbox_template_unconfigured", logging.ERROR, notification=notification_id,
            account=note.account, template_key=exc.template_key, channel=exc.channel)
        return Outcome("failed", "template_unconfigured")
    except ApiError as exc:
        if exc.errcode == NOT_FOLLOWING:
            return _skip(note, store, now, "not_following")
        return _failed_attempt(note, store, now, policy, str(exc), exc.retryable,
                               isinstance(exc, ApiUnavailable))
    except Exception as exc:  # the table or a bug mid-attempt: retried like any other failure
        log("outbox_attempt_crashed", logging.ERROR, exc_info=True, notification=notification_id)
        return _failed_attempt(note, store, now, policy, type(exc).__name__, True, False)
    if result.skipped:
        return _skip(note, store, now, result.skipped)
    if result.parked:  # nothing WeChat would deliver: staff see it (reason 未授权)
        store.mark_failed(note, now, result.parked)
        log("outbox_not_authorised", logging.WARNING, notification=notification_id,
            account=note.account, template_key=note.template_key, fallback=result.fallback)
        return Outcome("failed", result.parked)
    if store.mark_sent(note, now, msgid=result.msgid, channel_used=result.channel,
                       fallback_reason=result.fallback) is None:
        # Sent, but our lease ran out first and someone else holds the record now.
        log("outbox_lease_lost_after_send", logging.ERROR, notification=notification_id)
    log("outbox_sent", notification=notification_id, channel=result.channel,
        fallback=result.fallback, attempt=note.attempts)
    return Outcome("sent", result.channel)


def _send(note, store, api, now, policy):
    payload = note.payload or {}
    if note.audience == "citizen":
        return citizen_channel.send(note, store, api, now, policy)
    if note.audience == "followers":  # a mass send: no template, no recipient of its own
        answer = api.mass_send_text(payload.get("text"))
        return Sent("mass", str((answer or {}).get("msg_id") or msgid_of(answer)))
    template_id, data = policy.message(note.template_key, "template", payload.get("data"))
    answer = api.send_template(note.to_openid, template_id, data, url=payload.get("url"))
    return Sent("template", msgid_of(answer))


def _skip(note, store, now, reason):
    store.mark_skipped(note, now, reason)
    log("outbox_skipped", notification=note.notification_id, reason=reason)
    return Outcome("skipped", reason)


def _failed_attempt(note, store, now, policy, error, retryable, unreachable):
    error = error[:300]
    if retryable and note.attempts < policy.max_attempts:
        store.mark_retry(note, error, now + policy.backoff(note.attempts))
        status = "retry"
    else:
        store.mark_failed(note, now, error)
        status = "failed"
    log("outbox_attempt_failed", logging.WARNING, notification=note.notification_id,
        attempt=note.attempts, error=error, outcome=status)
    return Outcome(status, error, unreachable)
