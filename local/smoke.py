"""`make smoke BASE_URL=…`: check a deployed stack from outside, as WeChat and a citizen would.

    python -m local.smoke --base-url https://fw.example.gov.cn

1. `GET /health` answers ok;
2. `GET /wechat` with a correctly signed `echostr` answers the echostr (WeChat's URL verification);
3. a signed text message ("帮助") from a test openid is answered with a reply addressed to it —
   sealed in safe mode when an EncodingAESKey is given, and opened here to check it;
4. `GET /health/sweep`: the minute's sweep ran within 3 minutes and is not behind.

The callback token is SMOKE_WECHAT_TOKEN (or WECHAT_TOKEN), else read with the operator's own
credentials from SSM at `<SMOKE_SSM_PREFIX>/accounts/<SMOKE_ACCOUNT>/token` (and `aes-key`).
SMOKE_AES_KEY / SMOKE_APPID (or WECHAT_ENCODING_AES_KEY / WECHAT_APPID) select safe mode.
The test openid (SMOKE_OPENID, default `o-smoke-test`) becomes a citizen record that asked for help.
Prints one line per check; exits 1 at the first failure. docs/runbook.md says what to do then.
"""
import argparse
import json
import os
import secrets
import sys
import time
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from chalicelib.wechat import crypto
from chalicelib.wechat.xmlmsg import cdata, envelope, parse_message

TIMEOUT = 10


class SmokeFailure(Exception):
    pass


def fetch(url, data=None, headers=None):
    """(status, body text) of one request; a refused connection is a failure, an HTTP error not."""
    request = Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (URLError, OSError) as error:
        raise SmokeFailure(f"cannot reach {url}: {getattr(error, 'reason', error)}")


def check_health(base):
    status, body = fetch(base + "/health")
    if status != 200 or json.loads(body or "{}").get("ok") is not True:
        raise SmokeFailure(f"/health answered {status}: {body[:200]}")
    return "ok"


def check_verification(base, path, token, now=time.time):
    timestamp, nonce, echostr = str(int(now())), secrets.token_hex(8), secrets.token_hex(10)
    query = {"signature": crypto.url_signature(token, timestamp, nonce), "timestamp": timestamp,
             "nonce": nonce, "echostr": echostr}
    status, body = fetch(f"{base}{path}?{urlencode(query)}")
    if status != 200 or body != echostr:
        raise SmokeFailure(f"URL verification answered {status} {body[:100]!r}, not the echostr "
                           "(is the token the account's?)")
    return "echostr returned"


def text_message(openid, to_user, text, create_time):
    return (f"<xml><ToUserName>{cdata(to_user)}</ToUserName><FromUserName>{cdata(openid)}"
            f"</FromUserName><CreateTime>{create_time}</CreateTime><MsgType>{cdata('text')}</MsgType>"
            f"<Content>{cdata(text)}</Content><MsgId>{secrets.randbelow(10**18)}</MsgId></xml>")


def check_message(base, path, token, openid, *, aes_key="", appid="", now=time.time):
    timestamp, nonce = str(int(now())), secrets.token_hex(8)
    plain = text_message(openid, "gh_smoke", "帮助", timestamp)
    if aes_key:
        sealed = crypto.encrypt(plain, key=aes_key, appid=appid)
        signature = crypto.msg_signature(token, timestamp, nonce, sealed)
        body = envelope(encrypt=sealed, signature=signature, timestamp=timestamp, nonce=nonce)
        query = {"timestamp": timestamp, "nonce": nonce, "encrypt_type": "aes",
                 "msg_signature": signature, "signature": crypto.url_signature(token, timestamp, nonce),
                 "openid": openid}
    else:
        body = plain
        query = {"timestamp": timestamp, "nonce": nonce, "openid": openid,
                 "signature": crypto.url_signature(token, timestamp, nonce)}
    status, answer = fetch(f"{base}{path}?{urlencode(query)}", data=body.encode("utf-8"),
                           headers={"Content-Type": "text/xml"})
    if status != 200:
        raise SmokeFailure(f"the test message was answered {status}: {answer[:200]}")
    reply = parse_message(answer.encode("utf-8")) if answer.startswith("<") else {}
    if aes_key:
        if not reply.get("Encrypt"):
            raise SmokeFailure(f"safe mode, but the reply is not sealed: {answer[:200]}")
        crypto.verify(reply.get("MsgSignature"), token=token, timestamp=reply.get("TimeStamp"),
                      nonce=reply.get("Nonce"), encrypt=reply["Encrypt"])
        reply = parse_message(crypto.decrypt(reply["Encrypt"], keys=[aes_key], appid=appid)
                              .encode("utf-8"))
    if reply.get("ToUserName") != openid or not reply.get("Content"):
        raise SmokeFailure(f"the reply is not a text to {openid}: {answer[:200]}")
    first_line = reply['Content'].splitlines()[0][:30]
    return f"{'sealed ' if aes_key else ''}reply to {openid}: {first_line}…"


