"""The stack's deploy-time parameters: WeChat credentials, secrets and the public addresses.

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
    Parameter("WechatAppSecret", "WECHAT_APPSECRET", "Official Account AppSecret", True,
              {"MinLength": 1}),
    Parameter("WechatToken", "WECHAT_TOKEN", "Callback token (3-32 letters or digits)", True,
              {"AllowedPattern": "^[A-Za-z0-9]{3,32}$"}),
    Parameter("WechatEncodingAesKey", "WECHAT_ENCODING_AES_KEY",
              "43-character EncodingAESKey; empty means plaintext mode only", True,
              {"Default": "", "AllowedPattern": "^([A-Za-z0-9]{43})?$"}),
    Parameter("WechatPreviousEncodingAesKey", "WECHAT_PREVIOUS_ENCODING_AES_KEY",
              "The EncodingAESKey before the last rotation, still accepted for decryption", True,
              {"Default": "", "AllowedPattern": "^([A-Za-z0-9]{43})?$"}),
    # https only: refuses a local stand-in's http://127.0.0.1 leaking in from a developer's shell.
    Parameter("WechatApiBase", "WECHAT_API_BASE", "WeChat API base URL", constraints={
        "Default": "https://api.weixin.qq.com", "AllowedPattern": "^https://.+$"}),
    Parameter("SessionSecret", "SESSION_SECRET",
              "Key that signs H5 session tokens (at least 32 characters)", True, {"MinLength": 32}),
    Parameter("PublicBaseUrl", "PUBLIC_BASE_URL",
              "Base URL citizens open, on the ICP-filed domain (e.g. https://fw.example.gov.cn)",
              constraints={"AllowedPattern": "^https://.+$"}),
    Parameter("BureauCounty", "BUREAU_COUNTY", "Administrative code of the bureau's county",
              constraints={"Default": "360722", "AllowedPattern": "^[0-9]{6}$"}),
    Parameter("H5Origin", "H5_ORIGIN",
              "Origin allowed to upload straight to S3 (e.g. https://fw.example.gov.cn)",
              constraints={"AllowedPattern": "^https://[^/]+$"}, for_functions=False),
]


def parameters():
    result = {}
    for p in PARAMETERS:
        result[p.name] = {"Type": "String", "Description": p.description, **p.constraints}
        if p.secret:
            result[p.name]["NoEcho"] = True
    return result
