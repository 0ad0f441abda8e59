"""The lawyer roster a bureau imports (issue 11): `sheet` reads the file, `lines` checks each line,
`importer` plans and writes. `import_for(caller, data, ...)` is what the staff route calls."""
from chalicelib import bureaus
from chalicelib.db import queries
from chalicelib.errors import Forbidden
from chalicelib.roster.importer import import_roster
from chalicelib.roster.lines import Reference


def may_import_roster(caller):
    """The role check of the roster import. Issue 11 gives it to a bureau's admins; roles are not
    enforced yet, so every staff member of a bureau may import for that bureau. When roles land,
    this is where `admin` is required."""
    if caller is None or not caller.acts_as("staff"):
        raise Forbidden("仅限司法局工作人员导入律师名册", code="forbidden")


def reference_for(regions):
    """Counties of the provinces the bureau's regions are in (by code and name: ~12 queries of
    AP-04 for a province), any other county by its code on demand, and the categories (AP-01)."""
    counties = []
    for province in sorted({code[:2] + "0000" for code in regions}):
        for child in queries.child_regions(province):
            if child.level == "county":
                counties.append(child)
            else:
                counties += [r for r in queries.child_regions(child.code) if r.level == "county"]
    return Reference(counties, queries.categories(), fetch=queries.region)


def _regions(caller, settings):
    bureau = bureaus.known_bureau(settings, caller.bureau or settings.default_bureau)
    return list(bureau.regions or []) if bureau else []


def status_for(caller, lawyer_id, body, *, settings, now):
    """Set a lawyer's lifecycle status for the caller's bureau (same role check as the import)."""
    from chalicelib.roster.status import set_status

    may_import_roster(caller)
    return set_status(lawyer_id, body["status"], until=body.get("until"), reason=body.get("reason"),
                      staff_id=caller.staff_id or caller.id, regions=_regions(caller, settings),
                      now=now)


def import_for(caller, data, *, settings, now, dry_run):
    """Import `data` (a CSV or XLSX roster) for the caller's bureau."""
    may_import_roster(caller)
    regions = _regions(caller, settings)
    return import_roster(data, regions=regions, reference=reference_for(regions), now=now,
                         dry_run=dry_run)
