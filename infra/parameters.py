"""The stack's deploy-time parameters: the public addresses, egress and alarms (never a secret).

Each is named after the environment variable the app reads (chalicelib/settings.py), so
`infra.deploy` takes its value from the operator's environment and the template hands it to every
function under the same name.
"""
from typing import NamedTuple


class Parameter(NamedTuple):
    """A template parameter and the environment variable that carries its value."""
    name: str
    env: str
    description: str
    secret: bool = False
    constraints: dict = {}
    for_functions: bool = True  # passed to every function under the same variable name


PARAMETERS = [
    Parameter("WechatAppId", "WECHAT_APPID", "Official Account AppID",
              constraints={"AllowedPattern": "^wx[0-9a-zA-Z]{16}$"}),
    # https only: refuses a local stand-in's http://127.0.0.1 leaking in from a developer's shell.
    Parameter("WechatApiBase", "WECHAT_API_BASE", "WeChat API base URL", constraints={
        "Default": "https://api.weixin.qq.com", "AllowedPattern": "^https://.+$"}),
    Parameter("PublicBaseUrl", "PUBLIC_BASE_URL",
              "Base URL citizens open, on the ICP-filed domain (e.g. https://fw.example.gov.cn)",
              constraints={"AllowedPattern": "^https://.+$"}),
    Parameter("BureauCounty", "BUREAU_COUNTY", "Administrative code of the bureau's county",
              constraints={"Default": "360722", "AllowedPattern": "^[0-9]{6}$"}),
    # The many-bureaus migration (docs/deploy.md "Migrating a pre-issue-10 table"): `off` only after
    # `python -m migrations.m010_bureaus --contract` has verified that no legacy item is left.
    Parameter("LegacyReads", "LEGACY_READS",
              "on: the default bureau also reads the pre-issue-10 keys; off: after m010 --contract",
              constraints={"Default": "on", "AllowedValues": ["on", "off"]}),
    Parameter("H5Origin", "H5_ORIGIN",
              "Origin allowed to upload straight to S3 (e.g. https://fw.example.gov.cn)",
              constraints={"AllowedPattern": "^https://[^/]+$"}, for_functions=False),
    # -- egress (docs/egress.md): how access tokens are obtained from a whitelisted IP ------------
    Parameter("WechatTokenRelayUrl", "WECHAT_TOKEN_RELAY_URL",
              "The bureau's token relay (中控服务器) answering GET ?appid= with an access token; "
              "empty: the functions ask WeChat themselves (needs EgressSubnetIds)",
              constraints={"Default": "", "AllowedPattern": "^(https://.+)?$"}),
    Parameter("EgressSubnetIds", "EGRESS_SUBNET_IDS",
              "Private subnets whose route to the internet is a NAT gateway with an Elastic IP on "
              "the account's IP whitelist; empty: the functions run outside any VPC",
              constraints={"Type": "CommaDelimitedList", "Default": ""}, for_functions=False),
    Parameter("EgressSecurityGroupIds", "EGRESS_SECURITY_GROUP_IDS",
              "Security groups of the functions in those subnets (outbound 443)",
              constraints={"Type": "CommaDelimitedList", "Default": ""}, for_functions=False),
    # -- alarms (infra/alarms.py, docs/runbook.md) --------------------------------------------
    Parameter("AlarmEmail", "ALARM_EMAIL", "Email address told of every alarm (empty: none)",
              constraints={"Default": "", "AllowedPattern": "^([^@\\s]+@[^@\\s]+)?$"},
              for_functions=False),
    Parameter("AlarmEmail2", "ALARM_EMAIL_2", "A second email address (empty: none)",
              constraints={"Default": "", "AllowedPattern": "^([^@\\s]+@[^@\\s]+)?$"},
              for_functions=False),
    Parameter("AlarmHttpsEndpoint", "ALARM_HTTPS_ENDPOINT",
              "An https endpoint told of every alarm, e.g. a WeCom/DingTalk robot relay (empty: none)",
              constraints={"Default": "", "AllowedPattern": "^(https://.+)?$"}, for_functions=False),
    Parameter("FirstResponseTargetPercent", "FIRST_RESPONSE_TARGET_PERCENT",
              "Alarm when fewer questions than this (%) got a first answer within 10 minutes in "
              "the last hour", constraints={"Type": "Number", "Default": "99.5", "MinValue": 0,
                                            "MaxValue": 100}, for_functions=False),
]

# The secrets are not parameters: `infra.deploy` stores them in SSM Parameter Store as
# SecureStrings (infra/secrets.py) and the functions read them there (chalicelib/platform_secrets.py).


def parameters():
    result = {}
    for p in PARAMETERS:
        result[p.name] = {"Type": "String", "Description": p.description, **p.constraints}
        if p.secret:
            result[p.name]["NoEcho"] = True
    return result
