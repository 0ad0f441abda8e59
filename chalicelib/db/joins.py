"""Lawyers' self-registration requests (issue 11, `chalicelib/roster/join.py`): the request, the
openid's pointer to its latest request (the one-pending-per-openid claim), and one listing per county
the request names, through which the staff of the bureaus serving those counties find it.
"""
from pynamodb.attributes import ListAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item


class JoinRequest(Item, discriminator="JoinRequest"):
    """What a lawyer entered, the licence photo's stored key, and how staff decided it."""
    request_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    account = UnicodeAttribute()  # the Official Account the openid belongs to (`lawyers`)
    name = UnicodeAttribute()
    licence_no = UnicodeAttribute()
    firm = UnicodeAttribute()
    county = UnicodeAttribute()  # home county: the first listed
    serves = ListAttribute(of=UnicodeAttribute, default=list)
    specialties = ListAttribute(of=UnicodeAttribute, default=list)
    photo_key = UnicodeAttribute(null=True)  # removed JOIN_PHOTO after the decision (docs/privacy.md)
    consented_at = UnicodeAttribute()
    created_at = UnicodeAttribute()
    status = UnicodeAttribute(default="pending")  # pending | approved | refused
    reason = UnicodeAttribute(null=True)  # why it was refused
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    lawyer_id = UnicodeAttribute(null=True)  # the profile it was bound to
    retain_until = UnicodeAttribute(null=True)  # its next retention step is due (AP-182)

    def keys(self):
        pk = f"JOINREQ#{self.request_id}"
        computed = {"PK": pk, "SK": "REQUEST"}
        if self.retain_until:
            computed.update(DUEPK=keys.due_partition(pk), DUEAT=keys.due_key(self.retain_until, pk))
        return computed

    def due_actions(self):
        """Update actions writing the DUE keys `retain_until` gives (removing them without it)."""
        computed = self.keys()
        return [getattr(JoinRequest, k).set(computed[k]) if k in computed else getattr(JoinRequest, k).remove()
                for k in ("DUEPK", "DUEAT")]

    @property
    def counties(self):
        return [self.county] + [c for c in self.serves or [] if c != self.county]


class JoinLatest(Item, discriminator="JoinLatest"):
    """The openid's latest request and its status. Written with the request on `attribute_not_exists
    OR status <> pending`: one pending request per openid; the decision moves it on."""
    openid = UnicodeAttribute()
    request_id = UnicodeAttribute()
    status = UnicodeAttribute()

    def keys(self):
        return {"PK": f"JOIN#{self.openid}", "SK": "LATEST"}


class JoinListing(Item, discriminator="JoinListing"):
    """A pending request in the list of one county it names; deleted by the decision."""
    request_id = UnicodeAttribute()
    county = UnicodeAttribute()
    created_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"JOINREQ#{self.request_id}", "SK": f"COUNTY#{self.county}",
                "GSI1PK": f"JOINS#{self.county}", "GSI1SK": f"{self.created_at}#{self.request_id}"}


def latest(openid):
    """The openid's latest request, or None (GetItem of the pointer, then of the request)."""
    try:
        pointer = JoinLatest.get(f"JOIN#{openid}", "LATEST", consistent_read=True)
        return JoinRequest.get(f"JOINREQ#{pointer.request_id}", "REQUEST", consistent_read=True)
    except (JoinLatest.DoesNotExist, JoinRequest.DoesNotExist):
        return None


def request(request_id):
    """A request and its listings (one Query of its partition); (None, []) when there is none."""
    found = list(Item.query(f"JOINREQ#{request_id}", consistent_read=True))
    req = next((i for i in found if isinstance(i, JoinRequest)), None)
    return req, [i for i in found if isinstance(i, JoinListing)]


def pending_in(counties, limit=200):
    """Pending requests naming any of `counties`, oldest first, each once: one Query of GSI1
    `JOINS#<county>` per county, then one BatchGetItem per 100 requests."""
    ids = []
    for county in dict.fromkeys(counties):
        for listing in Item.gsi1.query(f"JOINS#{county}", limit=limit):
            if isinstance(listing, JoinListing) and listing.request_id not in ids:
                ids.append(listing.request_id)
    found = JoinRequest.batch_get([(f"JOINREQ#{i}", "REQUEST") for i in ids[:limit]])
    return sorted((r for r in found if r.status == "pending"), key=lambda r: (r.created_at, r.request_id))


