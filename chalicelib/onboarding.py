"""Onboarding a bureau (issue 10, docs/decisions/many-bureaus.md §1): create it with its county
claims in one transaction, then switch it live or suspend it.

Every function takes its table access as arguments (`read_bureau`, `read_region`, `write`) so the
rules test without AWS; `chalicelib.admin.bureaus` wires the real ones.
"""
import re
from dataclasses import dataclass, field

from chalicelib import notice_kinds
from chalicelib.db.bureaus import LEVELS, STATUSES

_CODE = re.compile(r"[1-9][0-9]{5}")


class OnboardingError(ValueError):
    """What the operator must change; the message says it in one sentence."""


@dataclass(frozen=True)
class NewBureau:
    code: str
    name: str
    short_name: str
    level: str = "county"
    regions: list = field(default_factory=list)  # default: the bureau's own division


def check(spec, read_region):
    """The spec's problems, refused before anything is written: codes are GB/T 2260 divisions the
    platform knows, a county bureau serves counties, names are present and short enough to show."""
    if not _CODE.fullmatch(spec.code or ""):
        raise OnboardingError(f"bureau code {spec.code!r} is not a 6-digit GB/T 2260 code")
    if spec.level not in LEVELS:
        raise OnboardingError(f"level must be one of {', '.join(LEVELS)}")
    if not (spec.name or "").strip() or not 1 <= len((spec.short_name or "").strip()) <= 6:
        raise OnboardingError("a bureau needs a name and a short name of 1 to 6 characters")
    own = read_region(spec.code)
    if own is None or own.level != spec.level:
        raise OnboardingError(f"{spec.code} is not a known {spec.level}-level division")
    regions = list(dict.fromkeys(spec.regions or [spec.code]))
    for county in regions:
        region = read_region(county) if _CODE.fullmatch(county or "") else None
        if region is None or region.level != "county":
            raise OnboardingError(f"region {county!r} is not a known county-level division")
        if spec.level != "county" and spec.code not in (region.city, region.province):
            raise OnboardingError(f"county {county} ({region.name}) is not under {own.name}")
    if spec.level == "county" and regions != [spec.code]:
        raise OnboardingError("a county bureau serves its own county only")
    return regions


def create(spec, *, read_region, write):
    """Create the bureau (status `onboarding`) and claim its counties, all or nothing. `write`
    commits (bureau fields, regions) with attribute_not_exists on the Bureau and every claim and
    raises OnboardingError naming what was taken."""
    regions = check(spec, read_region)
    write({"code": spec.code, "name": spec.name.strip(), "short_name": spec.short_name.strip(),
           "level": spec.level, "regions": regions, "account": spec.code, "status": "onboarding"},
          regions)
    return regions


_APPID = re.compile(r"wx[0-9a-f]{16}")
_ORIGINAL_ID = re.compile(r"gh_[0-9a-f]{12}")
_TOKEN = re.compile(r"[A-Za-z0-9]{3,32}")  # WeChat's rule for the server configuration token
_AES_KEY = re.compile(r"[A-Za-z0-9]{43}")


def check_account(appid, original_id, secrets, other_tokens):
    """An Official Account's settings as WeChat issues them, refused before anything is written.
    Safe mode is the rule; a token another account already uses is refused, because plaintext
    pushes are signed with the token alone and two accounts would open each other's (§3)."""
    if not _APPID.fullmatch(appid or ""):
        raise OnboardingError("appid must look like wx followed by 16 hex digits")
    if not _ORIGINAL_ID.fullmatch(original_id or ""):
        raise OnboardingError("original id must look like gh_ followed by 12 hex digits")
    if not (secrets.get("appsecret") or "").strip():
        raise OnboardingError("the account's AppSecret is missing")
    if not _TOKEN.fullmatch(secrets.get("token") or ""):
        raise OnboardingError("token must be 3 to 32 letters or digits")
    if not _AES_KEY.fullmatch(secrets.get("aes_key") or ""):
        raise OnboardingError("EncodingAESKey must be 43 letters or digits (safe mode)")
    if secrets["token"] in other_tokens:
        raise OnboardingError("another account already uses this token: choose a new one in WeChat")
    return {"appsecret": secrets["appsecret"].strip(), "token": secrets["token"],
            "aes-key": secrets["aes_key"]}


def transition(code, status, *, read_bureau, read_account, write_status, default_bureau=None):
    """Switch a bureau `live` or `suspended` (or back to `onboarding`). Going live needs its
    Official Account (without one, no callback could be opened) and a template for every notice kind
    the account sends (without one, its citizens and staff would hear nothing: issue 11)."""
    if status not in STATUSES:
        raise OnboardingError(f"status must be one of {', '.join(STATUSES)}")
    bureau = read_bureau(code)
    if bureau is None:
        raise OnboardingError(f"no bureau {code}")
    if status == "live":
        account = read_account(bureau.account)
        if account is None or not account.appid:
            raise OnboardingError(f"bureau {code} has no Official Account yet: run `account` first")
        left = notice_kinds.missing(bureau.account, account.templates, default_bureau)
        if left:
            raise OnboardingError(
                f"bureau {code} cannot go live: {len(left)} notice kinds have no template ("
                + ", ".join(f"{k.key} {k.channel}" for k in left) + "). Set them with `templates "
                f"--code {bureau.account}` and check with `make wechat-templates ACCOUNT={bureau.account}`")
    if bureau.status != status:
        write_status(code, bureau.status, status)  # conditional on the status read
    return bureau.status, status


def menu_for(menu, code):
    """The Official Account menu of bureau `code`: every link carries `?bureau=<code>`, so a page
    opened from it speaks for that bureau before anyone signs in."""
    def fix(button):
        button = dict(button)
        if button.get("type") == "view" and "bureau=" not in button.get("url", ""):
            joiner = "&" if "?" in button["url"] else "?"
            button["url"] = f"{button['url']}{joiner}bureau={code}"
        if "sub_button" in button:
            button["sub_button"] = [fix(sub) for sub in button["sub_button"]]
        return button
    return {**menu, "button": [fix(button) for button in menu.get("button", [])]}
