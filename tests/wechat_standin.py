"""An in-test stand-in for the WeChat API on 127.0.0.1 that can be slow, fail on cue, or be down.

It issues stable tokens, refuses sends with an unknown token (40001) like WeChat, records every call,
and plays scripted failures: an errcode, HTTP 500, a dropped connection. `stop()` takes it down
(connection refused) and `start()` brings it back on the same port.
"""
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

# WeChat's paths, written out here rather than taken from the client under test.
# An Official Account sends 订阅通知 through bizsend (/subscribe/send is the Mini Program's).
SENDS = ("/cgi-bin/message/template/send", "/cgi-bin/message/subscribe/bizsend",
         "/cgi-bin/message/custom/send", "/cgi-bin/menu/create")


class WeChatStandIn:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = []  # (path, query, body, answer)
        self.tokens, self.current = set(), None
        self.ids = itertools.count(1)
        self.delay = 0.0
        self.script = []  # [path or None, failure, times left]
        self.server, self.port = None, 0

    # -- control --------------------------------------------------------------------------------
    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        handler = type("Handler", (_Handler,), {"standin": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def fail(self, failure, times=1, path=None):
        """The next `times` calls (to `path`, or any) fail with an errcode, "http500" or "drop"."""
        with self.lock:
            self.script.append([path, failure, times])

    def revoke_tokens(self):
        """Every token issued so far stops working, as after a forced refresh elsewhere."""
        with self.lock:
            self.tokens.clear()

    def delivered(self, path=None):
        """Bodies of the sends WeChat accepted."""
        with self.lock:
            return [body for p, _, body, answer in self.calls
                    if p in SENDS and (path is None or p == path)
                    and isinstance(answer, dict) and answer.get("errcode") == 0]

    def token_calls(self):
        with self.lock:
            return [body for p, _, body, _ in self.calls if p == "/cgi-bin/stable_token"]

    # -- the API --------------------------------------------------------------------------------
    def answer(self, path, query, body):
        with self.lock:
            for entry in self.script:
                if entry[2] > 0 and entry[0] in (None, path):
                    entry[2] -= 1
                    return self._failure(entry[1])
            if path == "/cgi-bin/stable_token":
                if body.get("force_refresh") or self.current not in self.tokens:
                    self.current = f"token-{next(self.ids)}"
                    self.tokens.add(self.current)
                return 200, {"access_token": self.current, "expires_in": 7200}
            if path in SENDS:
                if query.get("access_token") not in self.tokens:
                    return 200, {"errcode": 40001, "errmsg": "invalid credential"}
                return 200, {"errcode": 0, "errmsg": "ok", "msgid": next(self.ids)}
            return 404, {"errcode": 404, "errmsg": "unknown path"}

    @staticmethod
    def _failure(failure):
        if failure == "http500":
            return 500, {"errcode": -1, "errmsg": "system error"}
        if failure == "drop":
            return None, None
        return 200, {"errcode": failure, "errmsg": "simulated"}


class _Handler(BaseHTTPRequestHandler):
    standin = None

    def do_POST(self):
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.standin.delay:
            time.sleep(self.standin.delay)
        status, payload = self.standin.answer(parts.path, query, body)
        with self.standin.lock:
            self.standin.calls.append((parts.path, query, body, payload if status == 200 else status))
        if status is None:
            self.close_connection = True
            return
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test)

    def log_message(self, *args):
        pass
