"""The JS-SDK configuration a page needs before WeChat renders an open tag (`wx-open-subscribe`):
`wx.config({appId, timestamp, nonceStr, signature, openTagList})`, signed with the account's
jsapi_ticket (wechat-facts.md: `sha1("jsapi_ticket=…&noncestr=…&timestamp=…&url=…")`, the URL
without `#…`). The ticket is kept per account in the table (`WECHAT#<account>` / `JSAPI_TICKET`,
AP-142) and fetched again five minutes before it expires, so pages do not spend WeChat's ticket quota.
"""
import hashlib
import secrets
from datetime import timedelta

MARGIN = timedelta(minutes=5)
OPEN_TAGS = ["wx-open-subscribe"]


def signature(ticket, noncestr, timestamp, url):
    text = f"jsapi_ticket={ticket}&noncestr={noncestr}&timestamp={timestamp}&url={url.split('#')[0]}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def ticket(store, client, now):
    """The account's current jsapi_ticket: the stored one while fresh, else a new one from WeChat."""
    stored = store.get()
    if stored and stored["expires_at"] - MARGIN > now:
        return stored["ticket"]
    answer = client.jsapi_ticket()
    store.save(answer["ticket"], now + timedelta(seconds=int(answer.get("expires_in", 7200))))
    return answer["ticket"]


def config(appid, url, *, store, client, now, nonce=None):
    """What the page passes to `wx.config` for `url` (the page's own address)."""
    noncestr = nonce or secrets.token_hex(8)
    timestamp = int(now.timestamp())
    return {"appId": appid, "timestamp": timestamp, "nonceStr": noncestr,
            "signature": signature(ticket(store, client, now), noncestr, timestamp, url),
            "openTagList": OPEN_TAGS}
