"""Entity models on the single table. Each computes its own keys; shapes are in docs/data-model.md."""
from pynamodb.attributes import (
    BooleanAttribute, JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute)

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.locking import Lock
from chalicelib.settings import get_settings


class Category(Item, discriminator="Category"):
    """A legal matter category (劳动争议 …); payout_fen is what the bureau pays for a 中标 answer."""
    code = UnicodeAttribute()
    name = UnicodeAttribute()
    keywords = ListAttribute(of=UnicodeAttribute, default=list)
    payout_fen = NumberAttribute(default=0)
    order = NumberAttribute(default=0)

    def keys(self):
        return {"PK": "CATEGORY", "SK": f"{self.order:03d}#{self.code}"}


class Region(Item, discriminator="Region"):
    """Province, city or county, by its GB/T 2260 code."""
    code = UnicodeAttribute()
    name = UnicodeAttribute()
    level = UnicodeAttribute()  # province | city | county
    parent = UnicodeAttribute(null=True)
    city = UnicodeAttribute(null=True)
    province = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"REGION#{self.code}", "SK": "REGION",
                "GSI1PK": f"REGION_CHILDREN#{self.parent or 'CN'}", "GSI1SK": self.code}


class Lawyer(Item, discriminator="Lawyer"):
    """A lawyer's profile; found by id, by WeChat openid through GSI3, and among the lawyers of
    their home county by name through GSI1 (the directory staff search, AP-10b). `serves` lists
    other counties they take questions from (db/reach.py derives their reach slots and directory
    entries there); absent when none."""
    lawyer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    licence_no = UnicodeAttribute()
    firm = UnicodeAttribute()
    county = UnicodeAttribute()
    city = UnicodeAttribute()
    province = UnicodeAttribute()
    specialties = ListAttribute(of=UnicodeAttribute, default=list)
    years_in_practice = NumberAttribute(default=0)
    stars = NumberAttribute(default=0)
    openid = UnicodeAttribute(null=True)
    # The Official Account that openid belongs to: `lawyers` once bound there; absent for lawyers
    # bound before issue 10, whose openid is the default bureau's (docs/decisions/many-bureaus.md §3).
    openid_account = UnicodeAttribute(null=True)
    community = BooleanAttribute(default=False)  # 社区律师
    serves = ListAttribute(of=UnicodeAttribute, null=True)  # at most 8 counties besides `county`
    mobile = UnicodeAttribute(null=True)  # from the bureau's roster (staff only, never public)
    photo_key = UnicodeAttribute(null=True)  # the portrait (directory/portrait.py): shown presigned
    # Lifecycle (issue 11, chalicelib/roster/status.py): absent or `active`; `paused` (holiday) until
    # `paused_until` (a China date; `resume_at` is its first instant, when the sweep makes them
    # active again); `suspended` by staff with a reason. Only an active lawyer is in the pools.
    status = UnicodeAttribute(null=True)
    paused_until = UnicodeAttribute(null=True)
    resume_at = UnicodeAttribute(null=True)
    status_reason = UnicodeAttribute(null=True)
    status_by = UnicodeAttribute(null=True)
    status_at = UnicodeAttribute(null=True)
    # Whether the bound openid follows its account (issue 11, chalicelib/roster/follow.py): written
    # from WeChat's subscribe/unsubscribe events as of `follows_at` (the event's time). False keeps
    # the lawyer out of every dispatch tier (template messages reach only followers); absent on a
    # profile bound before follow tracking (counted, as before) — the seeds write True.
    follows = BooleanAttribute(null=True)
    follows_at = UnicodeAttribute(null=True)
    # The annual assessment (年度考核, chalicelib/roster/assessment.py): due on this China date;
    # `assessment_step` is the last step the sweep took for it (reminded_30, reminded_7, lapsed).
    assessment_due = UnicodeAttribute(null=True)
    assessment_step = UnicodeAttribute(null=True)
    open_questions = NumberAttribute(default=0)
    max_open_questions = NumberAttribute(default=5)
    last_dispatched_at = UnicodeAttribute(null=True)
    version = Lock()  # every write of the profile is locked (db/locking.py)

    def keys(self):
        computed = {"PK": f"LAWYER#{self.lawyer_id}", "SK": "PROFILE"}
        if self.county:
            computed.update(GSI1PK=keys.county_lawyers_key(self.county),
                            GSI1SK=f"{self.name}#{self.lawyer_id}")
        if self.openid:
            computed.update(GSI3PK=keys.openid_key(self.openid), GSI3SK="LAWYER")
        due = lawyer_due_at(self)  # back on their return date, or the assessment's next step
        if due:
            pk = computed["PK"]
            computed.update(DUEPK=keys.due_partition(pk), DUEAT=keys.due_key(due, pk))
        return computed

    def takes_questions(self):
        return takes_questions(self)


