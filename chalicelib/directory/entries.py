"""A listed lawyer as anyone may see them (社区律师, issue 12): an allow-list of the profile's fields,
the published items that still fit the catalogue, and the platform's figures — never a phone
number or an openid."""
from chalicelib.directory import catalogue, offerings, portrait
from chalicelib.directory.figures import figures


class Catalogues:
    """Catalogue items by bureau, each read once per request."""

    def __init__(self, read):
        self.read, self.found = read, {}

    def __call__(self, bureau):
        if bureau not in self.found:
            self.found[bureau] = catalogue.items_of(bureau, self.read)
        return self.found[bureau]


def entry(lawyer, stats, published, entries, names, photo_url=None):
    """What anyone may see of a listed lawyer (an allow-list); `photo_url`: the portrait's
    short-lived link, or None (the page shows the name's initial)."""
    figures_now = figures(lawyer, stats)
    return {"id": lawyer.lawyer_id, "name": lawyer.name, "firm": lawyer.firm, "photo_url": photo_url,
            "years_in_practice": int(lawyer.years_in_practice or 0),
            "specialties": [{"code": c, "name": names.get(c, c)} for c in lawyer.specialties or []],
            "services": offerings.shown(published.items, entries) if published else [],
            "verified": True, "stars": figures_now["stars"], "figures": figures_now}


def rows(found, names, reads):
    """The entries of `found` (profiles, in order): one batch get of their counters and items
    (AP-214) and each bureau's catalogue once (AP-210); portraits signed by `reads.presign`."""
    stats, published = reads.extras([p.lawyer_id for p in found])
    entries = Catalogues(reads.catalogue)
    return [entry(p, stats.get(p.lawyer_id), published.get(p.lawyer_id),
                  entries(published[p.lawyer_id].bureau) if p.lawyer_id in published else [], names,
                  portrait.url(p, reads.presign))
            for p in found]
