"""Markdown for 热点普法 articles, rendered safely (issue 13): a small subset, never raw HTML.

Blocks: headings (`#`, `##`, `###`), paragraphs (a single line break stays a break), lists (`-`,
`*`, `1.`), quotes (`>`). Inline: `**bold**` and `[text](url)`. Everything else is text: every
character of the source is HTML-escaped before it reaches the page, so `<script>`, an `onerror=` or
an image are shown as the characters typed. A link keeps its href only if it is `http(s)://…`, a
path on this site (`/…`, not `//…`) or a fragment (`#…`), with no space, quote, angle bracket or
backslash (`/\\evil.com` is another host to a browser); otherwise the text alone is shown.
"""
import re
from html import escape

from markupsafe import Markup

SAFE_URL = re.compile(r"(https?://[^\s<>\"'`\\]+|/(?![/\\])[^\s<>\"'`\\]*|#[\w\-]+)", re.ASCII)
INLINE = re.compile(r"\[([^\[\]\n]{1,200})\]\(([^()\s]{0,500})\)|\*\*([^*\n]{1,500})\*\*")
HEADING = re.compile(r"(#{1,3})\s+(.*)")
BULLET = re.compile(r"[-*]\s+(.*)")
NUMBERED = re.compile(r"[0-9]{1,3}[.、]\s*(.*)")


def safe_url(url):
    return url if SAFE_URL.fullmatch(url) and not any(ord(c) < 32 for c in url) else None


def inline(text):
    """Escaped text with bold and safe links as HTML."""
    out, at = [], 0
    for match in INLINE.finditer(text):
        out.append(escape(text[at:match.start()]))
        label, url, bold = match.groups()
        if bold is not None:
            out.append(f"<strong>{escape(bold)}</strong>")
        elif safe_url(url):
            rel = ' rel="noopener nofollow"' if url.startswith("http") else ""
            out.append(f'<a href="{escape(url, quote=True)}"{rel}>{escape(label)}</a>')
        else:
            out.append(escape(label))
        at = match.end()
    out.append(escape(text[at:]))
    return "".join(out)


def _blocks(source):
    """[(kind, [lines])]: runs of lines of one kind, split on blank lines."""
    blocks = []
    for line in source.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if not line.strip():
            blocks.append(("blank", []))
            continue
        stripped = line.lstrip()
        heading = HEADING.fullmatch(stripped)
        if heading:
            blocks.append((f"h{len(heading.group(1)) + 1}", [heading.group(2)]))
            continue
        for kind, pattern in (("ul", BULLET), ("ol", NUMBERED)):
            item = pattern.fullmatch(stripped)
            if item:
                break
        else:
            kind, item = ("quote", None) if stripped.startswith(">") else ("p", None)
        text = item.group(1) if item else (stripped[1:].strip() if kind == "quote" else stripped)
        if blocks and blocks[-1][0] == kind and kind != "blank":
            blocks[-1][1].append(text)
        else:
            blocks.append((kind, [text]))
    return [b for b in blocks if b[0] != "blank"]


def render(source):
    """The article's HTML (Markup: safe to put in a template as it is)."""
    html = []
    for kind, lines in _blocks(source or ""):
        if kind in ("ul", "ol"):
            html.append(f"<{kind}>" + "".join(f"<li>{inline(t)}</li>" for t in lines) + f"</{kind}>")
        elif kind == "quote":
            html.append("<blockquote><p>" + "<br>".join(inline(t) for t in lines) + "</p></blockquote>")
        elif kind == "p":
            html.append("<p>" + "<br>".join(inline(t) for t in lines) + "</p>")
        else:
            html.append(f"<{kind}>{inline(lines[0])}</{kind}>")
    return Markup("\n".join(html))


def plain(source, limit=80):
    """The first words of the article as text (lists, search results, the push)."""
    words = " ".join(INLINE.sub(lambda m: m.group(1) or m.group(3) or "", t)
                     for _, lines in _blocks(source or "") for t in lines)
    return words if len(words) <= limit else words[:limit - 1] + "…"
