"""The province simulation (`python -m bench.sla_sim --province`) runs end to end on a tiny plan —
two counties of 赣州, one day at a few questions a county, one burst, a small pool — and reports in
the shape `make bench` readers rely on. Figures are not checked against targets here (that is the
benchmark's job, docs/sla.md); only that they are present and sane."""
import os
import re
import subprocess
import sys

import pytest

from bench import local_table
from local.layout import ROOT

pytestmark = pytest.mark.timeout(900)  # a whole (tiny) run: two DynamoDB Local starts, a week of sweeps
LAST = re.compile(r"^counties=(\d+) first_response_10min_rate=([0-9.]+) "
                  r"notifications_per_consultation=([0-9.]+)$")


@pytest.fixture(scope="module")
def printed():
    """The run's stdout lines. Its own process: a run points the settings at its own DynamoDB
    Local and meters the sweep's handlers, which must not leak into the other tests."""
    try:
        local_table._jar()
    except local_table.Unavailable as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))
    run = subprocess.run(
        [sys.executable, "-m", "bench.sla_sim", "--province", "--counties", "2", "--days", "1",
         "--per-day", "4", "--burst-day", "0", "--burst-counties", "1", "--workers", "1",
         "--lawyers", "300", "--probe-speedup", "600", "--table", "zst-province-test"],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout.splitlines()


def test_the_last_line_names_the_counties_the_rate_and_the_notifications(printed):
    # Given a tiny province run  When it ends  Then its last line is the one `make bench` reads
    counties, rate, notifications = LAST.match(printed[-1]).groups()
    assert int(counties) == 2
    assert 0.0 <= float(rate) <= 1.0
    assert 0.0 < float(notifications) < 100.0
    # And its questions came from the two counties, each counted under its own code
    by_county = next(line for line in printed if line.startswith("by county"))
    assert re.findall(r"(3607\d\d) \d+ [0-9.]+", by_county) == ["360702", "360703"]


def test_it_prints_the_burst_day_rate_and_the_sharding_figures(printed):
    lines = printed
    text = "\n".join(lines)
    assert re.search(r"^burst days: \d+ questions, first_response_10min_rate=[0-9.]+$", text, re.M)
    assert re.search(r"due items per sweep minute p50 \S+, p99 \S+", text)
    assert re.search(r"handler ms p50 \d+, p95 \d+", text)
    assert re.search(r"sweep wall time p50 [0-9.]+ s, p99 [0-9.]+ s", text)
    assert re.search(r"version conflicts per dispatch transaction [0-9.]+", text)
    assert re.search(r"retries per dispatch [0-9.]+", text)
    assert re.search(r"^wall time \d+ s", text, re.M)
