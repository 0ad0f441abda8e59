"""Charts as inline SVG, drawn on the server: no script, no CDN, readable at 375 px and 1280 px.

The drawing is 360 units wide with 11-unit text and scales to its box (width 100%), so on a phone the
text stays about 11 px. Colours and fonts are presentation attributes or classes of
static/css/dashboard.css (the pages' CSP forbids inline style). Every chart carries a <title> and a
<desc> that says its figures in words, for screen readers and for tests.
"""
from markupsafe import Markup, escape

WIDTH, HEIGHT = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 14, 26
FONT = 11


def _frame(kind, title, desc, height, body):
    return Markup(
        f'<svg class="zst-chart zst-chart_{kind}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title><desc>{escape(desc)}</desc>{body}</svg>')


def _nice_max(value):
    """A round axis maximum at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def _text(x, y, text, anchor="middle", cls="zst-chart__label"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" text-anchor="{anchor}" '
            f'class="{cls}">{escape(text)}</text>')


def _axes(top_value, fmt, height, bottom=0):
    base = height - BOTTOM
    parts = []
    for fraction in (0, 0.5, 1):
        y = base - fraction * (base - TOP)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="zst-chart__grid"/>')
        parts.append(_text(LEFT - 4, y + 4, fmt(bottom + (top_value - bottom) * fraction), anchor="end"))
    return "".join(parts)


def _label_every(count):
    """Every label while they fit under their slots (360 units hold about 8 short ones)."""
    return 1 if count <= 8 else 2 if count <= 12 else 3 if count <= 24 else 5


def bars(points, title, fmt=str, height=HEIGHT, top=None, unit=""):
    """Vertical bars of [(label, value or None)]; None draws no bar (no data, not zero)."""
    values = [v for _, v in points if v is not None]
    top_value = top if top is not None else _nice_max(max(values, default=0))
    base, span = height - BOTTOM, height - BOTTOM - TOP
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    every = _label_every(len(points))
    parts = [_axes(top_value, fmt, height)]
    for i, (label, value) in enumerate(points):
        x = LEFT + i * slot
        if value is not None:
            h = min(value, top_value) / top_value * span
            parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" '
                         f'height="{h:.1f}" class="zst-chart__bar"><title>{escape(label)}：'
                         f'{escape(fmt(value))}{escape(unit)}</title></rect>')
        if i % every == 0:
            parts.append(_text(x + slot / 2, base + 15, label))
    said = "；".join(f"{label} {fmt(v)}{unit}" for label, v in points if v is not None) or "暂无数据"
    return _frame("bars", title, said, height, "".join(parts))


def line(points, title, fmt=str, height=HEIGHT, top=None, target=None, target_label="", bottom=0):
    """A line through [(label, value or None)], broken where a value is None, with an optional
    dashed target line (the promise). The axis runs from `bottom` (values below sit on it)."""
    values = [v for _, v in points if v is not None]
    top_value = top if top is not None else _nice_max(max(values, default=0))
    base, span = height - BOTTOM, height - BOTTOM - TOP

    def height_of(value):
        return (min(max(value, bottom), top_value) - bottom) / (top_value - bottom) * span
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    every = _label_every(len(points))
    parts, run = [_axes(top_value, fmt, height, bottom)], []

    def flush():
        if len(run) > 1:
            parts.append(f'<polyline points="{" ".join(run)}" class="zst-chart__line" fill="none"/>')
        run.clear()
    for i, (label, value) in enumerate(points):
        x = LEFT + i * slot + slot / 2
        if value is None:
            flush()
        else:
            y = base - height_of(value)
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" class="zst-chart__dot">'
                         f'<title>{escape(label)}：{escape(fmt(value))}</title></circle>')
        if i % every == 0:
            parts.append(_text(x, base + 15, label))
    flush()
    if target is not None:
        y = base - height_of(target)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="zst-chart__target" stroke-dasharray="4 3"/>')
        if target_label:
            parts.append(_text(WIDTH - RIGHT, y - 3, target_label, anchor="end", cls="zst-chart__note"))
    said = "；".join(f"{label} {fmt(v)}" for label, v in points if v is not None) or "暂无数据"
    return _frame("line", title, said, height, "".join(parts))


def hbars(rows, title, fmt=str):
    """Horizontal bars of [(label, value, note)], one row each: long Chinese labels stay readable
    on a phone. `note` (may be "") is printed after the value."""
    row_h, label_w, note_w = 24, 96, 128
    height = max(1, len(rows)) * row_h + 6
    top_value = _nice_max(max((v for _, v, _ in rows), default=0))
    parts = []
    for i, (label, value, note) in enumerate(rows):
        y = 3 + i * row_h
        w = value / top_value * (WIDTH - label_w - note_w)
        parts.append(_text(label_w - 6, y + 15, label, anchor="end"))
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
                     f'class="zst-chart__bar"/>')
        parts.append(_text(label_w + w + 5, y + 15, f"{fmt(value)}{note}", anchor="start",
                           cls="zst-chart__value"))
    said = "；".join(f"{label} {fmt(v)}{note}" for label, v, note in rows) or "暂无数据"
    body = "".join(parts) if rows else _text(WIDTH / 2, 18, "暂无数据")
    return _frame("hbars", title, said, height if rows else 30, body)
