"""Citations of articles in free text — a lawyer's answer, a case, an article — as links to the
article in the law library (issue 13). `segments(text)` cuts the text into plain pieces and cited
pieces ({"text", "href", "title"}); a page renders them as text and links, so the stored text stays
the lawyer's words and never holds a web address (the answer screening refuses those).

Read: 《劳动合同法》第三十条, 《中华人民共和国民法典》第1079条, 劳动合同法第三十八条第一款 (a law the
library holds, named without marks), 第一百三十三条之一, 本法第四十三条 (the law named last before it,
or the law being read), and a list after a citation: 第三十条、第三十八条和第四十条. A bare 第X条 is a
link only on a law's own page (`here`). Unknown laws and articles a law does not have stay text.
What the lawyers' picker inserts for a case or a template, 以案释法案例“标题” / 文书模板“标题”, links too."""
import functools
import re

from chalicelib.library import corpus

_DIGITS = "零一二三四五六七八九"
_NUMERAL = r"[零〇一二三四五六七八九十百千两0-9０-９]+"
_ARTICLE = (r"第\s*(?P<n{i}>" + _NUMERAL + r")\s*条(?:之(?P<s{i}>[一二三四五六七八九十]+))?"
            r"(?:第[一二三四五六七八九十0-9]+款)?(?:第[一二三四五六七八九十0-9]+项)?")
_CONNECTOR = re.compile(r"^\s*(?:、|，|,|和|及|以及|或者|或|至|到|、以及)\s*$")
CHINA = "中华人民共和国"


def chinese(number):
    """1079 → 一千零七十九, 10 → 十, 110 → 一百一十: how article labels write numbers."""
    if number < 10:
        return _DIGITS[number]
    parts, started, gap = [], False, False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            gap = gap or started
            continue
        if gap:
            parts.append("零")
            gap = False
        if not (value == 10 and digit == 1 and not started):
            parts.append(_DIGITS[digit])
        parts.append(unit)
        started = True
    return "".join(parts)


def number_of(text):
    """The value of a numeral as citations write it: 三十, 一千零七十九, 1079, ３０, 两百."""
    text = text.translate(str.maketrans("０１２３４５６７８９〇两", "0123456789零二"))
    if text.isdigit():
        return int(text)
    return corpus.seed_library().chinese_number(text)


def label(base, suffix=0):
    return f"第{chinese(base)}条" + (f"之{chinese(suffix)}" if suffix else "")


@functools.lru_cache(maxsize=1)
def _laws():
    """{name a citation may use: (slug, full title)}, longest names first when matched bare."""
    names = {}
    for entry in corpus.seed_library().law_manifest():
        title = entry["title"]
        names[title] = names[title.removeprefix(CHINA)] = (entry["slug"], title)
    return names


@functools.lru_cache(maxsize=1)
def _pattern():
    bare = "|".join(re.escape(n) for n in sorted(_laws(), key=len, reverse=True))
    law = r"(?P<law>《[^《》\n]{2,40}》|本法|该法|" + bare + r")?\s*"
    return re.compile(law + _ARTICLE.format(i=""))


@functools.lru_cache(maxsize=1)
def _mentions():
    """A law named without an article: 《…》 or a title the library holds."""
    bare = "|".join(re.escape(n) for n in sorted(_laws(), key=len, reverse=True))
    return re.compile(r"《[^《》\n]{2,40}》|" + bare)


@functools.lru_cache(maxsize=64)
def _numbers(slug, day):
    """{label: reading-order number} of the law's text in force on `day` (anchors #art-N)."""
    library = corpus.seed_library()
    entry = next(e for e in library.law_manifest() if e["slug"] == slug)
    return {a["label"]: a["number"] for a in library.read_law(corpus.in_force(entry, day))["articles"]}


def law_named(name):
    """(slug, full title) of 《…》 / a bare title, or None for a law the library does not hold."""
    return _laws().get(name.strip("《》 ").removeprefix(CHINA) if name else "") or _laws().get(
        (name or "").strip("《》 "))


def segments(text, *, here=None, day=None):
    """`text` as [{"text"}, {"text", "href", "title"}, …]: plain pieces and cited articles.
    `here`: the slug of the law being read (本法 and a bare 第X条 mean it)."""
    text = text or ""
    found, at, last_law, last_end = [], 0, here, None
    for match in _pattern().finditer(text):
        mentioned = _mentions().findall(text, last_end or 0, match.start())
        if mentioned:  # 《劳动合同法》规定……本法第四十三条: the law named last
            last_law = (law_named(mentioned[-1]) or (None,))[0]
        named, law = match.group("law"), None
        if named in ("本法", "该法"):
            law = here or last_law
        elif named:
            law = last_law = (law_named(named) or (None,))[0]
        elif last_end is not None and _CONNECTOR.match(text[last_end:match.start()]):
            law = last_law
        else:
            law = here
        last_end = match.end()
        href = _href(law, match.group("n"), match.group("s"), day) if law else None
        if href is None:
            continue
        found.append({"text": text[at:match.start()]})
        found.append({"text": match.group(0), "href": href[0], "title": href[1]})
        at = match.end()
    found.append({"text": text[at:]})
    return [linked for piece in found if piece["text"]
            for linked in ([piece] if "href" in piece else _references(piece["text"]))]


_REFERENCE = re.compile(r"(以案释法案例|文书模板)“([^“”\n]{2,80})”")


@functools.lru_cache(maxsize=1)
def _titles():
    """{(kind word, title): (href, title)} of the cases and templates a picker inserts."""
    from chalicelib.library import doc_templates

    found = {("以案释法案例", e["title"]): f"/h5/cases/{e['slug']}"
             for e in corpus.seed_library().case_manifest()}
    found.update({("文书模板", t["title"]): f"/h5/templates/{t['slug']}" for t in doc_templates.all_templates()})
    return found


def _references(text):
    """以案释法案例“…” and 文书模板“…” (what the answer picker inserts) as links, when the title is one."""
    pieces, at = [], 0
    for match in _REFERENCE.finditer(text):
        href = _titles().get((match.group(1), match.group(2)))
        if href:
            pieces += [{"text": text[at:match.start()]},
                       {"text": match.group(0), "href": href, "title": match.group(2)}]
            at = match.end()
    return [p for p in pieces + [{"text": text[at:]}] if p["text"]]


def _href(slug, numeral, suffix, day):
    base = number_of(numeral)
    if not base or base > 9999:
        return None
    wanted = label(base, number_of(suffix) if suffix else 0)
    number = _numbers(slug, day).get(wanted)
    if number is None:
        return None
    title = next(t for s, t in _laws().values() if s == slug)
    return f"/h5/laws/{slug}#art-{number}", f"{title} {wanted}"


def cited(text, *, day=None):
    """The distinct articles a text cites, in order of first mention: [{"href", "title"}]."""
    seen = {}
    for piece in segments(text, day=day):
        if "href" in piece:
            seen.setdefault(piece["href"], {"href": piece["href"], "title": piece["title"]})
    return list(seen.values())
