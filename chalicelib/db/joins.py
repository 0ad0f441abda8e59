"""Lawyers' self-registration requests (issue 11, `chalicelib/roster/join.py`): the request, the
openid's pointer to its latest request (the one-pending-per-openid claim), and one listing per county
the request names, through which the staff of the bureaus serving those counties find it.
"""
from pynamodb.attributes import ListAttribute, UnicodeAttribute

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
    photo_key = UnicodeAttribute()
    consented_at = UnicodeAttribute()
    created_at = UnicodeAttribute()
    status = UnicodeAttribute(default="pending")  # pending | approved | refused
    reason = UnicodeAttribute(null=True)  # why it was refused
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    lawyer_id = UnicodeAttribute(null=True)  # the profile it was bound to

    def keys(self):
        return {"PK": f"JOINREQ#{self.request_id}", "SK": "REQUEST"}

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