def takes_questions(lawyer):
    """Whether dispatch may reach the lawyer at all: active (neither paused, suspended nor waiting
    for verification; a profile written before the lifecycle has no `status` and is active) and
    not known to have unfollowed the account their notices come from."""
    return (getattr(lawyer, "status", None) or "active") == "active" and \
        getattr(lawyer, "follows", None) is not False


def lawyer_due_at(lawyer):
    """When the sweep next has work on this profile (UTC text), or None: the first instant of a
    paused lawyer's return date, or the annual assessment's next step (roster/assessment.py)."""
    from chalicelib.roster.assessment import next_step_at

    times = [next_step_at(lawyer)]
    if lawyer.status == "paused" and lawyer.resume_at:
        times.append(lawyer.resume_at)
    times = [t for t in times if t]
    return min(times) if times else None


class LawyerSlot(Item, discriminator="LawyerSlot"):
    """One lawyer × one specialty in the dispatch pools: county (GSI1), city (GSI2), province (GSI3),
    national (GSI4), each ordered by the fairness key. A lawyer at their open-question limit or
    unavailable has no slot entries (sparse), so dispatch never reads them."""
    lawyer_id = UnicodeAttribute()
    category = UnicodeAttribute()
    county = UnicodeAttribute()
    city = UnicodeAttribute()
    province = UnicodeAttribute()
    stars = NumberAttribute(default=0)
    last_dispatched_at = UnicodeAttribute(null=True)
    available = BooleanAttribute(default=True)

    def keys(self):
        computed = {"PK": f"LAWYER#{self.lawyer_id}", "SK": f"SLOT#{self.category}"}
        if self.available:
            order = keys.fairness_key(self.last_dispatched_at, self.stars, self.lawyer_id)
            for n, (level, code) in enumerate(
                    [("county", self.county), ("city", self.city), ("province", self.province),
                     ("national", keys.NATIONAL)], start=1):
                computed[f"GSI{n}PK"] = keys.pool_key(level, code, self.category)
                computed[f"GSI{n}SK"] = order
        return computed


class StaffAccount(Item, discriminator="StaffAccount"):
    """A bureau staff member (review, duty roster, finance, administration)."""
    staff_id = UnicodeAttribute()
    name = UnicodeAttribute()
    # Superseded by `roles` (issue 11): read by nothing, kept so older items still load.
    role = UnicodeAttribute(default="reviewer")
    # What they may do, sorted (chalicelib/auth/permissions.py). Absent on accounts from before
    # issue 11: those are admins during the transition (docs/staff-roles.md).
    roles = ListAttribute(of=UnicodeAttribute, null=True)
    created_at = UnicodeAttribute(null=True)
    bureau = UnicodeAttribute(null=True)  # the bureau they work for; absent means the default bureau
    openid = UnicodeAttribute(null=True)
    on_duty = BooleanAttribute(default=False)

    def keys(self):
        # A bureau's staff (AP-78) and those of them on duty, who hear alerts (AP-79); an account
        # without a bureau is the default bureau's (db/scoped.py reads the legacy `STAFF` list).
        bureau = self.bureau or get_settings().default_bureau
        computed = {"PK": f"STAFF#{self.staff_id}", "SK": "PROFILE",
                    "GSI1PK": keys.staff_list_key(bureau), "GSI1SK": self.staff_id,
                    "GSI2PK": keys.staff_on_duty_key(bureau) if self.on_duty else None,
                    "GSI2SK": self.staff_id if self.on_duty else None}
        if self.openid:
            computed.update(GSI3PK=keys.openid_key(self.openid), GSI3SK="STAFF")
        return computed


