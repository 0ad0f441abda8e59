"""The functions may read the Official Accounts' secrets of their own stage and nothing else in SSM."""
import json

from infra.policy import lambda_policy


def _statements(policy):
    """Every statement, a conditional one (the egress VPC's) as the statement it grants."""
    return [s["Fn::If"][1] if "Fn::If" in s else s for s in policy["Statement"]]


def _statement(policy, sid):
    return next(s for s in _statements(policy) if s["Sid"] == sid)


def test_functions_read_secrets_by_path_only_under_their_stages_accounts():
    # Given the prod and dev policies
    prod, dev = lambda_policy("prod"), lambda_policy("dev")
    secrets = _statement(prod, "AccountSecrets")
    # Then SSM allows only GetParametersByPath, on the stage's accounts path (any account under it)
    assert secrets["Action"] == ["ssm:GetParametersByPath"]
    assert secrets["Resource"] == [{"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:"
                                               "${AWS::AccountId}:parameter/zhangshangtong/prod/accounts/*"}]
    assert "/zhangshangtong/dev/accounts/*" in json.dumps(_statement(dev, "AccountSecrets"))
    # and the aws/ssm key decrypts only when SSM asks for it
    key = _statement(prod, "AccountSecretsKey")
    assert key["Action"] == ["kms:Decrypt"]
    assert key["Condition"] == {"StringEquals": {
        "kms:ViaService": {"Fn::Sub": "ssm.${AWS::Region}.${AWS::URLSuffix}"}}}
    assert not any(a.startswith("ssm:Put") or a == "ssm:*" for s in _statements(prod) for a in s["Action"])


def test_functions_read_the_platforms_own_secrets_only_under_their_stage():
    # The session key and the relay key (chalicelib/platform_secrets.py), by path, nothing else
    platform = _statement(lambda_policy("prod"), "PlatformSecrets")
    assert platform["Action"] == ["ssm:GetParametersByPath"]
    arn = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/zhangshangtong/prod/platform"
    assert platform["Resource"] == [{"Fn::Sub": arn}, {"Fn::Sub": arn + "/*"}]
