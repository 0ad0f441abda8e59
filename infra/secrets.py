"""The secrets `make deploy` stores in SSM Parameter Store (SecureString, the account's aws/ssm
key) instead of passing them to the template: from the operator's environment, under the names the
functions read (chalicelib/platform_secrets.py and the accounts' secrets port). A secret left unset
keeps its stored value, so rotating one means exporting only that one.
"""
import re
from typing import NamedTuple


class Secret(NamedTuple):
    env: str
    name: str  # under <prefix>/; {bureau} is the default bureau's code
    pattern: str
    required: bool = False


SECRETS = [
    Secret("SESSION_SECRET", "platform/session-secret", r".{32,}", True),
    Secret("WECHAT_TOKEN_RELAY_KEY", "platform/token-relay-key", r".{16,}"),
    Secret("WECHAT_APPSECRET", "accounts/{bureau}/appsecret", r"[0-9A-Za-z]{16,64}", True),
    Secret("WECHAT_TOKEN", "accounts/{bureau}/token", r"[A-Za-z0-9]{3,32}", True),
    Secret("WECHAT_ENCODING_AES_KEY", "accounts/{bureau}/aes-key", r"[A-Za-z0-9]{43}"),
    Secret("WECHAT_PREVIOUS_ENCODING_AES_KEY", "accounts/{bureau}/previous-aes-key", r"[A-Za-z0-9]{43}"),
]


class SecretError(Exception):
    pass


def parameter_name(prefix, secret, bureau):
    return f"{prefix}/{secret.name.format(bureau=bureau)}"


def store(ssm, prefix, bureau, environ, say=print):
    """Put every secret the environment sets; refuse a malformed one before writing any. Returns
    the names written (never the values)."""
    chosen = [s for s in SECRETS if environ.get(s.env)]
    for secret in chosen:
        if not re.fullmatch(secret.pattern, environ[secret.env]):
            raise SecretError(f"{secret.env} does not look right (expected {secret.pattern})")
    written = []
    for secret in chosen:
        name = parameter_name(prefix, secret, bureau)
        ssm.put_parameter(Name=name, Value=environ[secret.env], Type="SecureString", Overwrite=True)
        written.append(name)
        say(f"  stored {secret.env} as {name} (SecureString)")
    return written


def missing(ssm, prefix, bureau, environ):
    """The required secrets neither the environment sets nor SSM holds."""
    absent = []
    for secret in SECRETS:
        if not secret.required or environ.get(secret.env):
            continue
        try:
            ssm.get_parameter(Name=parameter_name(prefix, secret, bureau), WithDecryption=False)
        except Exception as error:  # ParameterNotFound; anything else is the operator's to see
            if "ParameterNotFound" not in type(error).__name__ + str(error):
                raise
            absent.append(secret.env)
    return absent
