"""WeChat's callback: `GET /wechat` (URL verification) and `POST /wechat` (messages and events).

Two route declarations, both taking any content type: Chalice answers 415 to a GET without a
Content-Type on a route that declares XML types, and WeChat, proxies and simulators send the POST as
text/xml, application/xml or nothing at all. A refusal is a 4xx with a short plain reason; nothing
here answers 500 — WeChat would show the citizen "该公众号暂时无法提供服务".
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


def _answer(body, status=200, content_type=PLAIN):
    return Response(body=body, status_code=status, headers={"Content-Type": content_type})


@bp.route("/wechat", methods=["GET"], content_types=ANY_CONTENT_TYPE)
def verify():
    """WeChat checks the callback URL: echo `echostr` when the signature is ours and fresh."""
    from chalicelib.wechat import WeChatRejected, verify_url

    container = services()
    try:
        echostr = verify_url(bp.current_request.query_params or {}, container.settings.wechat_token,
                             now_ts=int(container.clock.now().timestamp()))
    except WeChatRejected as exc:
        log("wechat_verify_refused", logging.WARNING, reason=exc.reason, status=exc.http_status)
        return _answer(exc.reason, exc.http_status)
    except Exception:
        log("wechat_verify_failed", logging.ERROR, exc_info=True)
        return _answer("bad_request", 400)
    return _answer(echostr)


@bp.route("/wechat", methods=["POST"], content_types=ANY_CONTENT_TYPE)
def receive():
    """A message or event from WeChat: verified, handled once, answered with a passive reply."""
    started = time.perf_counter()
    request = bp.current_request
    try:
        status, body, content_type = _receive(request.query_params or {}, request.raw_body or b"",
                                              services())
    except Exception:  # a bug or an outage: tell WeChat we are done rather than show it an error
        log("wechat_unhandled", logging.ERROR, exc_info=True)
        status, body, content_type = 200, SUCCESS, PLAIN
    log("wechat_request", status=status, ms=round((time.perf_counter() - started) * 1000, 1))
    return _answer(body, status, content_type)


def _receive(query, raw, container):
    from chalicelib.inbox import inbox_for
    from chalicelib.wechat import WeChatRejected, answer, parse_callback

    settings, now = container.settings, container.clock.now()
    aes_keys = [settings.wechat_encoding_aes_key, settings.wechat_previous_aes_key]
    try:
        # Once a key is configured the account is in safe/compatible mode: a plaintext push then is
        # a forgery (its signature covers only the query string, which may have leaked into a log).
        inbound = parse_callback(query, raw, token=settings.wechat_token, aes_keys=aes_keys,
                                 appid=settings.wechat_appid, now_ts=int(now.timestamp()),
                                 allow_plaintext=not aes_keys[0])
    except WeChatRejected as exc:
        log("wechat_refused", logging.WARNING, reason=exc.reason, status=exc.http_status)
        return exc.http_status, exc.reason, PLAIN
    inbox = inbox_for(container)
    message = inbound.message
    try:
        reply = inbox.handle(message)
    except Exception:
        log("wechat_handling_failed", logging.ERROR, exc_info=True, **message.log_fields())
        reply = inbox.apology(message)
    log("wechat_message", **message.log_fields(), replied=reply != SUCCESS)
    if reply == SUCCESS:
        return 200, SUCCESS, PLAIN
    return 200, answer(inbound, reply, token=settings.wechat_token, aes_keys=aes_keys,
                       now_ts=int(now.timestamp())), XML
