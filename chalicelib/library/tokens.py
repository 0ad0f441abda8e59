"""Turning Chinese text into search tokens: overlapping character bigrams for CJK runs (Chinese has
no spaces, and a bigram index finds any word of two or more characters without a dictionary),
whole words for Latin letters and digits; and reading article labels (第1079条 → 第一千零七十九条)."""
import re
import unicodedata

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DIGITS = "零一二三四五六七八九"
_NUMERAL = "零一二三四五六七八九十百千"
# 第1079条, 第一千零七十九条, 1079条, 第三十条之一: what a citizen types to reach one article.
_LABEL = re.compile(rf"第?([0-9]+|[{_NUMERAL}]+)条(?:之([0-9]+|[一二三四五六七八九十]+))?")


def normalize(text):
    """Full-width letters and digits to half-width, lower case: what the index and queries compare."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text):
    """The CJK and alphanumeric runs of already-normalised text, with their offsets."""
    return [(m.start(), m.group()) for m in _RUN.finditer(text)]


def is_cjk(run):
    return bool(_CJK.match(run))


def run_tokens(run):
    """A CJK run's bigrams (a lone character stays a unigram); an alphanumeric run is one token."""
    if not is_cjk(run) or len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """Every token of `text`, in order, repeated as often as it occurs."""
    found = []
    for _, run in runs(normalize(text)):
        found.extend(run_tokens(run))
    return found


def chinese_numeral(number):
    """1079 → 一千零七十九, 30 → 三十, 10 → 十: how statutes write article numbers (below 10,000)."""
    if number == 0:
        return DIGITS[0]
    text, pending_zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            pending_zero = bool(text)
            continue
        text += (DIGITS[0] if pending_zero else "") + DIGITS[digit] + unit
        pending_zero = False
    return text[1:] if text.startswith("一十") else text


def _numeral(text):
    return chinese_numeral(int(text)) if text.isdigit() else text


def article_labels(query):
    """(labels, rest): the article labels a query names, in statute form, and the query without them."""
    text = normalize(query)
    labels = []
    for match in _LABEL.finditer(text):
        if match.group(1).isdigit() and int(match.group(1)) >= 10000:
            continue
        label = f"第{_numeral(match.group(1))}条"
        labels.append(label + (f"之{_numeral(match.group(2))}" if match.group(2) else ""))
    return labels, _LABEL.sub(" ", text) if labels else text


def chinese_number(text):
    """十五 → 15, 两百 → 200, 六十五 → 65: a small Chinese numeral's value (None if it is not one)."""
    digits, units = {c: i for i, c in enumerate(DIGITS)} | {"两": 2}, {"十": 10, "百": 100, "千": 1000}
    total, digit = 0, 0
    for char in text:
        if char in digits:
            digit = digits[char]
        elif char in units:
            total, digit = total + (digit or 1) * units[char], 0
        else:
            return None
    return total + digit
