"""Deploy what `make package` built to a CloudFormation stack (docs/deploy.md).

    AWS_REGION=cn-north-1 DEPLOY_BUCKET=my-artifacts python -m infra.deploy [--stack NAME]

Does what `aws cloudformation package` + `aws cloudformation deploy` do, with the venv's boto3:
uploads the zip and the template to DEPLOY_BUCKET (same region as the stack), creates a change set,
shows it, executes it and waits. Parameter values come from the environment under the app's own
variable names (infra/parameters.py), so secrets never appear on a command line; a parameter left
unset keeps the stack's current value. The secrets are not parameters: those the environment sets are
stored in SSM Parameter Store first (infra/secrets.py), where the functions read them.
"""
import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

from infra import secrets
from infra.parameters import PARAMETERS
from infra.policy import ssm_prefix

ROOT = Path(__file__).resolve().parent.parent
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]  # roles; the SAM transform
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
POLL_SECONDS, MAX_POLLS = 5, 720  # an hour: a first create with PITR and a table takes minutes


class DeployError(Exception):
    pass


def upload(s3, bucket, prefix, data, suffix):
    """Content-addressed like `aws cloudformation package`: unchanged code keeps its key."""
    key = f"{prefix}/{hashlib.md5(data).hexdigest()}{suffix}"
    s3.put_object(Bucket=bucket, Key=key, Body=data)
    return key


def with_code_in_s3(template, bucket, key):
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = {"Bucket": bucket, "Key": key}
    return template


def current_stack(cfn, stack):
    """The stack's description, or None when there is none."""
    try:
        return cfn.describe_stacks(StackName=stack)["Stacks"][0]
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise


def stack_parameters(environ, existing):
    """Values from the environment; otherwise the stack's previous value, if it has one."""
    previous = {p["ParameterKey"] for p in (existing or {}).get("Parameters", [])}
    result = []
    for p in PARAMETERS:
        if p.env in environ:
            result.append({"ParameterKey": p.name, "ParameterValue": environ[p.env]})
        elif p.name in previous:
            result.append({"ParameterKey": p.name, "UsePreviousValue": True})
    return result


def missing_for_create(environ):
    return [p.env for p in PARAMETERS if "Default" not in p.constraints and p.env not in environ]


def wait(describe, field, sleep):
    """Poll until `field` of the description leaves its pending/in-progress states."""
    for _ in range(MAX_POLLS):
        found = describe()
        if not found[field].endswith(("_PENDING", "_IN_PROGRESS")):
            return found
        sleep(POLL_SECONDS)
    raise DeployError(f"still {found[field]} after {MAX_POLLS * POLL_SECONDS} s")


def deploy(cfn, s3, *, stack, bucket, prefix, out_dir, environ, change_set,
           sleep=time.sleep, say=print, ssm=None, ssm_prefix=None):
    """Store the secrets the environment sets in SSM (when `ssm` is given), then create and execute
    one change set; returns the stack's final status or "UNCHANGED"."""
    existing = current_stack(cfn, stack)
    if existing and existing["StackStatus"] == "ROLLBACK_COMPLETE":
        raise DeployError(f"{stack} failed its first creation: delete the stack and deploy again "
                          "(its table, bucket and logs are retained, see docs/deploy.md)")
    creating = existing is None or existing["StackStatus"] == "REVIEW_IN_PROGRESS"
    missing = missing_for_create(environ) if creating else []
    bureau = environ.get("DEFAULT_BUREAU") or environ.get("BUREAU_COUNTY") or "360722"
    if creating and ssm is not None:
        missing += secrets.missing(ssm, ssm_prefix, bureau, environ)
    if missing:
        raise DeployError("set these for the first deploy: " + ", ".join(missing))
    if ssm is not None:
        try:
            secrets.store(ssm, ssm_prefix, bureau, environ, say)
        except secrets.SecretError as error:
            raise DeployError(str(error))
    code_key = upload(s3, bucket, prefix, (out_dir / "deployment.zip").read_bytes(), ".zip")
    template = with_code_in_s3(json.loads((out_dir / "sam.json").read_text()), bucket, code_key)
    template_key = upload(s3, bucket, prefix, json.dumps(template).encode(), ".template.json")
    cfn.create_change_set(
        StackName=stack, ChangeSetName=change_set, ChangeSetType="CREATE" if creating else "UPDATE",
        TemplateURL=f"{s3.meta.endpoint_url}/{bucket}/{template_key}",
        Parameters=stack_parameters(environ, existing), Capabilities=CAPABILITIES)
    described = wait(lambda: cfn.describe_change_set(StackName=stack, ChangeSetName=change_set),
                     "Status", sleep)
    if described["Status"] == "FAILED":
        reason = described.get("StatusReason", "")
        if any(text in reason for text in NO_CHANGES):
            cfn.delete_change_set(StackName=stack, ChangeSetName=change_set)
            say(f"{stack}: no changes")
            return "UNCHANGED"
        raise DeployError(f"change set {change_set} failed: {reason}")
    for change in described.get("Changes", []):
        c = change["ResourceChange"]
        replacing = c.get("Replacement") in ("True", "Conditional")
        say(f"  {c['Action']:<7} {c['LogicalResourceId']} ({c['ResourceType']})"
            + (f", replacement {c['Replacement']}" if replacing else ""))
    cfn.execute_change_set(StackName=stack, ChangeSetName=change_set)
    final = wait(lambda: cfn.describe_stacks(StackName=stack)["Stacks"][0], "StackStatus", sleep)
    if final["StackStatus"] not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        raise DeployError(f"{stack} ended {final['StackStatus']}: CloudFormation rolled back; "
                          "the stack events say why")
    for output in final.get("Outputs", []):
        say(f"{output['OutputKey']}: {output['OutputValue']}")
    return final["StackStatus"]


def built_stage(out_dir):
    if not (out_dir / "sam.json").is_file():
        raise DeployError(f"no {out_dir}/sam.json: run `make package` first")
    template = json.loads((out_dir / "sam.json").read_text())
    for resource in template["Resources"].values():
        variables = resource.get("Properties", {}).get("Environment", {}).get("Variables", {})
        if "STAGE" in variables:
            return variables["STAGE"]
    raise DeployError(f"{out_dir}/sam.json names no STAGE: run `make package` first")


def main(argv=None, environ=os.environ):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=str(ROOT / "build"))
    parser.add_argument("--stack", default=environ.get("DEPLOY_STACK"))
    parser.add_argument("--bucket", default=environ.get("DEPLOY_BUCKET"))
    args = parser.parse_args(argv)
    out_dir = Path(args.build_dir) / "out"
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    try:
        if not region or not args.bucket:
            raise DeployError("set AWS_REGION and DEPLOY_BUCKET (an S3 bucket in that region)")
        local = [n for n in environ if n.startswith("AWS_ENDPOINT_URL")]
        if local:
            raise DeployError(f"unset {', '.join(local)}: they point boto3 at a local stack")
        stack = args.stack or f"zhangshangtong-{built_stage(out_dir)}"
        session = boto3.Session(region_name=region)
        print(f"deploying {out_dir} to {stack} in {region}")
        deploy(session.client("cloudformation"), session.client("s3"), stack=stack,
               bucket=args.bucket, prefix=environ.get("DEPLOY_PREFIX") or stack, out_dir=out_dir,
               environ=environ, change_set=time.strftime("deploy-%Y%m%d-%H%M%S", time.gmtime()),
               ssm=session.client("ssm"), ssm_prefix=ssm_prefix(built_stage(out_dir)))
    except (DeployError, ClientError) as error:
        print(f"deploy failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
