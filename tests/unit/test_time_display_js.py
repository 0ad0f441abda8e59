"""The pages show times as the notices do (static/js/api.js and chalicelib/humantime.py): Beijing
time in the house form, whatever the phone's zone. Runs the script in Node with a bare `window`."""
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from chalicelib.clock import parse_instant
from chalicelib.humantime import day_text, moment_text, visit_text

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "api.js"
NOW = "2026-12-01T22:15:28Z"  # 06:15 on Dec 2 in Beijing
INSTANTS = [NOW, "2026-01-01T15:59:00Z", "2026-12-31T16:00:00Z", "2025-12-31T15:59:59Z"]
DAYS = ["2026-12-05", "2027-01-04", "2025-02-28"]


def run_page_formatter(program):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed (the build installs it for npm)")
    setup = ("global.window = {}; global.document = {body: {dataset: {}}};"
             f"require({json.dumps(str(SCRIPT))}); const Z = window.ZST; const now = new Date({json.dumps(NOW)});")
    # A phone set to another zone must still show Beijing time.
    done = subprocess.run([node, "-e", setup + program], capture_output=True, text=True, timeout=20,
                          env={**os.environ, "TZ": "America/New_York"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_pages_show_every_time_as_the_notices_do():
    # Given instants around Beijing's midnight and New Year, and China dates of this and other years
    now = parse_instant(NOW)
    today = date(2026, 12, 2)
    expected = ([moment_text(parse_instant(i), now) for i in INSTANTS]
                + [day_text(d, today) for d in DAYS]
                + [visit_text("2026-12-04", "09:30", today), "06:15"])
    # When the pages' formatter writes them
    shown = run_page_formatter(
        f"console.log(JSON.stringify({json.dumps(INSTANTS)}.map((i) => Z.formatTime(i, now))"
        f".concat({json.dumps(DAYS)}.map((d) => Z.formatDay(d, now)))"
        ".concat([Z.visitText({date: '2026-12-04', time: '09:30'}, now), Z.formatClock(now.toISOString())])));")
    # Then they read the same, word for word, with no machine time left
    assert shown == expected
    assert shown[:4] == ["12月2日 06:15", "1月1日 23:59", "2027年1月1日 00:00", "2025年12月31日 23:59"]
