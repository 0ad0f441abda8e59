"""The functions may read the Official Accounts' secrets of their own stage and nothing else in SSM."""
import json

from infra.policy import lambda_policy


def _statement(policy, sid):
    return next(s for s in policy["Statement"] if s["Sid"] == sid)


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
    assert not any(a.startswith("ssm:Put") or a == "ssm:*" for s in prod["Statement"] for a in s["Action"])
