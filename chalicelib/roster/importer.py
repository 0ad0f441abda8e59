"""Importing a bureau's lawyer roster (issue 11): a dry run says, line by line, what would be
created, changed, left as it is and refused; applying writes it, idempotently by licence number.

The lawyer id is "L" + the licence number, so the profile's key is the licence's claim: a profile
is created only with `attribute_not_exists(PK)`, and changed only at the version it was read at
(the same version dispatch writes under). Two imports of one licence — two lines, two clerks, a
retried request — can never make two profiles; a line that loses a race is read again and planned
again (it usually turns out unchanged). A new lawyer gets a dispatch slot per specialty in their
home county's pools and no openid: they bind later (binding code, or self-registration).

A bureau imports and changes only lawyers whose counties include one of its regions; every other
line is refused by itself, never the whole file.
"""
import dataclasses

from chalicelib.db import pools, reach
from chalicelib.db import roster as db
from chalicelib.db.writes import Cancelled
from chalicelib.roster import sheet
from chalicelib.roster.lines import check

FIELDS = ("name", "firm", "county", "serves", "specialties", "mobile")  # what a roster line sets
LABELS = {"name": "姓名", "firm": "律所", "county": "执业县区", "serves": "服务县区",
          "specialties": "专长", "mobile": "手机"}
ATTEMPTS = 3


@dataclasses.dataclass
class Report:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = dataclasses.field(default_factory=list)
    lines: list = dataclasses.field(default_factory=list)

    def refuse(self, line, message):
        self.errors.append({"line": line, "message": message})

    def count(self, line, outcome, changes):
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.lines.append({"line": line.line, "licence_no": line.licence_no, "name": line.name,
                           "outcome": outcome, "changes": [LABELS[f] for f in changes]})

    def body(self):
        self.errors.sort(key=lambda e: e["line"])
        self.lines.sort(key=lambda e: e["line"])
        return dataclasses.asdict(self)


def import_roster(data, *, regions, reference, now, dry_run):
    """Read, check and (unless `dry_run`) write the roster in `data` for a bureau serving `regions`;
    returns the contract's answer (Report.body())."""
    report, good, seen = Report(dry_run), [], {}
    for row in sheet.read(data):
        line, problems = check(row, reference, year=now.year)
        if problems:
            report.refuse(row.line, "；".join(problems))
        elif line.licence_no in seen:
            report.refuse(row.line, f"执业证号 {line.licence_no} 与第 {seen[line.licence_no]} 行重复")
        elif not set(line.counties) & set(regions):
            seen[line.licence_no] = row.line
            report.refuse(row.line, "服务县区中没有本局辖区的县区，不能由本局导入")
        else:
            seen[line.licence_no] = row.line
            good.append(line)
    found = pools.profiles([line.lawyer_id for line in good])
    for line in good:
        _one(line, found.get(line.lawyer_id), regions, reference, now, report)
    return report.body()


def _one(line, current, regions, reference, now, report):
    for attempt in range(ATTEMPTS):
        outcome, changes = plan(line, current, regions)
        if outcome == "refused":
            report.refuse(line.line, "该律师由其他司法局管理（执业和服务县区都不在本局辖区），不能由本局修改")
            return
        if report.dry_run or outcome == "unchanged":
            report.count(line, outcome, changes)
            return
        profile = desired(line, current, reference, now)
        try:
            db.write_profile(profile, current)
        except Cancelled as error:
            if attempt + 1 == ATTEMPTS or not _lost_race(error):
                raise
            current = pools.profile(line.lawyer_id)  # another import or a dispatch came first
            continue
        if profile.serves or (current is not None and current.serves):
            reach.refresh(profile.lawyer_id)  # the reach entries follow the profile at once
        report.count(line, outcome, changes)
        return


def _lost_race(error):
    return bool(error.failed or error.conflicts)


def _stands(profile):
    """The roster's fields of a stored profile, as a line would give them."""
    return {"name": profile.name, "firm": profile.firm, "county": profile.county,
            "serves": tuple(reach.served(profile)), "specialties": tuple(profile.specialties or ()),
            "mobile": getattr(profile, "mobile", None)}


def plan(line, current, regions):
    """("created" | "updated" | "unchanged" | "refused", [changed field, ...])."""
    if current is None:
        return "created", list(FIELDS)
    if not ({current.county, *reach.served(current)} & set(regions)):
        return "refused", []
    stands, wanted = _stands(current), {f: getattr(line, f) for f in FIELDS}
    changes = [f for f in FIELDS if stands[f] != wanted[f]]
    return ("updated" if changes else "unchanged"), changes


def desired(line, current, reference, now):
    """The profile the line asks for: a new one (no openid, not rated yet, years of practice from
    the licence's first year), or a copy of `current` with the roster's fields set."""
    home = reference.counties[line.county]
    place = {"county": line.county, "city": home.city or home.parent or line.county,
             "province": home.province or line.county[:2] + "0000"}
    fields = {"name": line.name, "firm": line.firm, "serves": list(line.serves) or None,
              "specialties": list(line.specialties), "mobile": line.mobile, **place}
    if current is None:
        return db.new_profile(lawyer_id=line.lawyer_id, licence_no=line.licence_no, stars=0,
                              years_in_practice=max(now.year - int(line.licence_no[5:9]), 0), **fields)
    return db.changed(current, fields)  # keeps the version it was read at
