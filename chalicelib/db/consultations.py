"""The Consultation entity (minimal: what intake from chat writes; issue 4 grows it) and its access
patterns: a citizen's consultations newest first (AP-30), and attaching chat media to one."""
from pynamodb.attributes import ListAttribute, MapAttribute, UnicodeAttribute

from chalicelib.clock import parse_instant
from chalicelib.db.base import Item
from chalicelib.workdays import china_date


class Attachment(MapAttribute):
    """A photo or voice note sent in chat. WeChat keeps `media_id` for 3 days only; copying the media
    to our bucket is delivery's work, never the reply path's (it would need the API)."""
    kind = UnicodeAttribute()  # image | voice
    media_id = UnicodeAttribute(null=True)
    pic_url = UnicodeAttribute(null=True)
    format = UnicodeAttribute(null=True)  # voice: amr | speex
    msg_id = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute()


class Consultation(Item, discriminator="Consultation"):
    """A citizen's legal question. `id` is the number the citizen sees (ZX20260302-7K3QDM)."""
    id = UnicodeAttribute()
    openid = UnicodeAttribute()
    category = UnicodeAttribute()
    question = UnicodeAttribute()
    source = UnicodeAttribute()  # chat | h5
    county = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    attachments = ListAttribute(of=Attachment, default=list)

    def keys(self):
        # The day partition is the China date: staff count "today" in Beijing time, not UTC.
        day = china_date(parse_instant(self.created_at)).isoformat()
        return {"PK": f"CONS#{self.id}", "SK": "META",
                "GSI1PK": f"CITIZEN#{self.openid}", "GSI1SK": f"CONS#{self.created_at}",
                "GSI2PK": f"CONSDAY#{day}", "GSI2SK": f"{self.created_at}#{self.id}"}


def citizen_consultations(openid, limit=20):
    """AP-30: a citizen's consultations, newest first."""
    return list(Item.gsi1.query(f"CITIZEN#{openid}", Item.GSI1SK.startswith("CONS#"),
                                scan_index_forward=False, limit=limit))


def newest_open_consultation(openid, open_statuses, look_back=5):
    """The citizen's most recent consultation still open, among their last few (one query).

    Older open ones are not looked for: a photo sent in chat belongs with what the citizen asked last.
    """
    for item in citizen_consultations(openid, limit=look_back):
        if isinstance(item, Consultation) and item.status in open_statuses:
            return item
    return None


def attach_actions(attachment):
    """Update actions appending one attachment (list_append: concurrent appends both survive)."""
    return [Consultation.attachments.set(Consultation.attachments.append([attachment]))]


def still_open(open_statuses):
    """The condition an attachment is written under: the consultation exists and is still open."""
    return Consultation.PK.exists() & Consultation.status.is_in(*open_statuses)
