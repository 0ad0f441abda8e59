"""Child processes of the local stack: started in their own process groups, watched, stopped together.

Each child leads a new session (so a terminal's Ctrl-C reaches only the orchestrator, which then stops
the children in order) and its whole group is signalled, so nothing it forked survives it.
"""
import json
import os
import signal
import subprocess
import threading
import time
from collections import deque


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived while the stack was starting."""


class ChildDied(Exception):
    def __init__(self, child):
        super().__init__(f"{child.name} exited with status {child.popen.returncode}")
        self.child = child


class Child:
    def __init__(self, name, popen, log_path, finite=False):
        self.name, self.popen, self.log_path = name, popen, log_path
        self.finite = finite  # a job that is meant to end (the seed loader), not a server

    @property
    def pgid(self):
        return self.popen.pid  # start_new_session makes the child its group's leader

    def group_alive(self):
        return group_exists(self.pgid)

    def signal_group(self, sig):
        try:
            os.killpg(self.pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def last_lines(self, count=25):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return list(deque(log, maxlen=count))
        except OSError:
            return []


class Supervisor:
    """Starts children, notices one that dies, and stops them all (TERM, then KILL after `grace`)."""

    def __init__(self, pid_file, grace=8.0):
        self.children, self.pid_file, self.grace = [], pid_file, grace
        self.started_any = False  # a stack that never started anything leaves the record alone
        self.stopping = threading.Event()  # a first SIGINT/SIGTERM
        self.hurry = threading.Event()  # a second one: stop waiting for a graceful exit

    def on_signal(self, signum, frame):
        (self.hurry if self.stopping.is_set() else self.stopping).set()

    def start(self, name, argv, *, env, cwd, log_path, echo=None, finite=False):
        """Start `argv` with its output in `log_path` (and each line passed to `echo`, if given)."""
        log = open(log_path, "wb")
        popen = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE if echo else log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        if echo:
            threading.Thread(target=_tee, args=(popen.stdout, log, echo), daemon=True).start()
        else:
            log.close()  # the child holds its own copy
        child = Child(name, popen, log_path, finite)
        self.children.append(child)
        self.started_any = True
        self._record()
        return child

    def check(self):
        """Raise if a signal arrived or a child that should be running has exited."""
        if self.stopping.is_set():
            raise Interrupted()
        for child in self.children:
            if child.popen.poll() is not None and not child.finite:
                raise ChildDied(child)

    def wait_until(self, ready, *, timeout, what, interval=0.05):
        deadline = time.monotonic() + timeout
        while not ready():
            self.check()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")
            time.sleep(interval)

    def forget(self, child):
        self.children.remove(child)
        self._record()

    def stop_all(self):
        """Stop every child's process group; returns the names of those that had to be killed."""
        for child in reversed(self.children):  # the app first, the stores it uses last
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while any(c.group_alive() for c in self.children) and time.monotonic() < deadline:
            for child in self.children:
                child.popen.poll()  # reap the leader so its group can empty
            if self.hurry.is_set():
                break
            time.sleep(0.05)
        killed = []
        for child in self.children:
            if child.group_alive():
                child.signal_group(signal.SIGKILL)
                killed.append(child.name)
            try:
                child.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.children.clear()
        self._record()
        return killed

    def _record(self):
        """Remember who runs, so a later start can clean up after an orchestrator killed by -9."""
        if self.started_any:
            groups = [{"pgid": c.pgid, "argv": list(c.popen.args)} for c in self.children]
            self.pid_file.write_text(json.dumps(groups))


def kill_leftovers(pid_file, grace=8.0):
    """Stop process groups recorded by a previous run whose orchestrator could not clean up."""
    try:
        groups = json.loads(pid_file.read_text())
    except (OSError, ValueError):
        return []
    found = []
    for group in groups:
        try:
            with open(f"/proc/{group['pgid']}/cmdline", "rb") as f:
                argv = f.read().decode(errors="replace").split("\0")[:-1]
        except OSError:
            continue
        # The very command we started (a script's interpreter may precede it), not a reused pid.
        if argv[-len(group["argv"]):] == group["argv"]:
            found.append(group["pgid"])
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pgid in found:
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(group_exists(p) for p in found):
            time.sleep(0.05)
    return found


def group_exists(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _tee(stream, log, echo):
    with log:
        for line in iter(stream.readline, b""):
            log.write(line)
            log.flush()
            echo(line.decode("utf-8", errors="replace").rstrip("\n"))
