"""A tiny stand-in for WeChat's OAuth code exchange, on 127.0.0.1 in a thread, for tests.

`codes` maps a code to the JSON WeChat answers for it (unknown codes get errcode 40029, like WeChat);
`delay` and `status` make it slow or broken; `requests` records each query string it received.
"""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


class FakeWeChatOAuth:
    def __init__(self):
        self.codes, self.requests = {}, []
        self.delay, self.status, self.raw = 0.0, 200, None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                fake.requests.append({"path": parts.path, "query": dict(parse_qsl(parts.query))})
                if fake.delay:
                    time.sleep(fake.delay)
                code = dict(parse_qsl(parts.query)).get("code")
                answer = fake.codes.get(code, {"errcode": 40029, "errmsg": "invalid code"})
                data = fake.raw if fake.raw is not None else json.dumps(answer).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01},
                         daemon=True).start()

    def grant(self, code, openid):
        self.codes[code] = {"access_token": "at", "expires_in": 7200, "refresh_token": "rt",
                            "openid": openid, "scope": "snsapi_base"}

    def close(self):
        self.server.shutdown()
        self.server.server_close()
