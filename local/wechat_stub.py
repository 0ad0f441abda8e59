"""A local stand-in for the WeChat Official Account API (api.weixin.qq.com).

It answers the calls the platform makes — access tokens, template / subscribe / customer-service
sends, the web OAuth code exchange, menu creation, the account's templates
(`get_all_private_template`, `newtmpl/gettemplate`: local/wechat_templates.py), temporary media downloads (`/cgi-bin/media/get`
serves a small real JPEG for the dev simulator's `local-media-*` ids and a one-second AMR for
`local-voice-*`; any other id is 40007, as WeChat answers media it no longer has) — and records every request (method, path, query,
JSON body, time, answer) so the local pages and the tests can see what was "sent":
`GET /_records[?touser=OPENID][&path=/cgi-bin/...]` (oldest first), `DELETE /_records`.
`POST /_behaviour {"delay_ms": 3000, "fail_with": null | <errcode> | "http500" | "drop", "times": N}`
makes the API calls slow or failing (the next N calls, or all while `times` is null; `{}` resets).
Local OAuth convention: the code `local-<openid>` stands for that openid (reusable, unlike WeChat's
single-use codes, so a page can be reloaded); any other code is errcode 40029.
Run alone with `python -m local.wechat_stub --port 8002`.
"""
import argparse
import base64
import itertools
import json
import secrets
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from local.wechat_templates import PRIVATE_TEMPLATES, SUBSCRIBE_TEMPLATES

OK = {"errcode": 0, "errmsg": "ok"}
DROP = object()  # close the connection without answering
# An Official Account sends 订阅通知 through bizsend; /subscribe/send is kept for Mini Program callers.
SENDS = ("/cgi-bin/message/template/send", "/cgi-bin/message/subscribe/bizsend",
         "/cgi-bin/message/subscribe/send",
         "/cgi-bin/message/custom/send", "/cgi-bin/message/mass/sendall")
ERRMSG = {40001: "invalid credential, access_token is invalid or not latest",
          40013: "invalid appid", 40029: "invalid code", 40125: "invalid appsecret",
          42001: "access_token expired", 45015: "response out of time limit or subscription is canceled",
          -1: "system error", 40007: "invalid media_id"}
MEDIA_GET = "/cgi-bin/media/get"
# The account's templates (local/wechat_templates.py): the same realistic set for every account.
TEMPLATE_LISTS = {
    "/cgi-bin/template/get_all_private_template": lambda: {"template_list": PRIVATE_TEMPLATES},
    "/wxaapi/newtmpl/gettemplate": lambda: dict(OK, data=SUBSCRIBE_TEMPLATES),
    # The JS-SDK's ticket: a fixed local one (its signature is checked by no browser here).
    "/cgi-bin/ticket/getticket": lambda: dict(OK, ticket="local-jsapi-ticket", expires_in=7200),
}
# A 16×16 red JPEG, and one second of AMR-NB (RFC 4867: "#!AMR\n", then 50 frames of 12.2 kbit/s).
JPEG_BYTES = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwCjRRRXnn0R/9k=")
AMR_BYTES = b"#!AMR\n" + (b"\x3c" + bytes(31)) * 50
MEDIA = {"local-media-": (JPEG_BYTES, "image/jpeg"), "local-voice-": (AMR_BYTES, "audio/amr")}


class File:
    """A binary answer (media/get), sent as it is rather than as JSON."""

    def __init__(self, body, content_type):
        self.body, self.content_type = body, content_type


