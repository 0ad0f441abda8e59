"""Which text of a law is in force on a day (issue 13). A law's seeded text (its META item) is its
first version; staff import later ones (LawVersion items), each in force from its effective date.
On a China day the current version is the latest one already in force; a version not yet in force
is 尚未施行, an earlier one is 历史版本. Plain functions of the items and the day: the clock is
read by the caller, so a version becomes current at midnight without a redeploy."""
import re
from dataclasses import dataclass

CURRENT, HISTORIC, UPCOMING = "现行有效", "历史版本", "尚未施行"
AMENDED = "已修正"  # a later text is in force that the library does not hold yet
_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Version:
    id: str  # what ?version= names: the effective date of a later text, the revision date of the seed
    effective_on: str  # "" for a seeded text whose first day is not recorded: in force before any other
    revised_on: str
    title: str
    history: str
    article_count: int
    prefix: str  # where its articles are (db/library.articles)
    source: str = None


def of_law(law, later=()):
    """The versions of a law, oldest first: its seeded text, then the LawVersion items."""
    first = Version(law.revised_on or "", law.effective_on or "", law.revised_on or "", law.title,
                    law.history or "", int(law.article_count or 0), "ART#", law.source)
    rest = [Version(v.effective_on, v.effective_on, v.revised_on or v.effective_on, v.title,
                    v.history or "", int(v.article_count or 0), v.prefix, v.source) for v in later]
    return [first] + sorted(rest, key=lambda v: v.effective_on)


def current(versions, day):
    """The version in force on `day` (YYYY-MM-DD): the latest already in force, else the first."""
    in_force = [v for v in versions if v.effective_on <= day]
    return in_force[-1] if in_force else versions[0]


def status(version, versions, day):
    if version.effective_on > day:
        return UPCOMING
    return CURRENT if version == current(versions, day) else HISTORIC


def pick(versions, day, asked=None):
    """The version `?version=` asks for (its id), or the current one; None for an unknown id."""
    if not asked:
        return current(versions, day)
    return next((v for v in versions if v.id == asked), None)


def upcoming(versions, day):
    """The next version not yet in force, or None."""
    return next((v for v in versions if v.effective_on > day), None)


def summary(law, later, day):
    """How the law list shows a law on `day`: the current text's revision date and status, a
    version coming into force, and a later text the library does not hold yet."""
    versions = of_law(law, later)
    now, coming = current(versions, day), upcoming(versions, day)
    said, note, later_text = status(now, versions, day), None, law.superseded_on
    if coming:
        note = f"新版本 {_said(coming.effective_on)}起施行"
    elif later_text and now.effective_on < later_text <= day:
        said, note = AMENDED, f"修正后的文本自{_said(later_text)}起施行，本库所收为修正前文本"
    elif later_text and later_text > day:
        note = f"修正后的文本{_said(later_text)}起施行"
    return {"revised_on": now.revised_on or None, "status": said,
            "version": now.id, "note": note, "article_count": now.article_count}


def _said(day):
    """2026-01-01 → 2026年1月1日 (how a reader writes a date)."""
    year, month, date = day.split("-")
    return f"{year}年{int(month)}月{int(date)}日"


def revision_date(history):
    """The last date the history lines name (2025年6月27日 …修订 → 2025-06-27), or None."""
    found = _DAY.findall(history or "")
    if not found:
        return None
    year, month, day = found[-1]
    return f"{year}-{int(month):02d}-{int(day):02d}"
