"""The platform's secrets from SSM Parameter Store, never from plain environment values in the
template (docs/deploy.md, "Secrets"): with SSM_PREFIX set (the AWS stages), the settings' secret
fields are filled at the first `get_settings()` of a function instance from SecureStrings:

    <prefix>/platform/session-secret        → SESSION_SECRET (signs H5 sessions)
    <prefix>/platform/token-relay-key       → WECHAT_TOKEN_RELAY_KEY (the 中控's bearer key)
    <prefix>/accounts/<default bureau>/…    → WECHAT_APPSECRET, WECHAT_TOKEN,
                                              WECHAT_ENCODING_AES_KEY, WECHAT_PREVIOUS_ENCODING_AES_KEY

The accounts' layout is the secrets port's (chalicelib/accounts, many-bureaus.md §1), which reads
every account itself; filling the default bureau's WECHAT_* here keeps code that still reads them
working. Two GetParametersByPath calls per cold start; a value set in the environment wins (local
runs, an emergency override). A missing session secret stays missing, and sessions.signing_key
refuses to sign with it, so a stack without its secrets fails closed.
"""
import dataclasses

PLATFORM = {"session-secret": "session_secret", "token-relay-key": "wechat_token_relay_key"}
ACCOUNT = {"appsecret": "wechat_appsecret", "token": "wechat_token",
           "aes-key": "wechat_encoding_aes_key", "previous-aes-key": "wechat_previous_aes_key"}
ENV_OF = {"session_secret": "SESSION_SECRET", "wechat_token_relay_key": "WECHAT_TOKEN_RELAY_KEY",
          "wechat_appsecret": "WECHAT_APPSECRET", "wechat_token": "WECHAT_TOKEN",
          "wechat_encoding_aes_key": "WECHAT_ENCODING_AES_KEY",
          "wechat_previous_aes_key": "WECHAT_PREVIOUS_ENCODING_AES_KEY"}


def read_path(client, path, names):
    """{field: value} for the parameters directly under `path` that `names` maps."""
    found, token = {}, None
    while True:
        page = client.get_parameters_by_path(Path=path, Recursive=False, WithDecryption=True,
                                             **({"NextToken": token} if token else {}))
        for parameter in page.get("Parameters", []):
            name = parameter["Name"][len(path):]
            if name in names:
                found[names[name]] = parameter["Value"]
        token = page.get("NextToken")
        if not token:
            return found


def with_secrets(settings, client, environ):
    """`settings` with its secret fields read from SSM under `settings.ssm_prefix`, except those
    the environment sets."""
    prefix = settings.ssm_prefix
    values = read_path(client, f"{prefix}/platform/", PLATFORM)
    values.update(read_path(client, f"{prefix}/accounts/{settings.default_bureau}/", ACCOUNT))
    known = {f.name for f in dataclasses.fields(settings)}
    chosen = {name: value for name, value in values.items()
              if name in known and not environ.get(ENV_OF[name])}
    return dataclasses.replace(settings, **chosen) if chosen else settings
