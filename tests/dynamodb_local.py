"""DynamoDB Local for tests: one in-memory server per test session, a fresh table per test.

moto applies transactions without a lock and copies the table on each one; races and anything with the
full lawyer pool run here instead. Outside CI a machine without Java or `npm ci` skips these tests;
in CI (CI=true) that is a failure, since `make test` installs both.
"""
import os
import shutil
import socket
import subprocess
import time

import pytest

from local.layout import ROOT
from local.services import JAR_GLOB


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server():
    """Start DynamoDB Local in memory; yields its endpoint URL, stops it after."""
    jars = sorted(ROOT.glob(JAR_GLOB))
    if not jars or not shutil.which("java"):
        reason = "DynamoDB Local needs `npm ci` and Java 17 (make test installs both)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    server = subprocess.Popen(
        ["java", f"-Djava.library.path={jars[-1].parent / 'DynamoDBLocal_lib'}", "-jar", str(jars[-1]),
         "-inMemory", "-port", str(port), "-disableTelemetry"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("DynamoDB Local did not start")
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}"


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
