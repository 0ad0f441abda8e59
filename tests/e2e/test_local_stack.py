"""`make run` as a person meets it: it comes up, answers, and Ctrl-C leaves nothing behind.

The stack under test keeps its data in .local/e2e-N (so only a first run pays for loading the seeds)
and runs on a random PORT, so it can run beside a developer's stack (8000, .local) and beside another
test run in the same checkout (each takes a data folder no running stack holds).
"""
import fcntl
import json
import os
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from local.layout import plan_ports
from local.net import busy_ports
from tests.e2e.stack import FIRST_START_TIMEOUT, ROOT, Stack, free_stack_port
from tests.sockets import beyond_loopback, listening

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


def free_data_dir():
    """The first .local/e2e-N whose stack lock nobody holds (the stack takes the lock itself)."""
    for n in range(8):
        folder = ROOT / ".local" / f"e2e-{n}"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "stack.lock", "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return folder
            except BlockingIOError:
                continue
    pytest.fail("eight local stacks are running in this checkout already")


def get(url, timeout=15):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


@pytest.fixture
def started():
    """Start stacks through this; any still running when the test ends (a failed test) is stopped."""
    stacks, data_dir = [], free_data_dir()

    def start(port, output):
        stacks.append(Stack(port, output, data_dir))
        return stacks[-1]
    yield start
    for stack in stacks:
        if stack.process.poll() is None:
            leftovers = stack.descendants()
            stack.process.terminate()
            try:
                stack.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                stack.process.kill()
            for _, pgid in leftovers:
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def assert_nothing_left(descendants, ports):
    alive = [pid for pid, _ in descendants if Path(f"/proc/{pid}").exists()]
    assert not alive, f"processes still running after the stack stopped: {alive}"
    for _, pgid in descendants:
        with pytest.raises(ProcessLookupError):
            os.killpg(pgid, 0)  # nothing is left in any group the stack created
    assert not busy_ports(ports.values()), "a port of the stack is still held"


def test_the_stack_answers_prints_where_to_look_and_ctrl_c_leaves_nothing_running(started, tmp_path):
    # Given a free PORT (a developer's stack may be running on 8000 meanwhile)
    port = free_stack_port()
    ports = plan_ports(port)
    # When the stack is started
    stack = started(port, tmp_path / "first.log")
    stack.wait_healthy(FIRST_START_TIMEOUT)
    # Then the app answers /health and /openapi.json, the WeChat stand-in answers beside it,
    # and the stack has said where to look and with which variables
    assert json.loads(get(f"http://127.0.0.1:{port}/health")[1]) == {"ok": True}
    assert get(f"http://127.0.0.1:{port}/openapi.json")[0] == 200
    assert get(f"http://127.0.0.1:{ports['wechat']}/_records")[0] == 200
    stack.wait_for("Ctrl-C stops everything.")
    printed = stack.text()
    for path in ("/h5/", "/h5/lawyer", "/h5/staff", "/dev/wechat", "/health", "/openapi.json"):
        assert f"http://127.0.0.1:{port}{path}" in printed
    for name in ("STAGE", "WECHAT_APPID", "WECHAT_API_BASE", "AWS_ENDPOINT_URL_DYNAMODB",
                 "AWS_ENDPOINT_URL_S3", "TABLE_NAME", "UPLOAD_BUCKET"):
        assert f"  {name}=" in printed
    assert "/health answered" in printed
    running = stack.descendants()
    assert len(running) >= 3  # DynamoDB Local, SeaweedFS, chalice local
    # And every server it started (the WeChat stand-in runs in the stack itself) listens on
    # 127.0.0.1 only, on ports of its layout
    addresses = listening([stack.process.pid, *(pid for pid, _ in running)])
    assert not beyond_loopback(addresses), addresses
    assert {("127.0.0.1", p) for name, p in ports.items()} <= addresses

    # When Ctrl-C is pressed
    assert stack.stop(signal.SIGINT) == 0
    # Then every process it started is gone and every port it used is free
    assert_nothing_left(running, ports)

    # When it is started again on the same data, and stopped with SIGTERM this time
    again = started(port, tmp_path / "second.log")
    again.wait_healthy(120)
    again.wait_for("Ctrl-C stops everything.")
    running = again.descendants()
    assert again.stop(signal.SIGTERM) == 0
    # Then it came up cleanly and, again, left nothing behind
    assert "Table " in again.text() and "exists" in again.text()
    assert_nothing_left(running, ports)


def test_a_server_that_dies_stops_the_whole_stack_with_its_last_log_lines(started, tmp_path):
    # Given a running stack
    port = free_stack_port()
    ports = plan_ports(port)
    stack = started(port, tmp_path / "run.log")
    stack.wait_healthy(FIRST_START_TIMEOUT)
    running = stack.descendants()
    weed = [pid for pid, _ in running
            if b"weed" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]]
    # When SeaweedFS dies unexpectedly
    os.kill(weed[0], signal.SIGKILL)
    # Then the stack stops everything and exits non-zero, showing what the dead server last said
    assert stack.process.wait(timeout=40) != 0
    printed = stack.text()
    assert "SeaweedFS exited" in printed and "│" in printed
    assert_nothing_left(running, ports)
