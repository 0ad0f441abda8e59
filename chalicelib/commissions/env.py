"""What the commission rules need from the world, passed in: now, the policy, where pages live,
what to do with notifications just committed, ids, the store their effects are committed to. Routes and the sweep build one from the
composition root (`from_services`); tests may build their own."""
import secrets
from dataclasses import dataclass, field
from typing import Callable

from chalicelib import after_commit
from chalicelib.commissions.policy import CommissionPolicy
from chalicelib.db.store import TABLE

# The services a citizen may ask for (the bureau's catalogue, issue 12).
SERVICES = ("文书代写", "劳动仲裁代理", "民事诉讼代理", "调解代理", "法律顾问", "其他")
# Why the citizen declined a quote, if they say (POST /api/commissions/{id}/decline): code → label.
DECLINE_REASONS = {"price": "价格太高", "scope": "服务范围不合适", "compare": "想再比较", "other": "其他"}
OPEN_STATUSES = ("offered", "accepted", "lapsed")  # a citizen may still cancel
# Every status, in the order a commission moves through them (the staff figures read each).
STATUSES = ("offered", "accepted", "confirmed", "in_service", "completed", "lapsed", "expired",
            "cancelled")
# The accepting lawyer reads the contact the citizen shared from the confirm on.
CONTACT_STATUSES = ("confirmed", "in_service", "completed")


def new_id(now):
    """`WT<China date>-<8 hex>`: read over the phone like a consultation's number."""
    from chalicelib.workdays import china_date

    return f"WT{china_date(now):%Y%m%d}-{secrets.token_hex(4).upper()}"


@dataclass
class Env:
    now: object  # an aware UTC datetime
    policy: CommissionPolicy = field(default_factory=CommissionPolicy)
    public_base_url: str = ""
    default_bureau: str = ""
    home_county: Callable = lambda bureau: None  # a bureau's first region
    on_commit: Callable = lambda ids: None  # notification ids just committed
    reach: Callable = lambda lawyers: None  # lawyers whose stars changed: refresh their reach slots
    new_id: Callable = new_id
    store: object = TABLE  # `commit(effects)` (chalicelib/db/store.py)
    sent: list = field(default_factory=list)

    def committed(self, ids):
        ids = [i for i in ids if i]
        if ids:
            self.sent.extend(ids)
            self.on_commit(ids)

    def url(self, path):
        return f"{self.public_base_url}{path}"


def home_county(settings, bureau):
    """Where a commission asked at `bureau` is, unless the citizen says: the bureau's first region."""
    import time

    from chalicelib import bureaus

    if not bureau or bureau == settings.default_bureau:
        return settings.bureau_county
    found = bureaus.cached_bureau(settings, bureau, time.monotonic())
    return found.regions[0] if found and found.regions else settings.bureau_county


def from_services(services, now=None):
    services.table()
    settings = services.settings
    return Env(now=now or services.clock.now(), policy=settings.commission,
               public_base_url=settings.public_base_url, default_bureau=settings.default_bureau,
               home_county=lambda bureau: home_county(settings, bureau),
               on_commit=lambda ids: after_commit.soon("Notification", ids, services),
               reach=lambda lawyers: _reach(lawyers, services))


def _reach(lawyers, services):
    """Lawyers serving other counties keep their stars on reach slots too (db/reach.py)."""
    from chalicelib.db.reach import served

    ids = [lawyer.lawyer_id for lawyer in lawyers if lawyer is not None and served(lawyer)]
    if ids:
        after_commit.soon("Lawyer", ids, services)
