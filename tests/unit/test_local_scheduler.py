"""The local scheduler: which minute it fires for, what it sends, and that failures do not stop it."""
import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from local.scheduler import next_minute, tick


def test_the_next_tick_is_at_the_top_of_the_next_minute():
    # Given a moment in the middle of a minute, and one exactly on a minute
    # Then the tick is due at the start of the following minute
    assert next_minute(datetime(2026, 3, 2, 8, 14, 37, 512000, timezone.utc)) == \
        datetime(2026, 3, 2, 8, 15, tzinfo=timezone.utc)
    assert next_minute(datetime(2026, 12, 31, 23, 59, 0, tzinfo=timezone.utc)) == \
        datetime(2027, 1, 1, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def app():
    """A stand-in for the app's /dev/tick that keeps what it receives."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.path, json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            status = 200 if self.path == "/dev/tick" else 404
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_a_tick_posts_the_scheduled_minute_in_utc_as_eventbridge_would(app):
    base, received = app
    # When the 08:15 tick fires
    status, line = tick(base + "/dev/tick", datetime(2026, 3, 2, 8, 15, tzinfo=timezone.utc))
    # Then the app receives that minute, not the moment the request left
    assert received == [("/dev/tick", {"time": "2026-03-02T08:15:00Z"})]
    assert status == 200 and "08:15Z" in line


def test_a_tick_the_app_refuses_or_cannot_take_is_reported_not_raised(app):
    base, _ = app
    minute = datetime(2026, 3, 2, 8, 16, tzinfo=timezone.utc)
    # When the route is missing, and when nothing listens at all
    missing, _ = tick(base + "/no-such-route", minute)
    unreachable, line = tick("http://127.0.0.1:9/dev/tick", minute, timeout=1)
    # Then each is an outcome to log, and the scheduler carries on
    assert missing == 404
    assert unreachable == "unreachable" and "08:16Z" in line
