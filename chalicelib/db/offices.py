"""A bureau's offices: where citizens visit to hand in originals (issue 10, AP-76).

`BUREAU#<code>` / `OFFICE#<office>` {name, address, services}. Before issue 10 the offices lived on
the service catalog (`ServiceType.offices`, one county's); those are read as the default bureau's
offices while it has no Office item of its own (design §8 "expand").
"""
from pynamodb.attributes import ListAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item


class Office(Item, discriminator="Office"):
    """`services` lists the service types (ServiceType.service_type) received there."""
    bureau = UnicodeAttribute()
    office = UnicodeAttribute()  # the code slots and appointments name it by
    name = UnicodeAttribute()
    address = UnicodeAttribute(default="")
    services = ListAttribute(of=UnicodeAttribute, default=list)

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau), "SK": keys.office_sk(self.office)}


def stored_offices(bureau):
    """AP-76: one bureau's Office items, by code."""
    return list(Office.query(keys.bureau_pk(bureau), Office.SK.startswith("OFFICE#")))


def catalog_offices(bureau, service_types):
    """The offices the service catalog names (legacy `ServiceType.offices`), as Office items of
    `bureau`, each with the services that name it."""
    found = {}
    for service in service_types:
        for entry in service.offices or []:
            office = found.setdefault(entry["code"], Office(
                bureau=bureau, office=entry["code"], name=entry["name"],
                address=entry.get("address") or "", services=[]))
            office.services.append(service.service_type)
    return [found[code] for code in sorted(found)]
