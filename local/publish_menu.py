"""Publish `infra/wechat-menu.json` as the Official Account's custom menu (`make wechat-menu`).

Reads the app's own variables — WECHAT_API_BASE, WECHAT_APPID, WECHAT_APPSECRET, PUBLIC_BASE_URL —
fills `{PUBLIC_BASE_URL}` into the menu's links, checks WeChat's limits before sending, and posts to
`/cgi-bin/menu/create` with a `stable_token` access token. The token is asked for without
force_refresh, so the token the platform's functions share keeps working.

    python -m local.publish_menu            # publish
    python -m local.publish_menu --dry-run  # print the filled menu, send nothing
"""
import argparse
import json
import sys
from pathlib import Path

MENU = Path(__file__).resolve().parent.parent / "infra" / "wechat-menu.json"
PLACEHOLDER = "{PUBLIC_BASE_URL}"
MAX_BUTTONS, MAX_SUB_BUTTONS = 3, 5
# WeChat's limits: name ≤ 16 bytes at the top (4 汉字), ≤ 60 bytes below (shown up to ~8 汉字).
NAME_BYTES = {"top": 16, "sub": 60}
NAME_CHARS = {"top": 4, "sub": 8}
KEY_BYTES, URL_BYTES = 128, 1024


def load_menu(public_base_url, path=MENU):
    """The menu with its links pointing at `public_base_url`."""
    text = Path(path).read_text("utf-8").replace(PLACEHOLDER, public_base_url.rstrip("/"))
    return json.loads(text)


def _button_problems(button, level, where):
    found = []
    name = button.get("name", "")
    if not name or len(name.encode("utf-8")) > NAME_BYTES[level] or len(name) > NAME_CHARS[level]:
        found.append(f"{where}: name {name!r} is empty or too long for a {level}-level button")
    kind = button.get("type")
    if kind == "click" and not 0 < len(button.get("key", "").encode("utf-8")) <= KEY_BYTES:
        found.append(f"{where}: a click button needs a key of 1 to {KEY_BYTES} bytes")
    if kind == "view":
        url = button.get("url", "")
        if not url.startswith(("http://", "https://")) or len(url.encode("utf-8")) > URL_BYTES:
            found.append(f"{where}: a view button needs an http(s) url of at most {URL_BYTES} bytes")
    return found


def problems(menu):
    """Everything WeChat would refuse in `menu`, as sentences; empty when it can be published."""
    buttons = menu.get("button") or []
    found = [] if 1 <= len(buttons) <= MAX_BUTTONS else [f"the menu needs 1 to {MAX_BUTTONS} buttons"]
    for i, button in enumerate(buttons, 1):
        subs = button.get("sub_button")
        if subs is None:
            found += _button_problems(button, "top", f"button {i}")
            continue
        if not 1 <= len(subs) <= MAX_SUB_BUTTONS:
            found.append(f"button {i}: 1 to {MAX_SUB_BUTTONS} sub-buttons")
        if not button.get("name") or len(button["name"].encode("utf-8")) > NAME_BYTES["top"]:
            found.append(f"button {i}: name is empty or longer than {NAME_BYTES['top']} bytes")
        for j, sub in enumerate(subs, 1):
            found += _button_problems(sub, "sub", f"button {i}.{j}")
    return found


class MemoryTokenStore:
    """A token store for a one-off script (the API client's get / lease / save, in memory)."""

    def __init__(self):
        self.stored = None

    def get(self):
        return self.stored

    def lease(self, now, until, *_expected_token):
        return True  # one process, one caller: nobody to race

    def save(self, token, expires_at, forced_at=None):
        self.stored = {"token": token, "expires_at": expires_at, "lease_until": None,
                       "forced_at": forced_at}


def publish(menu, settings, clock):
    """Send `menu` through the WeChat API at settings.wechat_api_base; returns WeChat's answer."""
    from chalicelib.wechat.api import WeChatAPI

    api = WeChatAPI(settings.wechat_api_base, settings.wechat_appid, settings.wechat_appsecret,
                    store=MemoryTokenStore(), clock=clock)
    return api.menu_create(menu)


def main(argv=None):
    from chalicelib.clock import SystemClock
    from chalicelib.settings import Settings
    from chalicelib.wechat.api import ApiError

    parser = argparse.ArgumentParser(description="Publish infra/wechat-menu.json to WeChat.")
    parser.add_argument("--dry-run", action="store_true", help="print the filled menu, send nothing")
    args = parser.parse_args(argv)
    settings = Settings()
    menu = load_menu(settings.public_base_url)
    found = problems(menu)
    if found:
        print("The menu breaks WeChat's limits:\n  " + "\n  ".join(found), file=sys.stderr)
        return 2
    if args.dry_run:
        print(json.dumps(menu, ensure_ascii=False, indent=2))
        return 0
    try:
        answer = publish(menu, settings, SystemClock())
    except ApiError as exc:
        print(f"WeChat refused the menu: {exc}", file=sys.stderr)
        return 1
    print(f"menu published through {settings.wechat_api_base}: {json.dumps(answer, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