def check_sweep(base):
    status, body = fetch(base + "/health/sweep")
    found = json.loads(body or "{}") if status == 200 else {}
    if not found.get("ok"):
        raise SmokeFailure(f"the sweep is not keeping up ({status}): {body[:300]}")
    return f"last run {found['last_run_at']} ({found['age_seconds']} s ago), " \
           f"oldest due item {found['oldest_due_seconds']} s late"


def stored_secrets(prefix, account, region=None):
    """The account's callback token and AES key from SSM, with the operator's credentials."""
    import boto3

    client = boto3.client("ssm", region_name=region) if region else boto3.client("ssm")
    path = f"{prefix.rstrip('/')}/accounts/{account}/"
    found = {}
    for page in client.get_paginator("get_parameters_by_path").paginate(
            Path=path, WithDecryption=True):
        for parameter in page["Parameters"]:
            found[parameter["Name"][len(path):]] = parameter["Value"]
    return found.get("token", ""), found.get("aes-key", "")


def run(base, *, token, openid, path="/wechat", aes_key="", appid="", say=print):
    """Every check in order; True when all passed."""
    base = base.rstrip("/")
    checks = [("health", lambda: check_health(base)),
              ("url verification", lambda: check_verification(base, path, token)),
              ("test message", lambda: check_message(base, path, token, openid, aes_key=aes_key,
                                                     appid=appid)),
              ("sweep", lambda: check_sweep(base))]
    for name, check in checks:
        try:
            say(f"ok    {name}: {check()}")
        except (SmokeFailure, crypto.SignatureError, ValueError) as failure:
            say(f"FAIL  {name}: {failure}")
            return False
    return True


def main(argv=None, environ=os.environ):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=environ.get("BASE_URL"))
    parser.add_argument("--path", default=environ.get("SMOKE_CALLBACK_PATH") or "/wechat")
    args = parser.parse_args(argv)
    if not args.base_url:
        print("set BASE_URL (make smoke BASE_URL=https://…)", file=sys.stderr)
        return 2
    token = environ.get("SMOKE_WECHAT_TOKEN") or environ.get("WECHAT_TOKEN") or ""
    aes_key = environ.get("SMOKE_AES_KEY") or environ.get("WECHAT_ENCODING_AES_KEY") or ""
    if not token and environ.get("SMOKE_SSM_PREFIX"):
        token, stored_key = stored_secrets(environ["SMOKE_SSM_PREFIX"],
                                           environ.get("SMOKE_ACCOUNT") or "360722")
        aes_key = aes_key or stored_key
    if not token:
        print("set SMOKE_WECHAT_TOKEN, or SMOKE_SSM_PREFIX to read it from SSM", file=sys.stderr)
        return 2
    appid = environ.get("SMOKE_APPID") or environ.get("WECHAT_APPID") or ""
    if aes_key and not appid:
        print("safe mode needs the account's appid: set SMOKE_APPID", file=sys.stderr)
        return 2
    passed = run(args.base_url, token=token, path=args.path, aes_key=aes_key, appid=appid,
                 openid=environ.get("SMOKE_OPENID") or "o-smoke-test")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
