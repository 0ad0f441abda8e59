"""The one context every business rule is given: what it needs from the world, passed in.

Both halves use this type: consultations extend it with their policy and categories
(consultations/context.py `Ctx`), applications with their calendar, catalogue and offices
(applications/lifecycle.py `Context`). The composition root builds the shared part once
(`shared(services, ...)`); tests and the SLA simulation build their own with literals and fakes
(a simulated `now`, tests/unit/fake_store.py's store).
"""
import secrets
from dataclasses import dataclass, field
from typing import Callable

from chalicelib.db.store import TABLE


def new_id():
    """Ids made by a rule (answers, follow-ups, audit entries): 12 hex characters by default."""
    return secrets.token_hex(6)


def _nobody(bureau=None):
    return []


@dataclass
class Context:
    now: object  # an aware UTC datetime
    bureau: str = ""  # the bureau the work belongs to (new items are made at); "" = the default
    public_base_url: str = ""
    new_id: Callable = new_id
    on_commit: Callable = lambda ids: None  # notification ids just committed (after_commit.soon)
    staff_openids: Callable = _nobody  # (bureau) -> openids of that bureau's staff to alert
    store: object = TABLE  # reads and `commit(effects)` (chalicelib/db/store.py)
    sent: list = field(default_factory=list)  # notification ids committed through this context

    def commit(self, effects, **kwargs):
        """Write `effects` in one transaction through the store (db/effects.py for the errors)."""
        return self.store.commit(effects, **kwargs)

    def committed(self, ids):
        """Notifications just committed: remember them and start their delivery."""
        ids = [i for i in ids if i]
        if ids:
            self.sent.extend(ids)
            self.on_commit(ids)
        return ids

    def url(self, path):
        return f"{self.public_base_url}{path}"


def shared(services, now=None, *, bureau=None):
    """The shared fields of a context built by the composition root for `bureau` (default: the
    default bureau): what it commits goes to the after-commit map (run at once on the local stage;
    by the table's stream on AWS), staff alerts go to that bureau's staff."""
    from chalicelib import after_commit
    from chalicelib.db.staff import staff_openids

    services.table()
    settings = services.settings
    home = bureau or settings.default_bureau
    return dict(now=now or services.clock.now(), bureau=home,
                public_base_url=settings.public_base_url, store=TABLE,
                on_commit=lambda ids: after_commit.soon("Notification", ids, services),
                staff_openids=lambda for_bureau=None: staff_openids(for_bureau or home))