class Law(Item, discriminator="Law"):
    """A statute in the law library; its articles are LawArticle items in the same partition."""
    slug = UnicodeAttribute()
    title = UnicodeAttribute()
    category = UnicodeAttribute(null=True)
    revised_on = UnicodeAttribute(null=True)
    article_count = NumberAttribute(default=0)
    source = UnicodeAttribute(null=True)
    history = UnicodeAttribute(null=True)
    # The seeded text's first day in force when known; absent: in force before any later version.
    effective_on = UnicodeAttribute(null=True)
    # A later text is known to be in force from this day but the library does not hold it yet
    # (网络安全法: amended from 2026-01-01): the list says so instead of calling the text current.
    superseded_on = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"LAW#{self.slug}", "SK": "META",
                "GSI1PK": "LAWS", "GSI1SK": f"{self.category or ''}#{self.slug}"}


class LawVersion(Item, discriminator="LawVersion"):
    """A later text of a law (issue 13): in force from `effective_on`, its articles are LawArticle
    items under `prefix` (`VER#<effective_on>#<digest>#ART#…`) in the law's partition. It sits next
    to its law in GSI1 `LAWS`, so the law list reads every law's versions in the same one query."""
    slug = UnicodeAttribute()
    category = UnicodeAttribute(null=True)
    effective_on = UnicodeAttribute()  # YYYY-MM-DD, China date; the version's id
    revised_on = UnicodeAttribute(null=True)
    title = UnicodeAttribute()
    history = UnicodeAttribute(null=True)
    article_count = NumberAttribute(default=0)
    prefix = UnicodeAttribute()
    source = UnicodeAttribute(null=True)
    imported_by = UnicodeAttribute(null=True)  # staff id; absent for a seeded version
    imported_at = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"LAW#{self.slug}", "SK": f"VERSION#{self.effective_on}",
                "GSI1PK": "LAWS", "GSI1SK": f"{self.category or ''}#{self.slug}#{self.effective_on}"}


class LawArticle(Item, discriminator="LawArticle"):
    slug = UnicodeAttribute()
    number = NumberAttribute()  # reading order
    label = UnicodeAttribute()  # 第X条 (第X条之一 …)
    chapter = UnicodeAttribute(null=True)
    text = UnicodeAttribute()
    prefix = UnicodeAttribute(null=True)  # a LawVersion's articles; absent: the seeded text's

    def keys(self):
        return {"PK": f"LAW#{self.slug}", "SK": f"{self.prefix or 'ART#'}{int(self.number):05d}"}


class Case(Item, discriminator="Case"):
    """A typical case for 以案释法."""
    slug = UnicodeAttribute()
    title = UnicodeAttribute()
    topic = UnicodeAttribute()
    body = UnicodeAttribute()
    source = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"CASE#{self.slug}", "SK": "CASE",
                "GSI1PK": "CASES", "GSI1SK": f"{self.topic}#{self.slug}"}


class ServiceType(Item, discriminator="ServiceType"):
    """An application type of the service catalog: its form fields, materials and deadline rules."""
    service_type = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    fields = JSONAttribute(default=list)
    materials = JSONAttribute(default=list)
    deadlines = JSONAttribute(default=dict)
    offices = JSONAttribute(default=list)  # [{code, name, address}]: where visits are booked
    order = NumberAttribute(default=0)

    def keys(self):
        return {"PK": "SERVICE_TYPE", "SK": f"{self.order:03d}#{self.service_type}"}


class Citizen(Item, discriminator="Citizen"):
    """A citizen known by their WeChat openid. Profile data only: removed on unsubscribe, while
    their legal records (consultations, applications) are kept on their own retention basis."""
    openid = UnicodeAttribute()
    subscribed = BooleanAttribute(default=False)
    subscribed_at = UnicodeAttribute(null=True)
    scene = UnicodeAttribute(null=True)  # QR scene they followed from
    # Customer-service messages are allowed for 48 h after the user's last message (5 at most).
    last_inbound_at = UnicodeAttribute(null=True)
    cs_sent_since_inbound = NumberAttribute(default=0)
    consents = JSONAttribute(default=dict)  # {"sensitive_data": "<iso time>", "share_question": …}
    # The Official Account the openid belongs to, set on first sight and never changed (AP-95);
    # absent on profiles from before issue 10 (the default bureau's account).
    account = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": "PROFILE"}
