"""Staff import a later text of a law (issue 13): `POST /api/staff/laws/{slug}/versions` with the
text in the library's Markdown format and the day it takes effect. Laws are national content every
bureau's citizens read, so only the platform's admins import: an admin (permissions.py) of the
platform's own bureau (DEFAULT_BUREAU) or of `PLATFORM`; another bureau's admin is refused
(docs/staff-roles.md). A dry run checks and reports without writing. A version is written once:
a second import for the same day is a 409, whatever its text."""
import hashlib
from datetime import date

from chalicelib.clock import iso
from chalicelib.db.effects import Refused
from chalicelib.db.keys import PLATFORM
from chalicelib.errors import Conflict, Forbidden, Invalid, Unprocessable
from chalicelib.library import corpus, store, versions
from chalicelib.workdays import china_date

MAX_TEXT = 800_000  # characters: 民法典, the longest, is ~110,000


def may_import(caller, settings):
    return caller.bureau in (settings.default_bureau, PLATFORM)


def _effective_on(text):
    try:
        return date.fromisoformat(text or "").isoformat()
    except (TypeError, ValueError):
        raise Invalid("施行日期应为 YYYY-MM-DD 格式的日期", code="invalid_parameter",
                      details=[{"field": "effective_on", "message": "施行日期格式不对"}])


def _parsed(text, law):
    """The text's articles, or a 422 naming what is wrong with it."""
    if not text.strip() or "<!-- INFO END -->" not in text:
        raise Unprocessable("正文格式不对：应先写法律名称和制定修订情况，再写 <!-- INFO END -->，然后是各章条文",
                            code="law_text_invalid")
    parsed = corpus.seed_library().parse_law(text)
    problems = []
    if parsed["title"] != law.title:
        problems.append(f"标题“{parsed['title'][:40]}”与“{law.title}”不一致")
    bases = [a["base"] for a in parsed["articles"] if a["base"] is not None and not a["suffix"]]
    if not bases:
        problems.append("没有读到任何条文（每条应以“第X条”开头）")
    elif bases != list(range(1, len(bases) + 1)):
        gap = next(n for n, b in enumerate(bases, start=1) if b != n)
        problems.append(f"条文编号不连续：第 {gap} 个条文的编号是 {bases[gap - 1]}")
    if problems:
        raise Unprocessable("正文有误：" + "；".join(problems), code="law_text_invalid",
                            details=[{"field": "text", "message": p} for p in problems])
    return parsed


def import_version(caller, slug, body, *, settings, now, dry_run=False, find_law=store.law,
                   find_versions=store.versions, write=store.save_version):
    if not may_import(caller, settings):
        raise Forbidden("法律法规是全国共享的内容，只有平台管理员可以导入新版本", code="platform_admin_only")
    law = find_law(slug)
    text = (body.get("text") or "").replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        raise Invalid(f"正文请不超过 {MAX_TEXT} 个字", code="invalid_parameter")
    effective_on = _effective_on(body.get("effective_on"))
    texts = versions.of_law(law, find_versions(slug))
    if effective_on <= (texts[0].revised_on or ""):
        raise Unprocessable(f"施行日期应晚于本库现有文本的修订日期 {texts[0].revised_on}",
                            code="version_too_early")
    if any(v.id == effective_on for v in texts):
        raise Conflict(f"{effective_on} 起施行的版本已经导入过", code="version_exists")
    parsed = _parsed(text, law)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    version = dict(
        slug=slug, category=law.category, effective_on=effective_on, title=parsed["title"],
        revised_on=versions.revision_date(parsed["history"]) or effective_on,
        history=parsed["history"], article_count=len(parsed["articles"]),
        prefix=f"VER#{effective_on}#{digest}#ART#", source=law.source,
        imported_by=caller.staff_id, imported_at=iso(now))
    day = china_date(now).isoformat()
    report = {"dry_run": dry_run, "slug": slug, "version": effective_on, "effective_on": effective_on,
              "revised_on": version["revised_on"], "article_count": version["article_count"],
              "status": versions.UPCOMING if effective_on > day else versions.CURRENT}
    if dry_run:
        return report
    articles = [{k: a[k] for k in ("number", "label", "chapter", "text")} for a in parsed["articles"]]
    try:
        write(version, articles)
    except Refused:
        raise Conflict(f"{effective_on} 起施行的版本已经导入过", code="version_exists")
    return report
