"""Official Accounts: which account a name means (registry) and its secrets (the secrets port)."""
from .registry import ACCOUNT_NAME, AccountConfig, Accounts
from .secrets import AccountSecrets, Chain, EnvSecrets, SsmSecrets, secrets_for

__all__ = ["ACCOUNT_NAME", "AccountConfig", "AccountSecrets", "Accounts", "Chain", "EnvSecrets",
           "SsmSecrets", "secrets_for"]