# -- writes and reads for chalicelib/roster/join*.py (nothing outside db/ touches the table) -------
def region(code):
    """The Region of `code`, or None (GetItem)."""
    from chalicelib.db.models import Region

    try:
        return Region.get(f"REGION#{code}", "REGION")
    except Region.DoesNotExist:
        return None


def region_names(codes):
    """{code: name} of these regions (one BatchGetItem per 100)."""
    from chalicelib.db.models import Region

    return {r.code: r.name for r in Region.batch_get([(f"REGION#{c}", "REGION") for c in set(codes)])}


def served_regions(default_bureau):
    """Every region some bureau serves: one Query of GSI1 `BUREAUS` (AP-71), plus `default_bureau`
    (a Bureau or None: the default bureau may exist only in the settings)."""
    from chalicelib.db.base import Item
    from chalicelib.db.bureaus import Bureau
    from chalicelib.db.keys import BUREAUS_PARTITION

    found = [b for b in Item.gsi1.query(BUREAUS_PARTITION) if isinstance(b, Bureau)]
    return list(dict.fromkeys(c for b in [default_bureau, *found] if b for c in (b.regions or [])))


def new_request(**fields):
    return JoinRequest(**fields)


def write_new(req, grant, claimed_as):
    """The request, the openid's pointer (on `attribute_not_exists OR status <> pending`), a
    listing per county and the photo grant used up, in one transaction. Raises TransactWriteError
    when refused."""
    from chalicelib.db.base import transact_write
    from chalicelib.db.consultations import PhotoGrant

    with transact_write() as tx:
        tx.save(req, condition=JoinRequest.PK.does_not_exist())
        tx.save(JoinLatest(openid=req.openid, request_id=req.request_id, status="pending"),
                condition=JoinLatest.PK.does_not_exist() | (JoinLatest.status != "pending"))
        for county in req.counties:
            tx.save(JoinListing(request_id=req.request_id, county=county, created_at=req.created_at))
        tx.update(grant, actions=[PhotoGrant.status.set("used"),
                                  PhotoGrant.consultation_id.set(claimed_as)],
                  condition=PhotoGrant.status == "granted")


def write_decision(req, listings, state, *, staff_id, at, extra, note, profile=None, created=False):
    """Decide a pending request in ONE transaction: the request and the openid's pointer moved on
    (only while pending), its listings deleted, `note` queued; approving also claims the openid for
    `profile` (as the binding code's redeem does) and writes it, created on `attribute_not_exists`
    or at the version read, with its home slots. Raises TransactWriteError when refused."""
    from chalicelib.db import pools
    from chalicelib.db.base import transact_write
    from chalicelib.db.identity import LawyerOpenid
    from chalicelib.db.locking import locked
    from chalicelib.db.messaging import Notification
    from chalicelib.db.models import Lawyer

    for name, value in extra.items():
        setattr(req, name, value)
    with transact_write() as tx:
        tx.update(req, [JoinRequest.status.set(state), JoinRequest.decided_by.set(staff_id),
                        JoinRequest.decided_at.set(at)]
                  + [getattr(JoinRequest, k).set(v) for k, v in extra.items()] + req.due_actions(),
                  condition=JoinRequest.status == "pending")
        tx.update(JoinLatest(openid=req.openid, request_id=req.request_id, status=state),
                  [JoinLatest.status.set(state)], condition=JoinLatest.request_id == req.request_id)
        for listing in listings:
            tx.delete(listing)
        tx.save(note, condition=Notification.PK.does_not_exist())
        if profile is None:
            return
        tx.save(LawyerOpenid(openid=req.openid, lawyer_id=profile.lawyer_id),
                condition=LawyerOpenid.PK.does_not_exist() | (LawyerOpenid.lawyer_id == profile.lawyer_id))
        held, _ = locked(profile)  # at the version read (a new profile: none held it)
        tx.save(profile, condition=(held & Lawyer.PK.does_not_exist()) if created else held)
        for slot in pools.slots_of(profile, available=pools.in_pools(profile),
                                   last_dispatched_at=profile.last_dispatched_at):
            tx.save(slot)

