"""The form of a text that masking and screening match against, with a map back to the text as
written. People spell a number `138.1234.5678`, `一三八…`, `①③⑧…`, `１３８` or with zero-width spaces
between the digits; a pattern written for `13812345678` must see all of them as that.

`matching_form(text)` applies, character by character (so every character of the result knows which
character of `text` it came from): Unicode NFKC (full-width and circled forms to plain ones), removal
of format characters (zero-width spaces, soft hyphens, direction marks) and combining marks (keycap
and variation selectors), lower case, and Chinese, financial and circled numerals to ASCII digits.
Then `collapse_between_digits` removes short runs of separators between digits
(`138 1234-5678`, `(0797)8123456`, `1 3 8 …`), and `without_spaces` removes every space
(`微 信` -> `微信`). A match in any form maps back to a span of the original with `Form.span`.
"""
import functools
import unicodedata
from dataclasses import dataclass

# Digits as written in Chinese: everyday (〇一二…), financial (壹贰叁…, also traditional), spoken 幺 (1
# when reading a number aloud) and the circle used for zero in dates. 十百千万 are not digits: they
# make 第一千零八十七条 and 三万五千元 numbers of a different shape, never a run of digits.
_CHINESE_DIGITS = {
    "〇": "0", "○": "0", "零": "0", "一": "1", "幺": "1", "壹": "1", "二": "2", "贰": "2", "貳": "2",
    "三": "3", "叁": "3", "參": "3", "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6",
    "陸": "6", "七": "7", "柒": "7", "八": "8", "捌": "8", "九": "9", "玖": "9",
}
# What people put between the groups of a number (after NFKC: full-width forms are already ASCII).
# Commas are not here: 12,000 and 3000，4000，5000 are amounts, and joining them makes digit runs.
# A Chinese keyboard types 。、：； where an English one types . , : ; (NFKC makes ：； ASCII, not 。、).
_SEPARATORS = set(" \t\r\n-‐‑‒–—―−﹣.·・•‧∙⋅/\\()[]{}<>_~|〜'\"*#。、丶:;")
_MAX_SEPARATOR_RUN = 3  # "138 - 1234": a longer gap is two numbers, not one
_DROPPED_CATEGORIES = {"Cf", "Mn", "Me"}


@dataclass(frozen=True)
class Form:
    """`text` as a matcher sees it; `origin[i]` is the index in the original of `text[i]`."""
    text: str
    origin: tuple

    def span(self, start, end):
        """The original's [start, end) that the form's [start, end) came from."""
        return self.origin[start], self.origin[end - 1] + 1


@functools.lru_cache(maxsize=8192)  # a county's questions use a few thousand distinct characters
def _normal_chars(ch):
    if ch in _CHINESE_DIGITS:
        return _CHINESE_DIGITS[ch]
    if unicodedata.category(ch) in _DROPPED_CATEGORIES:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if unicodedata.category(c) in _DROPPED_CATEGORIES:
            continue
        digit = unicodedata.digit(c, None)  # ❶ ➀ ⓵ and other digits NFKC leaves alone
        out.append(str(digit) if digit is not None and not c.isascii() else c.lower())
    return "".join(out)


def matching_form(text):
    """`text` normalised for matching (see the module docstring), with its map to the original."""
    chars, origin = [], []
    for index, ch in enumerate(text or ""):
        for c in _normal_chars(ch):
            chars.append(c)
            origin.append(index)
    return Form("".join(chars), tuple(origin))


def _keep(form, keep):
    return Form("".join(c for c, k in zip(form.text, keep) if k),
                tuple(o for o, k in zip(form.origin, keep) if k))


def collapse_between_digits(form):
    """`form` without runs of up to three separators that stand between a digit and a digit (or the
    X that ends a resident ID number)."""
    text, keep, i = form.text, [True] * len(form.text), 0
    while i < len(text):
        if text[i] in _SEPARATORS and i > 0 and text[i - 1].isdigit():
            j = i
            while j < len(text) and text[j] in _SEPARATORS:
                j += 1
            if j - i <= _MAX_SEPARATOR_RUN and j < len(text) and (text[j].isdigit() or text[j] == "x"):
                keep[i:j] = [False] * (j - i)
            i = j
        else:
            i += 1
    return _keep(form, keep)


def without_spaces(form):
    return _keep(form, [not c.isspace() for c in form.text])


def forms(text):
    """The forms worth matching a pattern against: as normalised, and with the digits joined."""
    form = matching_form(text)
    return form, collapse_between_digits(form)
