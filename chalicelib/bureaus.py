"""Which bureau: the default bureau from its stored item, or synthesised from settings when the table
holds none yet (a deployment from before issue 10, or a table the seeds have not reached).

Every reader treats a missing `bureau` attribute as the default bureau (docs/decisions/many-bureaus.md
§8), so this is the one place that says what the default bureau is.
"""
from chalicelib.db.bureaus import Account, Bureau, CountyClaim, find_bureau


def synthesise(settings):
    """The default bureau as settings describe it: a live county bureau serving its own county, on
    the account of today's WECHAT_* variables."""
    code = settings.default_bureau
    return Bureau(code=code, name=settings.default_bureau_name,
                  short_name=settings.default_bureau_short_name, level="county", regions=[code],
                  account=code, status="live")


def default_account(settings, bureau):
    """The default bureau's Account from today's WECHAT_* variables (the transition fallback)."""
    return Account(account=bureau.account, appid=settings.wechat_appid, bureau=bureau.code,
                   templates=dict(settings.wechat_templates),
                   mode="safe" if settings.wechat_encoding_aes_key else "plain")


def default_items(settings, bureau=None):
    """What the seeds write for the default bureau: the Bureau, its Account and its county claims."""
    bureau = bureau or synthesise(settings)
    return [bureau, default_account(settings, bureau),
            *(CountyClaim(county=county, bureau=bureau.code) for county in bureau.regions)]


def default_bureau(settings, find=find_bureau):
    """The stored default Bureau, else the one settings describe (never None)."""
    return find(settings.default_bureau) or synthesise(settings)


LABEL_SECONDS = 300
_labels = {}


def label(code, settings, now, find=find_bureau):
    """The short name pages show for bureau `code` (信丰); `code` absent means the default bureau.
    Read at most once per 5 minutes of `now` per process: the workbench labels every row."""
    code = code or settings.default_bureau
    loaded_at, name = _labels.get(code, (None, None))
    if loaded_at is None or not 0 <= (now - loaded_at).total_seconds() < LABEL_SECONDS:
        bureau = find(code) or (synthesise(settings) if code == settings.default_bureau else None)
        name = (bureau.short_name or bureau.name) if bureau else code
        _labels[code] = (now, name)
    return name
