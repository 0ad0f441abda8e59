"""What the consultation rules need from the world beyond the shared context (chalicelib/context.py:
now, the bureau, where pages live, who hears staff alerts, the store, what to do with notifications
just committed, ids): the policy, the categories, the bureau's home county. Routes and the sweep
build one from the composition root (`context`); tests and the SLA simulation build their own with
a simulated `now` (and, for unit tests, an in-memory store). The sweep's handlers for Consultation
and Dispatch live here too: they only build the context for `sla`."""
import secrets
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from chalicelib import after_commit
from chalicelib.context import Context, shared
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
class Ctx(Context):
    """The shared context (chalicelib/context.py) with what only consultations need."""
    new_id: Callable = new_id
    staff_openids: Callable = staff_openids  # (bureau) -> openids of that bureau's staff to alert
    policy: ConsultationPolicy = field(default_factory=ConsultationPolicy)
    bureau_county: str = ""
    # After commit: bring these lawyers' reach slots in step with their profiles (db/reach.py)
    reach: Callable = lambda lawyer_ids: None
    bureau_label: Callable = lambda code: None  # a bureau's short name (信丰), for the workbench
    # A bureau's counties (the duty tier re-checks its roster against them); None: not known, and
    # the roster is taken as saved
    bureau_regions: Callable = lambda code: None
    load_categories: Callable = None  # () -> categories; by default the cached table query

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
        ids = super().committed(ids)
        reaching = [lawyer.lawyer_id for lawyer in lawyers if lawyer is not None and served(lawyer)]
        if reaching:
            self.reach(reaching)
        return ids


def context(services, now=None, *, bureau=None):
    """A Ctx from the composition root (routes, the sweep, which passes the due item's bureau): the
    shared part (chalicelib.context.shared), and the reach slots of lawyers it changed are rewritten
    after commit."""
    from chalicelib import bureaus

    common = shared(services, now, bureau=bureau)
    settings = services.settings
    return Ctx(**common, policy=settings.consultation,
               bureau_county=home_county(settings, bureau),
               reach=lambda lawyer_ids: after_commit.soon("Lawyer", lawyer_ids, services),
               bureau_label=lambda code: bureaus.label(code, settings, time.monotonic()),
               bureau_regions=lambda code: _regions(bureaus.cached_bureau(settings, code,
                                                                          time.monotonic())))


def _regions(bureau):
    return list(bureau.regions or []) if bureau is not None else None


def consultation_due(item, now, services):
    """The sweep's handler for Consultation (wiring.due_handlers), run in the item's bureau (its
    roster, its staff: design §5)."""
    return sla.consultation_due(item, context(services, now, bureau=getattr(item, "bureau", None)))


def dispatch_due(item, now, services):
    """The sweep's handler for Dispatch (wiring.due_handlers), run in the item's bureau."""
    return sla.dispatch_due(item, context(services, now, bureau=getattr(item, "bureau", None)))


def home_county(settings, bureau):
    """Where a question asked at `bureau` is, unless the asker says: the bureau's first region (the
    default bureau's is settings' county, read without the table)."""
    from chalicelib import bureaus

    if not bureau or bureau == settings.default_bureau:
        return settings.bureau_county
    found = bureaus.cached_bureau(settings, bureau, time.monotonic())
    return found.regions[0] if found and found.regions else settings.bureau_county