def _utc_now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class WeChatStandIn:
    """The stand-in's state and rules, free of HTTP so unit tests can drive it directly."""

    def __init__(self, appid=None, secret=None, now=_utc_now):
        # One appid, or several (the local stack's stand-in accounts, which share the secret).
        self.appids = {appid} if isinstance(appid, str) else set(appid or ())
        self.secret, self._now = secret, now
        self._lock = threading.Lock()
        self._records, self._tokens = [], set()
        self._stable_tokens, self._token_appids = {}, {}  # stable_token per appid; whose token
        self._ids = itertools.count(1)
        self.behaviour = {"delay_ms": 0, "fail_with": None, "times": None}

    # -- the control surface ------------------------------------------------------------------
    def records(self, touser=None, path=None):
        with self._lock:
            return [r for r in self._records
                    if (touser is None or (r["json"] or {}).get("touser") == touser)
                    and (path is None or r["path"] == path)]

    def clear_records(self):
        with self._lock:
            self._records.clear()

    def set_behaviour(self, body):
        fail_with = body.get("fail_with")
        if not (fail_with is None or fail_with in ("http500", "drop") or isinstance(fail_with, int)):
            raise ValueError("fail_with must be null, an errcode, 'http500' or 'drop'")
        with self._lock:
            self.behaviour = {"delay_ms": int(body.get("delay_ms") or 0), "fail_with": fail_with,
                              "times": body.get("times")}
        return self.behaviour

    # -- the WeChat API -----------------------------------------------------------------------
    def handle(self, method, path, query, body):
        """Answer one API call: (HTTP status, JSON payload) or (None, DROP)."""
        record = {"method": method, "path": path, "query": query, "json": body, "time": self._now(),
                  "appid": self._token_appids.get((query or {}).get("access_token"))}  # who sent it
        failure = self._take_failure()
        status, payload = failure if failure else self._answer(method, path, query, body or {})
        if isinstance(payload, File):
            record["answer"] = {"file": payload.content_type, "bytes": len(payload.body)}
        else:
            record["answer"] = "dropped" if payload is DROP else (payload if status == 200 else status)
        with self._lock:
            self._records.append(record)
        return status, payload

    def delay_seconds(self):
        return self.behaviour["delay_ms"] / 1000

    def _take_failure(self):
        with self._lock:
            b = self.behaviour
            if b["fail_with"] is None or b["times"] == 0:
                return None
            if b["times"] is not None:
                b["times"] -= 1
            fail = b["fail_with"]
        if fail == "drop":
            return None, DROP
        if fail == "http500":
            return 500, {"errcode": -1, "errmsg": "system error"}
        return 200, {"errcode": fail, "errmsg": ERRMSG.get(fail, "simulated failure")}

    def _answer(self, method, path, query, body):
        if path in ("/cgi-bin/token", "/cgi-bin/stable_token"):
            creds = query if path == "/cgi-bin/token" else body
            refused = self._check_app(creds.get("appid"), creds.get("secret"))
            if refused:
                return 200, refused
            return 200, {"access_token": self._token(path, body.get("force_refresh"), creds.get("appid")),
                         "expires_in": 7200}
        if path == "/sns/oauth2/access_token":
            refused = self._check_app(query.get("appid"), query.get("secret"))
            code = query.get("code", "")
            if refused:
                return 200, refused
            if not code.startswith("local-") or len(code) == len("local-"):
                return 200, {"errcode": 40029, "errmsg": ERRMSG[40029]}
            return 200, {"access_token": f"oauth-{next(self._ids)}", "expires_in": 7200,
                         "refresh_token": f"refresh-{code}", "openid": code[len("local-"):],
                         "scope": "snsapi_base"}
        if path == MEDIA_GET:
            if query.get("access_token") not in self._tokens:
                return 200, {"errcode": 40001, "errmsg": ERRMSG[40001]}
            media_id = query.get("media_id") or ""
            for prefix, (body, content_type) in MEDIA.items():
                if media_id.startswith(prefix) and len(media_id) > len(prefix):
                    return 200, File(body, content_type)
            # WeChat says "no such media" with HTTP 200 and a JSON body labelled text/plain.
            return 200, {"errcode": 40007, "errmsg": ERRMSG[40007]}
        if path in TEMPLATE_LISTS:
            if query.get("access_token") not in self._tokens:
                return 200, {"errcode": 40001, "errmsg": ERRMSG[40001]}
            return 200, TEMPLATE_LISTS[path]()
        if path in SENDS or path == "/cgi-bin/menu/create":
            if query.get("access_token") not in self._tokens:
                return 200, {"errcode": 40001, "errmsg": ERRMSG[40001]}
            return 200, dict(OK, msgid=next(self._ids)) if path in SENDS else dict(OK)
        return 404, {"errcode": 404, "errmsg": f"no such API in the local stand-in: {method} {path}"}

    def _check_app(self, appid, secret):
        if self.appids and appid not in self.appids:
            return {"errcode": 40013, "errmsg": ERRMSG[40013]}
        if self.secret and secret != self.secret:
            return {"errcode": 40125, "errmsg": ERRMSG[40125]}
        return None

    def _token(self, path, force_refresh, appid=None):
        # stable_token keeps answering the same token until a forced refresh, like WeChat's: one
        # per appid, as each Official Account has its own.
        with self._lock:
            if path == "/cgi-bin/stable_token" and self._stable_tokens.get(appid) and not force_refresh:
                return self._stable_tokens[appid]
            # Random, so a token cached by a previous run is refused (40001) and must be renewed.
            token = f"local-token-{next(self._ids)}-{secrets.token_hex(6)}"
            self._tokens.add(token)
            self._token_appids[token] = appid
            if path == "/cgi-bin/stable_token":
                self._stable_tokens[appid] = token
            return token


class _Handler(BaseHTTPRequestHandler):
    standin = None  # set by serve()
    log_file = None
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method):
        parts = urlsplit(self.path)
        path, query = parts.path, dict(parse_qsl(parts.query))
        try:
            body = self._json_body()
        except ValueError:
            return self._send(400, {"errcode": 47001, "errmsg": "data format error"})
        if path == "/_records":
            if method == "DELETE":
                self.standin.clear_records()
                return self._send(200, OK)
            return self._send(200, self.standin.records(query.get("touser"), query.get("path")))
        if path == "/_behaviour":
            if method == "GET":
                return self._send(200, self.standin.behaviour)
            try:
                return self._send(200, self.standin.set_behaviour(body or {}))
            except (ValueError, TypeError) as exc:
                return self._send(400, {"errcode": 40000, "errmsg": str(exc)})
        delay = self.standin.delay_seconds()
        if delay:
            time.sleep(delay)
        status, payload = self.standin.handle(method, path, query, body)
        if payload is DROP:
            self.close_connection = True
            return
        self._send(status, payload)

    def _json_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw.decode("utf-8")) if raw.strip() else None

    def _send(self, status, payload):
        if isinstance(payload, File):
            data, content_type = payload.body, payload.content_type
        else:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            content_type = "application/json; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        if self.log_file:
            self.log_file.write(f"{_utc_now()} {self.address_string()} {format % args}\n")
            self.log_file.flush()


def serve(port, *, host="127.0.0.1", appid=None, secret=None, log_file=None):
    """Start the stand-in on a daemon thread; returns (server, standin). `server.shutdown()` stops it."""
    standin = WeChatStandIn(appid=appid, secret=secret)
    handler = type("Handler", (_Handler,), {"standin": standin, "log_file": log_file})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), name="wechat-stub", daemon=True).start()
    return server, standin


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8002)
    parser.add_argument("--appid")
    parser.add_argument("--secret")
    args = parser.parse_args()
    server, _ = serve(args.port, appid=args.appid, secret=args.secret)
    print(f"WeChat API stand-in on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
