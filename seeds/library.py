"""The law library and 以案释法 cases: parse the Markdown statutes and cases copied into seeds/.

A statute file holds its title, its revision history, `<!-- INFO END -->`, then chapters as
`##`…`####` headings and articles as paragraphs starting `第X条` (or `第X条之一`); the
paragraphs that follow belong to the article until the next article or heading.
"""
import re

from seeds import DATA_DIR, read_json

INFO_END = "<!-- INFO END -->"
NUMERALS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^(第([零一二三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?)[ \u3000]+")
_HEADING = re.compile(r"^(#{2,6})\s+(.*)$")
# 分编 before 编: "第二分编 典型合同" is the 分编's number and its name, never "第二分" + "编典型合同".
_NUMBERED = re.compile(r"^(第[零一二三四五六七八九十百千]+(?:分编|编|章|节))\s*(.*)$")


def chinese_number(text):
    """一千二百六十 → 1260 (the numerals used in article labels)."""
    total, digit = 0, 0
    for char in text:
        if char in NUMERALS:
            digit = NUMERALS[char]
        else:
            total += (digit or 1) * UNITS[char]
            digit = 0
    return total + digit


def parse_law(text):
    """{title, history, articles: [{number, label, base, suffix, chapter, text}]}.

    `number` is the reading order; it equals the article number for a law without 之一 articles,
    and a preamble (宪法's 序言) read before the first article is number 0.
    """
    head, _, body = text.partition(INFO_END)
    head_lines = [line.strip() for line in head.splitlines() if line.strip()]
    title = head_lines[0].lstrip("# ").strip()
    articles, headings, current, level = [], {}, None, None
    for line in (line.strip() for line in body.splitlines()):
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = _clean_heading(heading.group(2))
            current = None
            continue
        label = _ARTICLE.match(line)
        if level and not label and _continues_heading(line):
            # A long heading wrapped onto a second line (刑事诉讼法 第五编第四章).
            headings[level] += line
            continue
        level = None
        if label:
            current = {"label": label.group(1), "base": chinese_number(label.group(2)),
                       "suffix": chinese_number(label.group(3)) if label.group(3) else 0,
                       "chapter": _chapter(headings), "lines": [line[label.end():].strip()]}
            articles.append(current)
        elif current is None:  # text under a heading that is not an article: 序言, 附件
            current = {"label": headings[max(headings)] if headings else title, "base": None,
                       "suffix": 0, "chapter": _chapter(headings), "lines": [line]}
            articles.append(current)
        else:
            current["lines"].append(line)
    first = 0 if articles and articles[0]["base"] is None else 1
    for number, article in enumerate(articles, start=first):
        article["number"] = number
        article["text"] = "\n".join(article.pop("lines"))
    return {"title": title, "history": "\n".join(head_lines[1:]), "articles": articles}


def _continues_heading(line):
    return len(line) < 30 and not line.endswith(("。", "：", "；", ":"))


def _clean_heading(text):
    numbered = _NUMBERED.match(text)
    if numbered:  # "第二节  监  护" → "第二节 监护": the spaces are typesetting, not words
        return (numbered.group(1) + " " + re.sub(r"\s+", "", numbered.group(2))).strip()
    return re.sub(r"\s+", "", text)


def _chapter(headings):
    return " / ".join(headings[level] for level in sorted(headings)) or None


def law_manifest():
    return read_json("laws/manifest.json")


def read_law(entry):
    return parse_law((DATA_DIR / "laws" / entry["file"]).read_text(encoding="utf-8"))


def case_manifest():
    return read_json("cases/manifest.json")


CASE_PUBLISHERS = "人民法院、人力资源社会保障部等"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def case_source(entry):
    """Where a reader is told a case comes from: its publisher, collection and date when the file
    says them (the lines between its title and INFO END: 消费者权益保护典型案例 / 最高人民法院发布 /
    2022-03-15), else the case's own name as the file is called and who publishes these cases."""
    text = (DATA_DIR / "cases" / entry["file"]).read_text(encoding="utf-8")
    head = [line.strip() for line in text.partition(INFO_END)[0].splitlines()[1:] if line.strip()]
    publisher = next((line[:-2] for line in head if line.endswith("发布")), None)
    day = next((line for line in head if _DAY.match(line)), None)
    collection = next((line for line in head if line.endswith("案例")), None)
    if publisher and collection:
        return f"{publisher}发布的{collection}" + (f"（{day}）" if day else "")
    name = entry["file"].rsplit("/", 1)[-1].removesuffix(".md")
    published = f"{CASE_PUBLISHERS}发布的典型案例"
    return published if name == entry["title"] else f"{name}，{published}"


def read_case(entry):
    text = (DATA_DIR / "cases" / entry["file"]).read_text(encoding="utf-8")
    return text.partition(INFO_END)[2].strip()
