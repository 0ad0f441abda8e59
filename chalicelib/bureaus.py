"""Which bureau: the default bureau from its stored item, or synthesised from settings when the table
holds none yet (a deployment from before issue 10, or a table the seeds have not reached).

Every reader treats a missing `bureau` attribute as the default bureau (docs/decisions/many-bureaus.md
§8), so this is the one place that says what the default bureau is.
"""
from chalicelib.db.bureaus import find_bureau, new_account, new_bureau, new_claim


def synthesise(settings):
    """The default bureau as settings describe it: a live county bureau serving its own county, on
    the account of today's WECHAT_* variables."""
    code = settings.default_bureau
    return new_bureau(code=code, name=settings.default_bureau_name,
                      short_name=settings.default_bureau_short_name, level="county", regions=[code],
                      account=code, status="live")


def default_account(settings, bureau):
    """The default bureau's Account from today's WECHAT_* variables (the transition fallback)."""
    return new_account(account=bureau.account, appid=settings.wechat_appid, bureau=bureau.code,
                       templates=dict(settings.wechat_templates),
                       mode="safe" if settings.wechat_encoding_aes_key else "plain")


def default_items(settings, bureau=None):
    """What the seeds write for the default bureau: the Bureau, its Account and its county claims."""
    bureau = bureau or synthesise(settings)
    return [bureau, default_account(settings, bureau),
            *(new_claim(county, bureau.code) for county in bureau.regions)]


def local_items(bureau):
    """Another bureau on the local or dev stage: its Bureau, a stand-in Account (plaintext mode, an
    appid no WeChat knows) and its county claims. Real accounts are set by onboarding."""
    return [bureau, new_account(account=bureau.account, appid=f"wxlocal{bureau.code}",
                                bureau=bureau.code, mode="plain"),
            *(new_claim(county, bureau.code) for county in bureau.regions)]


def default_bureau(settings, find=find_bureau):
    """The stored default Bureau, else the one settings describe (never None)."""
    return find(settings.default_bureau) or synthesise(settings)


def known_bureau(settings, code, find=find_bureau):
    """The Bureau of `code` if there is one (the default bureau always is), else None."""
    found = find(code)
    if found is None and code == settings.default_bureau:
        return synthesise(settings)
    return found


_CACHE = {}
CACHE_SECONDS = 300  # Bureau items are read-mostly: a container reads each at most every 5 minutes


def cached_bureau(settings, code, now, find=find_bureau):
    """known_bureau through a per-container cache (design §9, "Others")."""
    hit = _CACHE.get(code)
    if hit is None or now - hit[0] > CACHE_SECONDS:
        hit = _CACHE[code] = (now, known_bureau(settings, code, find))
    return hit[1]


def forget_cached():
    _CACHE.clear()


def label(code, settings, now, find=find_bureau):
    """The short name pages show for bureau `code` (信丰); `code` absent means the default bureau.
    Through the per-container cache (`now`: monotonic seconds): the workbench labels every row."""
    code = code or settings.default_bureau
    bureau = cached_bureau(settings, code, now, find)
    return (bureau.short_name or bureau.name) if bureau else code
