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
        """Bind the table models to the configured table once; returns the settings' table name."""
        if not self._bound:
            from chalicelib.db.base import bind

            bind(self.settings)
            self._bound = True
        return self.settings.table_name

    def wechat_api(self):
        """The WeChat API client, its access token cached centrally in the table."""
        if "_wechat_api" not in self.__dict__:
            from chalicelib.db.messaging import TableTokenStore
            from chalicelib.wechat.api import WeChatAPI
            from chalicelib.wechat.relay import relay_for

            s = self.settings
            self._wechat_api = WeChatAPI(s.wechat_api_base, s.wechat_appid, s.wechat_appsecret,
                                         store=TableTokenStore(), clock=self.clock,
                                         relay=relay_for(s))
        return self._wechat_api

    def s3(self):
        return aws.client("s3", self.settings)

    def dynamodb(self):
        return aws.client("dynamodb", self.settings)


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
    from chalicelib.consultations import context as consultations
    from chalicelib.reports import job as report_job
    from chalicelib.sweep import Due

    return {
        "Application": Due(applications.application_due),
        "Consultation": Due(consultations.consultation_due),
        "Dispatch": Due(consultations.dispatch_due),
        "MediaCopy": Due(media_copy.copy_due, per_run=media_copy.PER_SWEEP),
        "Notification": Due(delivery_triggers.retry_due),
        "ReportJob": Due(report_job.report_job),  # a bureau's monthly report, at month end
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
