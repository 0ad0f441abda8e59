"""The composition root: the one place real collaborators are created (lazily) and wired.

Routes and scheduled functions ask `services()` for what they need; tests install their own with
`use(Services(settings=..., clock=...))`. Two tables say what runs without a request:
`due_handlers()` (the sweep: entity → handler) and `after_commit_map()` (what a commit inserted →
the work it starts), read by the scheduled sweep, the table's stream, the local worker and bench/.
"""
from functools import cached_property

from chalicelib import aws, settings as settings_module
from chalicelib.clock import SystemClock


class Services:
    def __init__(self, settings=None, clock=None):
        self._settings = settings
        self._clock = clock
        self._bound = False

    @cached_property
    def settings(self):
        return self._settings or settings_module.get_settings()

    @cached_property
    def clock(self):
        return self._clock or SystemClock()

    def table(self):
        """Bind the table models to the configured table, once for these services (db/base.py: one
        Binding replaced whole, no model's Meta written); returns the settings' table name."""
        if not self._bound:
            from chalicelib.db.base import bind

            bind(self.settings)
            self._bound = True
        return self.settings.table_name

    def accounts(self):
        """The Official Accounts registry: public parts from the table, secrets from SSM or the
        environment, each cached for 5 minutes per function instance."""
        if "_accounts" not in self.__dict__:
            from chalicelib.accounts import Accounts, secrets_for

            self.table()
            secrets = secrets_for(self.settings, self.clock, ssm_client=lambda: self.ssm())
            self._accounts = Accounts(self.settings, self.clock, secrets)
        return self._accounts

    def wechat_api(self, account=None):
        """The WeChat API client of one Official Account (default: the default bureau's), with its
        own access token item `WECHAT#<account>`. None when the account is unknown or has no
        secrets."""
        from chalicelib.db.messaging import TableTokenStore
        from chalicelib.wechat.api import WeChatAPI
        from chalicelib.wechat.relay import relay_for

        account = account or self.settings.default_bureau
        config = self.accounts().resolve(account)
        if config is None:
            return None
        clients = self.__dict__.setdefault("_wechat_apis", {})
        known = clients.get(account)
        if known is None or (known.appid, known.secret) != (config.appid, config.appsecret):
            known = WeChatAPI(self.settings.wechat_api_base, config.appid, config.appsecret,
                              store=TableTokenStore(account), clock=self.clock,
                              relay=relay_for(self.settings))
            clients[account] = known
        return known

    def senders(self):
        """What delivery asks for a notification's account: (client, template ids)."""
        return AccountSenders(self)

    def s3(self):
        return aws.client("s3", self.settings)

    def dynamodb(self):
        return aws.client("dynamodb", self.settings)

    def ssm(self):
        return aws.client("ssm", self.settings)


class AccountSenders:
    """delivery's view of the accounts: `for_account(name)` → (WeChat client or None, templates)."""

    def __init__(self, services):
        self.services = services

    def for_account(self, account):
        account = account or self.services.settings.default_bureau
        config = self.services.accounts().resolve(account)
        if config is None:
            return None, {}
        return self.services.wechat_api(account), config.templates


_current = None


def services():
    global _current
    if _current is None:
        _current = Services()
    return _current


def use(replacement):
    """Install `replacement` as the process's services (tests); returns it."""
    global _current
    _current = replacement
    return replacement


def due_handlers():
    """The sweep's table: every entity that can carry a DUE key → its `sweep.Due` handler.
    tests/unit/test_due_handlers.py fails when a model writes a DUE key and has no row here."""
    from chalicelib import delivery_triggers, media_copy
    from chalicelib.applications import runtime as applications
    from chalicelib.commissions import due as commissions
    from chalicelib.consultations import context as consultations
    from chalicelib.privacy import retention
    from chalicelib.reports import job as report_job
    from chalicelib.roster import lifecycle as lawyer_lifecycle
    from chalicelib.sweep import Due

    return {
        "Application": Due(applications.application_due),
        "Commission": Due(commissions.commission_due),  # push rounds, expiry, directed wait
        "Consultation": Due(consultations.consultation_due),
        "Dispatch": Due(consultations.dispatch_due),
        "DraftExpiry": Due(retention.draft_due),  # an application draft left untouched (privacy.md)
        # a paused lawyer back on their return date; the annual assessment's reminders and lapse
        "JoinRequest": Due(retention.join_due),  # a decided self-registration's photo, then record
        "Lawyer": Due(lawyer_lifecycle.lawyer_due),
        "MediaCopy": Due(media_copy.copy_due, per_run=media_copy.PER_SWEEP),
        "Notification": Due(delivery_triggers.retry_due),
        "ReportJob": Due(report_job.report_job),  # a bureau's monthly report, at month end
        "RetentionJob": Due(retention.retention_due),  # a bureau's consultation content, anonymised
    }


def after_commit_map():
    """What a commit wrote → the work to start at once (`after_commit.Work`). A row marked
    `swept` also has a due handler: the sweep does the same work within a minute if this path
    missed it."""
    from chalicelib import delivery_triggers, reach_triggers, starter
    from chalicelib.after_commit import Work

    return {
        "Consultation": Work("id", starter.start_now),  # a chat question's tier-1 dispatch
        "Notification": Work("notification_id", delivery_triggers.deliver_now),
        # A lawyer serving other counties: their reach slots follow the profile just written. Not
        # swept: a lost refresh only leaves an index entry stale, and dispatch re-reads the profile.
        "Lawyer": Work("lawyer_id", reach_triggers.refresh_now, events=("INSERT", "MODIFY"),
                       when="serves", swept=False),
    }
