"""The secrets port: an Official Account's appsecret, token and EncodingAESKeys, by account name.

Two adapters (docs/decisions/many-bureaus.md §1):
- `SsmSecrets` reads SSM Parameter Store with one GetParametersByPath on
  `<prefix>/accounts/<account>/` (SecureStrings, decrypted with the `aws/ssm` key), cached per
  function instance for 5 minutes: a cold webhook pays one SSM call, a warm one none.
- `EnvSecrets` reads LOCAL_ACCOUNTS (JSON {account: {appid, appsecret, token, aes_key,
  original_id?}}), and for the default bureau's account today's WECHAT_* variables (the transition
  fallback, removed at the contract step).
`chain` asks each adapter in turn. An adapter answers an `AccountSecrets`, or None when it holds
nothing for the account. Secrets never go into the table or a log.
"""
from dataclasses import dataclass, field

CACHE_SECONDS = 300
# Parameter names under the account's path, and the field each fills.
PARAMETERS = {"appsecret": "appsecret", "token": "token", "aes-key": "aes_key",
              "previous-aes-key": "previous_aes_key"}


@dataclass(frozen=True)
class AccountSecrets:
    """`appid` and `original_id` are public (the Account item holds them); an env adapter may carry
    them for an account that has no item yet (local stand-ins)."""
    token: str
    appsecret: str = ""
    aes_key: str = ""
    previous_aes_key: str = ""
    appid: str = ""
    original_id: str = ""
    source: str = field(default="", compare=False)

    @property
    def aes_keys(self):
        """[current, previous]: both open pushes during a key rotation."""
        return [self.aes_key, self.previous_aes_key]

    def __repr__(self):  # never print a secret
        return f"AccountSecrets(appid={self.appid!r}, source={self.source!r})"


class SsmSecrets:
    def __init__(self, client, prefix, clock, cache_seconds=CACHE_SECONDS):
        self.client, self.prefix, self.clock = client, prefix.rstrip("/"), clock
        self.cache_seconds = cache_seconds
        self._cache = {}  # account → (loaded at, AccountSecrets or None)

    def path(self, account):
        return f"{self.prefix}/accounts/{account}/"

    def get(self, account):
        now = self.clock.now()
        cached = self._cache.get(account)
        if cached and (now - cached[0]).total_seconds() < self.cache_seconds:
            return cached[1]
        found = self._load(account)
        self._cache[account] = (now, found)
        return found

    def _load(self, account):
        path, values, token = self.path(account), {}, None
        while True:
            page = self.client.get_parameters_by_path(
                Path=path, Recursive=False, WithDecryption=True,
                **({"NextToken": token} if token else {}))
            for parameter in page.get("Parameters", []):
                name = parameter["Name"][len(path):]
                if name in PARAMETERS:
                    values[PARAMETERS[name]] = parameter["Value"]
            token = page.get("NextToken")
            if not token:
                break
        if not values.get("token"):  # no token: nothing can be verified with this account
            return None
        return AccountSecrets(source="ssm", **values)


class EnvSecrets:
    def __init__(self, settings):
        self.settings = settings

    def get(self, account):
        entry = (self.settings.local_accounts or {}).get(account)
        if isinstance(entry, dict) and entry.get("token"):
            return AccountSecrets(
                token=entry["token"], appsecret=entry.get("appsecret", ""),
                aes_key=entry.get("aes_key", ""), previous_aes_key=entry.get("previous_aes_key", ""),
                appid=entry.get("appid", ""), original_id=entry.get("original_id", ""),
                source="local_accounts")
        s = self.settings
        if account == s.default_bureau and s.wechat_token:  # the WECHAT_* transition fallback
            return AccountSecrets(token=s.wechat_token, appsecret=s.wechat_appsecret,
                                  aes_key=s.wechat_encoding_aes_key,
                                  previous_aes_key=s.wechat_previous_aes_key, appid=s.wechat_appid,
                                  source="wechat_env")
        return None


class Chain:
    """The first adapter that holds the account's secrets answers."""

    def __init__(self, *adapters):
        self.adapters = [a for a in adapters if a is not None]

    def get(self, account):
        for adapter in self.adapters:
            found = adapter.get(account)
            if found is not None:
                return found
        return None


def secrets_for(settings, clock, ssm_client=None):
    """The port as settings configure it: SSM first when SSM_PREFIX is set, then the environment."""
    ssm = SsmSecrets(ssm_client(), settings.ssm_prefix, clock) if settings.ssm_prefix else None
    return Chain(ssm, EnvSecrets(settings))
