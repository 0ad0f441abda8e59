"""WeChat's callbacks, one per Official Account: `GET|POST /wechat/{bureau}` for a bureau's account,
`/wechat/lawyers` for the lawyers' platform account, and `/wechat` for the default bureau's
(docs/decisions/many-bureaus.md §3). GET is the URL check, POST a message or event.

The path is checked first (`^[0-9]{6}$|^lawyers$`); an unknown or suspended account, or a POST to
one that is not live yet, gets a plain `404 unknown_account` before anything is decrypted or
written. Every push is then checked against that account only: its token, its keys, its appid
sealed inside and its original id as ToUserName.

Route declarations take any content type: Chalice answers 415 to a GET without a Content-Type on a
route that declares XML types, and WeChat, proxies and simulators send the POST as text/xml,
application/xml or nothing at all. A refusal is a 4xx with a short plain reason; nothing here
answers 500 — WeChat would show the citizen "该公众号暂时无法提供服务".
"""
import logging
import time

from chalice import Blueprint, Response

from chalicelib.logs import log
from chalicelib.wiring import services

bp = Blueprint(__name__)

ANY_CONTENT_TYPE = ["*/*"]
SUCCESS = "success"
PLAIN = "text/plain; charset=utf-8"
XML = "application/xml; charset=utf-8"
UNKNOWN_ACCOUNT = "unknown_account"


def _answer(body, status=200, content_type=PLAIN):
    return Response(body=body, status_code=status, headers={"Content-Type": content_type})


def _account(name, method, container):
    """The AccountConfig that `name` (None: the default bureau) names, if it takes `method` now."""
    from chalicelib.accounts import ACCOUNT_NAME

    name = container.settings.default_bureau if name is None else name
    if not ACCOUNT_NAME.match(name or ""):
        return None
    config = container.accounts().resolve(name)
    return config if config is not None and config.accepts(method) else None


@bp.route("/wechat", methods=["GET"], content_types=ANY_CONTENT_TYPE)
def verify():
    return _verify(None)


@bp.route("/wechat/{bureau}", methods=["GET"], content_types=ANY_CONTENT_TYPE)
def verify_account(bureau):
    return _verify(bureau)


@bp.route("/wechat", methods=["POST"], content_types=ANY_CONTENT_TYPE)
def receive():
    return _receive_route(None)


@bp.route("/wechat/{bureau}", methods=["POST"], content_types=ANY_CONTENT_TYPE)
def receive_account(bureau):
    return _receive_route(bureau)


def _verify(name):
    """WeChat checks the callback URL: echo `echostr` when the signature is the account's and fresh."""
    from chalicelib.wechat import WeChatRejected, verify_url

    container = services()
    try:
        account = _account(name, "GET", container)
        if account is None:
            log("wechat_unknown_account", logging.WARNING, method="GET")
            return _answer(UNKNOWN_ACCOUNT, 404)
        echostr = verify_url(bp.current_request.query_params or {}, account.token,
                             now_ts=int(container.clock.now().timestamp()))
    except WeChatRejected as exc:
        log("wechat_verify_refused", logging.WARNING, reason=exc.reason, status=exc.http_status)
        return _answer(exc.reason, exc.http_status)
    except Exception:
        log("wechat_verify_failed", logging.ERROR, exc_info=True)
        return _answer("bad_request", 400)
    return _answer(echostr)


def _receive_route(name):
    """A message or event from WeChat: verified, handled once, answered with a passive reply."""
    started = time.perf_counter()
    request = bp.current_request
    try:
        status, body, content_type = _receive(name, request.query_params or {},
                                              request.raw_body or b"", services())
    except Exception:  # a bug or an outage: tell WeChat we are done rather than show it an error
        log("wechat_unhandled", logging.ERROR, exc_info=True)
        status, body, content_type = 200, SUCCESS, PLAIN
    log("wechat_request", status=status, ms=round((time.perf_counter() - started) * 1000, 1))
    return _answer(body, status, content_type)


def _receive(name, query, raw, container):
    from chalicelib.wechat import WeChatRejected, answer, parse_callback

    account = _account(name, "POST", container)
    if account is None:
        log("wechat_unknown_account", logging.WARNING, method="POST")
        return 404, UNKNOWN_ACCOUNT, PLAIN
    now = container.clock.now()
    try:
        # Once a key is configured the account is in safe/compatible mode: a plaintext push then is
        # a forgery (its signature covers only the query string, which may have leaked into a log).
        inbound = parse_callback(query, raw, token=account.token, aes_keys=account.aes_keys,
                                 appid=account.appid, original_id=account.original_id,
                                 now_ts=int(now.timestamp()), allow_plaintext=not account.aes_keys[0])
    except WeChatRejected as exc:
        log("wechat_refused", logging.WARNING, reason=exc.reason, status=exc.http_status,
            account=account.name)
        return exc.http_status, exc.reason, PLAIN
    reply = _handle(inbound.message, account, container, now)
    if reply == SUCCESS:
        return 200, SUCCESS, PLAIN
    return 200, answer(inbound, reply, token=account.token, aes_keys=account.aes_keys,
                       now_ts=int(now.timestamp())), XML


def _handle(message, account, container, now):
    """The plaintext reply to a verified message: the lawyers' account points to the workbench;
    a bureau's account runs the inbox as that bureau."""
    from chalicelib import inbox_lawyers
    from chalicelib.inbox import Desk, inbox_for
    from chalicelib.roster.follow import observe

    # Follow state per (account, openid): lawyers who unfollow leave the dispatch tiers (issue 11)
    observe(message, account.name, default_account=container.settings.default_bureau, now=now)
    if account.is_lawyers:
        reply = inbox_lawyers.reply(message, now=now, base_url=container.settings.public_base_url)
        log("wechat_message", **message.log_fields(), account=account.name, replied=reply != SUCCESS)
        return reply
    inbox = inbox_for(container).at(Desk(account.name, account.bureau, account.county))
    try:
        reply = inbox.handle(message)
    except Exception:
        log("wechat_handling_failed", logging.ERROR, exc_info=True, **message.log_fields())
        reply = inbox.apology(message)
    log("wechat_message", **message.log_fields(), account=account.name, replied=reply != SUCCESS)
    return reply
