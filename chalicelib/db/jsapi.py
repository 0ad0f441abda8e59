"""An Official Account's JS-SDK ticket, shared by every function instance (AP-142):
`WECHAT#<account>` / `JSAPI_TICKET` {ticket, expires_at}. Two instances refreshing at once both store
a valid ticket; the last write wins, which is harmless."""
from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.clock import iso, parse_instant
from chalicelib.db import keys
from chalicelib.db.base import Item

SK = "JSAPI_TICKET"


class JsapiTicket(Item, discriminator="JsapiTicket"):
    account = UnicodeAttribute()
    ticket = UnicodeAttribute()
    valid_until = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.access_token_pk(self.account), "SK": SK}


class TicketStore:
    def __init__(self, account):
        self.account = account

    def get(self):
        try:
            item = JsapiTicket.get(keys.access_token_pk(self.account), SK)
        except DoesNotExist:
            return None
        return {"ticket": item.ticket, "expires_at": parse_instant(item.valid_until)}

    def save(self, ticket, expires_at):
        JsapiTicket(account=self.account, ticket=ticket, valid_until=iso(expires_at)).save()
