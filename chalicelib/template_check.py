"""Does each notice kind an account sends have a WeChat template that can carry it? Compares the
account's configured templates (chalicelib/notice_kinds.py) with the templates WeChat says the
account has: `{{thing1.DATA}}` keywords of each template's content against the fields the kind fills
and WeChat's per-type limits. Plain: `chalicelib.admin.templates` fetches and prints.
"""
from dataclasses import dataclass, field

from chalicelib import notice_kinds
from chalicelib.wechat.keywords import keyword_type, template_keywords


@dataclass(frozen=True)
class Template:
    """One template WeChat lists: `channel` is template (消息模板) or subscribe (订阅通知)."""
    id: str
    title: str
    channel: str
    keywords: tuple


@dataclass(frozen=True)
class Finding:
    kind: object  # notice_kinds.Kind
    status: str  # ok | none | not_found | misfit
    template: object = None  # Template, when found
    problems: tuple = ()
    candidates: tuple = field(default=())  # templates that could carry a kind without one

    @property
    def ok(self):
        return self.status == "ok"


def listed(private, subscribe):
    """WeChat's two lists as Templates."""
    return ([Template(t.get("template_id", ""), t.get("title", ""), "template",
                      tuple(template_keywords(t.get("content")))) for t in private or ()]
            + [Template(t.get("priTmplId", ""), t.get("title", ""), "subscribe",
                        tuple(template_keywords(t.get("content")))) for t in subscribe or ()])


def misfits(kind, template, keywords):
    """Why `template` cannot carry `kind` with the configured `keywords` ({keyword: field})."""
    if not keywords:  # no mapping: the fields go under their own names
        keywords = {name: name for name in kind.types}
    found = []
    for keyword, name in keywords.items():
        if keyword not in template.keywords:
            found.append(f"{keyword} is not a keyword of the template")
        elif name in kind.types:
            problem = notice_kinds.type_problem(kind.types[name], keyword_type(keyword))
            if problem:
                found.append(f"{keyword} cannot carry {name}: {problem}")
    found += [f"the template's {keyword} is filled by nothing"
              for keyword in template.keywords if keyword not in keywords]
    return tuple(found)


def could_carry(kind, template):
    """A mapping of the kind's fields onto the template's keywords, or None (for suggestions)."""
    if template.channel != kind.channel or len(template.keywords) != len(kind.types):
        return None
    free, mapping = list(template.keywords), {}
    for name, needed in kind.fields:
        fit = next((k for k in free if keyword_type(k) == needed), None) or next(
            (k for k in free if not notice_kinds.type_problem(needed, keyword_type(k))), None)
        if fit is None:
            return None
        free.remove(fit)
        mapping[fit] = name
    return mapping


def check(account, configured, templates, default_bureau=None):
    """A Finding for every kind `account` sends."""
    by_id = {(t.channel, t.id): t for t in templates}
    findings = []
    for kind in notice_kinds.needed(account, default_bureau):
        entry = (configured or {}).get(kind.key) or {}
        template_id = entry.get(kind.channel)
        if not template_id:
            findings.append(Finding(kind, "none", candidates=tuple(
                t for t in templates if could_carry(kind, t) is not None)))
            continue
        template = by_id.get((kind.channel, template_id))
        if template is None:
            findings.append(Finding(kind, "not_found", problems=(
                f"{template_id} is not among the account's {kind.channel} templates",)))
            continue
        problems = misfits(kind, template, entry.get(f"{kind.channel}_keywords"))
        findings.append(Finding(kind, "misfit" if problems else "ok", template, problems))
    return findings


def report(account, findings, templates):
    """The lines `make wechat-templates` prints."""
    lines = [f"Account {account}: {len(templates)} templates at WeChat"]
    lines += [f"  [{t.channel}] {t.id}  {t.title}  ({', '.join(t.keywords) or 'no keywords'})"
              for t in templates]
    lines.append("Notice kinds:")
    for f in findings:
        name = f"{f.kind.key} ({f.kind.channel}, {f.kind.label})"
        if f.ok:
            lines.append(f"  ok       {name} -> {f.template.id} {f.template.title}")
        elif f.status == "none":
            lines.append(f"  NONE     {name}: no template configured"
                         + (f"; could use: {', '.join(t.id for t in f.candidates)}" if f.candidates
                            else "; none of the account's templates fits: add one in WeChat"))
        else:
            lines.append(f"  MISFIT   {name}: " + "; ".join(f.problems))
    bad = sum(not f.ok for f in findings)
    lines.append(f"{len(findings) - bad} of {len(findings)} kinds have a fitting template"
                 + ("" if not bad else f"; {bad} need attention (docs/wechat.md, 'Notice templates')"))
    return lines
