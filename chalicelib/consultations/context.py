"""What the consultation rules need from the world, passed in: now, the policy, where pages live,
who hears staff alerts, how to start delivery, ids. Routes and the sweep build one from the
composition root; tests and the SLA simulation build their own with a simulated `now`."""
import secrets
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from chalicelib.db import queries
from chalicelib.db.models import StaffAccount
from chalicelib.db.reach import served
from chalicelib.settings import ConsultationPolicy


def new_id():
    """Answer and follow-up ids: 12 hex characters (48 random bits; unique within a consultation)."""
    return secrets.token_hex(6)


CATEGORY_CACHE_SECONDS = 300
_category_cache = {}


def cached_categories(now, load=queries.categories):
    """The categories, read at most once per 5 minutes of `now` per process: the sweep builds a
    context per due item, and staff edit categories rarely."""
    loaded_at, found = _category_cache.get(load, (None, None))
    if loaded_at is None or not 0 <= (now - loaded_at).total_seconds() < CATEGORY_CACHE_SECONDS:
        found = list(load())
        _category_cache[load] = (now, found)
    return found


def staff_openids():
    """Who hears staff alerts: staff on duty who follow the account, else every staff member who
    does (AP-14; a county office has a handful)."""
    staff = [s for s in StaffAccount.gsi1.query("STAFF") if s.openid]
    return [s.openid for s in staff if s.on_duty] or [s.openid for s in staff]


@dataclass
class Ctx:
    now: object  # an aware UTC datetime
    policy: ConsultationPolicy = field(default_factory=ConsultationPolicy)
    public_base_url: str = ""
    bureau_county: str = ""
    bureau: str = ""  # the bureau new consultations are asked at; "" = the default (issue 10)
    kick: Callable = lambda ids: None  # start delivering these notification ids (after commit)
    # After commit: bring these lawyers' reach slots in step with their profiles (db/reach.py)
    reach: Callable = lambda lawyer_ids: None
    bureau_label: Callable = lambda code: None  # a bureau's short name (信丰), for the workbench
    staff_openids: Callable = staff_openids
    new_id: Callable = new_id
    load_categories: Callable = None  # () -> categories; by default the cached table query
    sent: list = field(default_factory=list)  # notification ids committed through this context

    @cached_property
    def categories(self):
        found = self.load_categories() if self.load_categories else cached_categories(self.now)
        return {c.code: c for c in found}

    def category_name(self, code):
        category = self.categories.get(code)
        return category.name if category else code

    def payout_fen(self, code):
        category = self.categories.get(code)
        return int(category.payout_fen) if category and category.payout_fen else \
            self.policy.payout_default_fen

    def committed(self, ids, lawyers=()):
        """Notifications just committed: remember them and start their delivery. `lawyers` whose
        load, fairness or stars the commit changed and who serve other counties: refresh their
        reach slots."""
        ids = [i for i in ids if i]
        if ids:
            self.sent.extend(ids)
            self.kick(ids)
        reaching = [lawyer.lawyer_id for lawyer in lawyers if lawyer is not None and served(lawyer)]
        if reaching:
            self.reach(reaching)

    def url(self, path):
        return f"{self.public_base_url}{path}"


def context(services, now=None, *, kick=None):
    """A Ctx from the composition root (routes, the sweep)."""
    from chalicelib import bureaus, reach_triggers

    services.table()
    settings = services.settings
    now = now or services.clock.now()
    return Ctx(now=now, policy=settings.consultation,
               public_base_url=settings.public_base_url, bureau_county=settings.bureau_county,
               bureau=settings.default_bureau,
               kick=kick or (lambda ids: None),
               reach=lambda lawyer_ids: reach_triggers.refresh_soon(lawyer_ids, services),
               bureau_label=lambda code: bureaus.label(code, settings, time.monotonic()))
