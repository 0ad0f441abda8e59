"""The lawyers' platform Official Account (`/wechat/lawyers`): it only points to the workbench.

Lawyers hear of dispatches, follow-ups and awards from this account (outbox: audience lawyer). What
they send it is answered with one fixed reply that links to `/h5/lawyer`: a follow, a menu click, any
text or media. Nothing here creates a consultation or writes anything, so a redelivery is harmless
and needs no dedupe record; binding an openid to a lawyer is the binding code's job (issue 10 §4).
"""
from chalicelib.render import render

SUCCESS = "success"
ANSWERED_EVENTS = ("subscribe", "click", "scan")


def reply(message, *, now, base_url):
    """The passive reply (plaintext XML, or SUCCESS) to one verified push to the lawyers' account."""
    if message.kind == "event" and message.event not in ANSWERED_EVENTS:
        return SUCCESS  # unfollow, link views, delivery reports …: nothing to say
    return render("wechat/lawyer_workbench.xml.j2", to_user=message.sender,
                  from_user=message.account, create_time=int(now.timestamp()), base=base_url,
                  welcome=message.event == "subscribe")
