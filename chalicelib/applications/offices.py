"""Where a bureau receives visits: its Office items (AP-76), or — for the default bureau while it has
none — the offices the service catalog names (ServiceType.offices, before issue 10)."""
from chalicelib.db.applications import reads_legacy
from chalicelib.db.offices import catalog_offices, stored_offices


def offices_of(bureau, service_types, stored=stored_offices):
    """The bureau's offices, by code. `service_types` is a callable: read only for the fallback."""
    found = stored(bureau)
    if not found and reads_legacy(bureau):
        found = catalog_offices(bureau, service_types())
    return found


def view(office):
    return {"code": office.office, "name": office.name, "address": office.address or "",
            "services": list(office.services or [])}

