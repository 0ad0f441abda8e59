"""What the consultation rules need from the world, passed in: now, the policy, where pages live,
who hears staff alerts, what to do with notifications just committed, ids. Routes and the sweep
build one from the composition root (`context`, which wires the after-commit map in); tests and
the SLA simulation build their own with a simulated `now`. The sweep's handlers for Consultation
and Dispatch live here too: they only build the context for `sla`."""
import secrets
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from chalicelib import after_commit
from chalicelib.consultations import sla
from chalicelib.db import queries
from chalicelib.db.reach import served
from chalicelib.db.staff import staff_openids
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


@dataclass
class Ctx:
    now: object  # an aware UTC datetime
    policy: ConsultationPolicy = field(default_factory=ConsultationPolicy)
    public_base_url: str = ""
    bureau_county: str = ""
    bureau: str = ""  # the bureau new consultations are asked at; "" = the default (issue 10)
    on_commit: Callable = lambda ids: None  # notification ids just committed (after_commit.soon)
    # After commit: bring these lawyers' reach slots in step with their profiles (db/reach.py)
    reach: Callable = lambda lawyer_ids: None
    bureau_label: Callable = lambda code: None  # a bureau's short name (信丰), for the workbench
    staff_openids: Callable = staff_openids  # (bureau) -> openids of that bureau's staff to alert
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

    def committed(self, ids, lawyers=()):
        """Notifications just committed: remember them and start their delivery. `lawyers` whose
        load, fairness or stars the commit changed and who serve other counties: refresh their
        reach slots."""
        ids = [i for i in ids if i]
        if ids:
            self.sent.extend(ids)
            self.on_commit(ids)
        reaching = [lawyer.lawyer_id for lawyer in lawyers if lawyer is not None and served(lawyer)]
        if reaching:
            self.reach(reaching)

    def url(self, path):
        return f"{self.public_base_url}{path}"


def context(services, now=None, *, bureau=None):
    """A Ctx from the composition root (routes, the sweep, which passes the due item's bureau): what
    it commits goes to the after-commit map (run at once on the local stage; by the table's stream on
    AWS): its notifications are delivered, the reach slots of lawyers it changed are rewritten."""
    from chalicelib import bureaus

    services.table()
    settings = services.settings
    now = now or services.clock.now()
    return Ctx(now=now, policy=settings.consultation,
               public_base_url=settings.public_base_url, bureau_county=settings.bureau_county,
               bureau=bureau or settings.default_bureau,
               on_commit=lambda ids: after_commit.soon("Notification", ids, services),
               reach=lambda lawyer_ids: after_commit.soon("Lawyer", lawyer_ids, services),
               bureau_label=lambda code: bureaus.label(code, settings, time.monotonic()))


def consultation_due(item, now, services):
    """The sweep's handler for Consultation (wiring.due_handlers), run in the item's bureau (its
    roster, its staff: design §5)."""
    return sla.consultation_due(item, context(services, now, bureau=getattr(item, "bureau", None)))


def dispatch_due(item, now, services):
    """The sweep's handler for Dispatch (wiring.due_handlers), run in the item's bureau."""
    return sla.dispatch_due(item, context(services, now, bureau=getattr(item, "bureau", None)))
