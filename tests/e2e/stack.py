"""The local stack as `make run` starts it (`python -m local.run` in a session of its own, on a PORT,
with a data folder) and the headless Chromium the browser scenarios drive; each test picks its folder."""
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from local.layout import CONTRACT, plan_ports
from local.net import busy_ports

ROOT = Path(__file__).resolve().parents[2]
# The scenarios need a county's lawyers, not the whole pool: a small pool keeps a first start short.
SEED_ARGS = "--lawyers 300"
FIRST_START_TIMEOUT = 300  # seconds: a fresh data folder loads the seeds once
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
STEP = 45_000  # ms: the longest any single browser step may take on a busy 2-core machine


def status(url, timeout=15):
    """(HTTP status, body) of a GET; the body is empty when the status is an error."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def missing_routes(base, routes):
    """The JSON routes of `routes` the running app's /openapi.json does not describe."""
    _, body = status(base + "/openapi.json")
    paths = json.loads(body).get("paths", {}) if body else {}
    return [path for path in routes if path not in paths]


def _worker():
    """(this pytest-xdist worker's index, the number of workers); (0, 1) when not distributed."""
    name, count = os.environ.get("PYTEST_XDIST_WORKER", ""), os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")
    return (int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0), max(1, int(count))


PORT_BLOCK = 64  # with `make test`'s two workers, ports are dealt out to them in blocks of 64


def free_stack_port():
    """A PORT whose whole layout (the app and every server beside it) is free right now, and, when
    the suite runs on several workers, lies in this worker's blocks: two stacks starting at the same
    moment on two workers can never plan the same port."""
    index, count = _worker()
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        planned = plan_ports(port).values()
        if all(p // PORT_BLOCK % count == index for p in planned) and not busy_ports(planned):
            return port


class Stack:
    """`python -m local.run` in its own session, as `make run` starts it; `env` adds variables."""

    def __init__(self, port, output, data_dir, seed_args=SEED_ARGS, **env):
        variables = {k: v for k, v in os.environ.items() if k not in CONTRACT and not k.startswith("AWS_")}
        variables.update(PORT=str(port), LOCAL_DATA_DIR=str(data_dir), LOCAL_SEED_ARGS=seed_args, **env)
        self.port, self.output, self.base = port, Path(output), f"http://127.0.0.1:{port}"
        with open(output, "wb") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "local.run"], cwd=ROOT, env=variables,
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def text(self):
        return self.output.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while text not in self.text():
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail(f"the stack never said {text!r}:\n{self.text()}")
            time.sleep(0.1)

    def wait_healthy(self, timeout=FIRST_START_TIMEOUT):
        """/health answers and every seed is in: the stack answers before the library and the
        farther lawyers are loaded, and the scenarios count on all of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the stack exited ({self.process.returncode}) before /health:\n{self.text()}")
            try:
                if status(self.base + "/health", timeout=2)[0] == 200:
                    return self.wait_seeded(deadline - time.monotonic())
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"/health did not answer within {timeout} s:\n{self.text()}")

    def wait_seeded(self, timeout):
        self.wait_for("Ctrl-C stops everything.", timeout=max(timeout, 10))
        if "still loading" in self.text():
            self.wait_for("Seeds: all loaded", timeout=max(timeout, 10))

    def descendants(self):
        """(pid, pgid) of every process below the orchestrator, found through /proc."""
        parents = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = (int(fields[1]), int(fields[2]))  # ppid, pgrp
        found, frontier = set(), {self.process.pid}
        while frontier:
            frontier = {pid for pid, (ppid, _) in parents.items() if ppid in frontier}
            found |= {(pid, parents[pid][1]) for pid in frontier}
        return found

    def stop(self, sig, timeout=40):
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def shut_down(self):
        """Ctrl-C (the stack stops everything it started), its group killed if that hangs; the exit code."""
        if self.process.poll() is None:
            try:
                self.stop(signal.SIGINT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


@contextlib.contextmanager
def running(output, data_dir, **env):
    """A healthy stack on a free PORT for the block, shut down after it."""
    stack = Stack(free_stack_port(), output, data_dir, **env)
    try:
        stack.wait_healthy()
        yield stack
    finally:
        stack.shut_down()


@contextlib.contextmanager
def chromium():
    """Debian's headless Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
