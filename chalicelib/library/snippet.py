"""The passage of a document shown under a search result, with the query's words marked: a window of
the text holding the most distinct query tokens, as segments the page renders without HTML."""
import unicodedata

WIDTH = 72  # characters: two or three lines on a phone at the library's font size
LEAD = 12  # context kept before the first hit of the window


def aligned(text):
    """`text` normalised character by character, so an offset in it is an offset in `text`."""
    return "".join((unicodedata.normalize("NFKC", c).lower() or c)[0] for c in text)


def hits(normal, needles, cap=400):
    """(start, end, needle) of every occurrence of the needles in the normalised text."""
    found = []
    for needle in needles:
        start = normal.find(needle)
        while start >= 0 and len(found) < cap:
            found.append((start, start + len(needle), needle))
            start = normal.find(needle, start + 1)
    return sorted(found)


def _best_start(found):
    best, best_count = 0, -1
    for index, (start, _, _) in enumerate(found):
        inside = {needle for s, e, needle in found[index:] if e <= start + WIDTH}
        if len(inside) > best_count:
            best, best_count = start, len(inside)
    return max(0, best - LEAD)


def snippet(text, needles):
    """[{"text", "hit"}]: a window of `text` around the needles (phrases and tokens, normalised),
    with "…" where it was cut. With no needle found, the start of the text."""
    flat = " ".join(text.split())  # line breaks and runs of spaces mean nothing in a snippet
    found = hits(aligned(flat), [n for n in needles if n])
    start = _best_start(found) if found else 0
    end = min(len(flat), start + WIDTH)
    marked = [False] * (end - start)
    for s, e, _ in found:
        for i in range(max(s, start), min(e, end)):
            marked[i - start] = True
    segments = [{"text": "…", "hit": False}] if start > 0 else []
    for offset, char in enumerate(flat[start:end]):
        if segments and segments[-1]["hit"] == marked[offset] and segments[-1]["text"] != "…":
            segments[-1]["text"] += char
        else:
            segments.append({"text": char, "hit": marked[offset]})
    if end < len(flat):
        segments.append({"text": "…", "hit": False})
    return segments
