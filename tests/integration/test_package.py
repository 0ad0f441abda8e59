"""Packaging and deployment: what `make package` builds and how `make deploy` applies it.

The tests marked `slow` run the real build once (chalice package, ~5-25 s) and cfn-lint; the others
exercise the staging, the stream wiring and the deploy steps with temporary files and hand-written
fakes.
"""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError

from chalicelib import settings
from chalicelib.applications.uploads import PENDING_PREFIX
from chalicelib.db.schema import TTL_ATTRIBUTE, table_definition
from chalicelib.web.static_files import VENDOR
from infra import build as build_module, stream
from infra.build import (
    BUNDLE_DIR, BuildError, build, bundle_vendor_assets, deploy_config, stage_app)
from infra.deploy import DeployError, deploy, main as deploy_main
from infra.parameters import PARAMETERS
from infra.policy import lambda_policy, stream_read_policy
from infra.template import TABLE, UPLOAD_BUCKET

ROOT = build_module.ROOT
RUNTIME_DIRS = ("templates", "seeds", "static")
FUNCTION = "AWS::Serverless::Function"
STREAM_HANDLER = "chalicelib.routes.outbox_stream.outbox_stream"


def repo_files(name):
    base = ROOT / name
    return {p.relative_to(base).as_posix(): p for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def functions(template):
    return {k: r for k, r in template["Resources"].items() if r["Type"] == FUNCTION}


def stream_functions(template):
    return {k: f for k, f in functions(template).items()
            if f["Properties"]["Handler"] == STREAM_HANDLER}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    build_dir = tmp_path_factory.mktemp("build")
    paths = build("prod", build_dir, "us-east-1")
    return SimpleNamespace(zip=paths["zip"], template=json.loads(paths["template"].read_text()),
                           path=paths["template"], build_dir=build_dir)


# --- the package -------------------------------------------------------------------------------

@pytest.mark.slow
def test_zip_carries_every_template_seed_and_static_file_chalice_would_leave_behind(built):
    # Given the top-level runtime directories, which Chalice does not package by itself, and the
    # npm files the pages load (WeUI's stylesheet), which live in node_modules/
    expected = {f"{BUNDLE_DIR.as_posix()}/{name}/{rel}": path.read_bytes()
                for name in RUNTIME_DIRS for rel, path in repo_files(name).items()}
    expected.update({f"{BUNDLE_DIR.as_posix()}/static/{url_path}": (ROOT / path).read_bytes()
                     for url_path, path in VENDOR.items()})
    assert any("/seeds/" in key and key.endswith(".json") for key in expected)
    assert {f"{BUNDLE_DIR.as_posix()}/static/{name}" for name in (
        "css/h5.css", "js/api.js", "vendor/weui.min.css")} <= set(expected)
    # When the built zip is opened
    with zipfile.ZipFile(built.zip) as zipped:
        names = set(zipped.namelist())
        # Then every file is inside, byte for byte, under the bundle directory
        assert set(expected) <= names
        for key, content in expected.items():
            assert zipped.read(key) == content, key
        # and our code ships as fresh bytecode of exactly its sources (Lambda cannot write
        # __pycache__): unchecked-hash .pyc files (PEP 552 flags 0b01), none for the bundled data
        sources = {n for n in names if n.startswith("chalicelib/") and n.endswith(".py")
                   and "/_bundled/" not in n}
        compiled = {n for n in names if n.startswith("chalicelib/") and n.endswith(".pyc")}
        assert compiled == {f"{os.path.dirname(n)}/__pycache__/{os.path.basename(n)[:-3]}"
                            f".cpython-311.pyc" for n in sources}
        assert all(int.from_bytes(zipped.read(n)[4:8], "little") == 1 for n in compiled)


@pytest.mark.slow
def test_zip_alone_serves_health_and_finds_its_bundled_runtime_files(built, tmp_path):
    # Given the zip unpacked as Lambda would, with no site-packages on the path (python -S)
    with zipfile.ZipFile(built.zip) as zipped:
        zipped.extractall(tmp_path)
    handlers = sorted(f["Properties"]["Handler"] for f in functions(built.template).values())
    script = f"""
import importlib, json, types
for handler in {handlers!r}:
    module, name = handler.rsplit(".", 1)
    assert callable(getattr(importlib.import_module(module), name)), handler
import app, pynamodb
from chalicelib import paths
from chalicelib.web import static_files
event = {{"resource": "/health", "path": "/health", "httpMethod": "GET", "body": None,
         "headers": {{"Host": "x"}}, "multiValueQueryStringParameters": None,
         "pathParameters": None, "stageVariables": None, "isBase64Encoded": False,
         "requestContext": {{"resourcePath": "/health", "httpMethod": "GET", "stage": "api",
                            "requestId": "smoke"}}}}
context = types.SimpleNamespace(aws_request_id="smoke", function_name="APIHandler")
reply = app.app(event, context)
from chalicelib.library import views  # the search index reads the bundled seeds, not a checkout
hits = views.search("拖欠工资")["results"]
print(json.dumps({{"status": reply["statusCode"], "body": json.loads(reply["body"]),
                  "library_hits": len(hits), "library_first": hits[0]["url"] if hits else None,
                  "pynamodb": pynamodb.__file__, "templates": str(paths.runtime_dir("templates")),
                  "seeds": str(paths.runtime_dir("seeds")), "static": str(paths.runtime_dir("static")),
                  "weui": str(static_files.locate("vendor/weui.min.css")),
                  "h5_css": static_files.url("css/h5.css")}}))
"""
    env = {"PATH": "/usr/bin:/bin", "STAGE": "prod", "TABLE_NAME": "t", "UPLOAD_BUCKET": "b",
           "AWS_REGION": "cn-north-1", "AWS_DEFAULT_REGION": "cn-north-1"}
    # When every handler the template names is imported and GET /health is invoked
    done = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    # Then the package answers from its own dependencies and reads templates/seeds from the bundle
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert (result["status"], result["body"]) == (200, {"ok": True})
    assert result["pynamodb"].startswith(str(tmp_path))
    bundled = [name for name in RUNTIME_DIRS if repo_files(name)]  # a zip holds no empty dir
    assert "seeds" in bundled
    for name in bundled:
        assert Path(result[name]) == tmp_path / BUNDLE_DIR / name
    # And the pages' stylesheets are served from the bundle, WeUI's without any node_modules/
    assert Path(result["weui"]) == tmp_path / BUNDLE_DIR / "static/vendor/weui.min.css"
    assert result["h5_css"].startswith("/static/css/h5.css?v=")
    # And the law library's search finds articles from the bundled seeds alone
    assert result["library_hits"] > 0 and result["library_first"].startswith("/h5/laws/")


# --- the template ------------------------------------------------------------------------------

@pytest.mark.slow
def test_template_passes_cfn_lint_in_us_east_1_and_cn_north_1(built):
    # Given the packaged SAM template; When cfn-lint checks it against both partitions' schemas
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())",
         "--format", "json", "--regions", "us-east-1", "cn-north-1", "-t", str(built.path)],
        capture_output=True, text=True, timeout=120)
    # Then it reports no error (warnings would be listed here; today there are none)
    findings = json.loads(done.stdout or "[]")
    errors = [f for f in findings if f["Level"] == "Error"]
    assert errors == [] and done.returncode in (0, 4), done.stdout + done.stderr
    assert [f["Rule"]["Id"] for f in findings] == []


@pytest.mark.slow
def test_deployed_table_is_the_one_table_definition_with_ttl_pitr_and_encryption(built):
    # Given the single table's only definition
    expected = table_definition("any")
    # When the template's table is read
    resource = built.template["Resources"][TABLE]
    props = resource["Properties"]
    # Then keys, indexes and attributes are the same, and the protections are on
    for key in ("KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "BillingMode"):
        assert props[key] == expected[key], key
    assert props["TimeToLiveSpecification"] == {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["SSESpecification"] == {"SSEEnabled": True}
    assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"


@pytest.mark.slow
def test_api_has_a_regional_endpoint_because_china_has_no_edge_locations(built):
    api = built.template["Resources"]["RestAPI"]
    assert api["Properties"]["EndpointConfiguration"] == "REGIONAL"


@pytest.mark.slow
def test_the_gateways_own_answers_for_a_missing_route_are_404_in_the_contracts_shape(built):
    # Given the packaged API: API Gateway answers a path or method it has no route for itself
    responses = built.template["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]
    # Then those answers, and any other of its own, carry the contract's error shape
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert missing["StatusCode"] == "404"
    assert json.loads(missing["ResponseTemplates"]["application/json"])["error"]["code"] == "not_found"
    assert responses["INCOMPLETE_SIGNATURE"]["StatusCode"] == "404"  # the same, with a Bearer header
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "UNSUPPORTED_MEDIA_TYPE", "REQUEST_TOO_LARGE"):
        error = json.loads(responses[kind]["ResponseTemplates"]["application/json"])["error"]
        assert set(error) == {"code", "message"} and error["code"] and error["message"], kind


@pytest.mark.slow
def test_every_function_role_reaches_only_the_table_the_upload_objects_and_its_logs(built):
    # Given the roles Chalice generated for the functions
    roles = {name: f["Properties"]["Role"]["Fn::GetAtt"][0]
             for name, f in functions(built.template).items()}
    readers = set(stream_functions(built.template))
    assert roles and readers
    for function, role in roles.items():
        policies = built.template["Resources"][role]["Properties"]["Policies"]
        # Then each holds exactly infra/policy.py: no wildcard resource, no Scan; and only the
        # function the stream invokes may also read the stream
        expected = [lambda_policy()] + ([stream_read_policy()] if function in readers else [])
        assert [p["PolicyDocument"] for p in policies] == expected, function
    # The one wildcard: EC2's network-interface actions, which take no resource ARN, granted only
    # when the functions run in the egress VPC (docs/egress.md)
    statements = lambda_policy()["Statement"]
    [vpc] = [s["Fn::If"] for s in statements if "Fn::If" in s]
    assert vpc[0] == "InEgressVpc" and vpc[2] == {"Ref": "AWS::NoValue"}
    assert all(action.startswith("ec2:") and "NetworkInterface" in action or "PrivateIp" in action
               for action in vpc[1]["Action"])
    text = json.dumps([[s for s in statements if "Fn::If" not in s], stream_read_policy()])
    assert '"*"' not in text and "dynamodb:Scan" not in text and "s3:*" not in text


@pytest.mark.slow
def test_new_notifications_reach_the_stream_function_from_this_stacks_table(built):
    # Given the packaged template
    resources = built.template["Resources"]
    # Then the table streams new images, and the stream function reads that very stream
    assert resources[TABLE]["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    [reader] = stream_functions(built.template).values()
    [event] = reader["Properties"]["Events"].values()
    source = event["Properties"]
    assert (event["Type"], source["Stream"]) == ("DynamoDB", {"Fn::GetAtt": [TABLE, "StreamArn"]})
    # And in batches of 10 with time to deliver them, only for inserted Notifications
    assert source["BatchSize"] == 10 and 60 <= reader["Properties"]["Timeout"] <= 120
    [pattern] = [json.loads(f["Pattern"]) for f in source["FilterCriteria"]["Filters"]]
    assert pattern == {"eventName": ["INSERT"],
                       "dynamodb": {"NewImage": {"type": {"S": ["Notification"]}}}}
    # And a batch that keeps failing is given up (the sweep delivers it) rather than replayed
    assert 0 <= source["MaximumRetryAttempts"] <= 3
    # And the packaging placeholder is gone, along with any literal stream ARN
    text = built.path.read_text()
    assert stream.PLACEHOLDER not in text and ":stream/" not in text


@pytest.mark.slow
def test_no_arn_is_hard_wired_to_the_aws_partition(built):
    # aws-cn ARNs start "arn:aws-cn:"; a literal "arn:aws:" would break cn-north-1.
    assert "arn:aws:" not in built.path.read_text()


@pytest.mark.slow
def test_functions_get_the_stack_resources_and_parameters_under_the_settings_names(built):
    # Given the variables the template gives every function (SAM Globals)
    variables = built.template["Globals"]["Function"]["Environment"]["Variables"]
    # Then the table and bucket are the stack's own, and the rest are template parameters
    assert variables["TABLE_NAME"] == {"Ref": TABLE}
    assert variables["UPLOAD_BUCKET"] == {"Ref": UPLOAD_BUCKET}
    declared = built.template["Parameters"]
    for p in PARAMETERS:
        if p.for_functions:
            assert variables[p.env] == {"Ref": p.name}
    # And no secret is a parameter or a variable: the functions read them from SSM
    assert not [p for p in PARAMETERS if p.secret]
    assert not {"WECHAT_APPSECRET", "WECHAT_TOKEN", "SESSION_SECRET", "WECHAT_ENCODING_AES_KEY",
                "WECHAT_TOKEN_RELAY_KEY"} & set(variables)
    # And each name is one the settings module actually reads (a typo would be silently ignored)
    source = Path(settings.__file__).read_text()
    assert [name for name in variables if f'"{name}"' not in source] == []
    # And Chalice's own per-stage variable is still there for the merge to keep
    assert all(f["Properties"]["Environment"]["Variables"]["STAGE"] == "prod"
               for f in functions(built.template).values())


@pytest.mark.slow
def test_sweep_due_runs_every_minute(built):
    sweeps = [f for f in functions(built.template).values()
              if f["Properties"]["Handler"].endswith(".sweep_due")]
    if not sweeps:
        pytest.skip("app.py registers no sweep_due yet")
    events = list(sweeps[0]["Properties"]["Events"].values())
    assert events == [{"Type": "Schedule", "Properties": {"Schedule": "rate(1 minute)"}}]


@pytest.mark.slow
def test_upload_bucket_is_private_encrypted_and_forgets_abandoned_uploads(built):
    props = built.template["Resources"][UPLOAD_BUCKET]["Properties"]
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(props["PublicAccessBlockConfiguration"]) == 4
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    cors = props["CorsConfiguration"]["CorsRules"][0]
    assert cors["AllowedOrigins"] == [{"Ref": "H5Origin"}]
    assert set(cors["AllowedMethods"]) == {"GET", "POST", "PUT"}
    rules = {r["Id"]: r for r in props["LifecycleConfiguration"]["Rules"]}
    # The prefix uploads.py presigns into (confirm copies the file out of it)
    assert rules["ExpireAbandonedUploads"]["Prefix"] == PENDING_PREFIX == "uploads/pending/"
    assert rules["ExpireAbandonedUploads"]["ExpirationInDays"] == 1
    assert rules["AbortIncompleteMultipartUploads"]["AbortIncompleteMultipartUpload"] == {
        "DaysAfterInitiation": 1}


# --- staging and configuration (fast) ----------------------------------------------------------

def make_project(root, config):
    (root / "chalicelib").mkdir(parents=True)
    (root / "chalicelib" / "__init__.py").write_text("")
    (root / "app.py").write_text("")
    (root / "requirements.txt").write_text("")
    (root / ".chalice").mkdir()
    (root / ".chalice" / "config.json").write_text(json.dumps(config))
    for rel in ("templates/wechat/reply.xml.j2", "seeds/data/regions.json",
                "seeds/__pycache__/load.cpython-311.pyc", "static/css/h5.css"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel)


DEPLOYABLE = {"app_name": "a", "autogen_policy": False, "api_gateway_endpoint_type": "REGIONAL",
              "stages": {"prod": {}}}


def test_staging_bundles_templates_and_seeds_and_leaves_nothing_of_an_earlier_build(tmp_path):
    # Given a project and a build directory left over from an earlier build
    root, app_dir = tmp_path / "repo", tmp_path / "build" / "app"
    make_project(root, DEPLOYABLE)
    for stale in ("chalicelib/removed.py", ".chalice/deployments/cached.zip", ".chalice/old.json"):
        (app_dir / stale).parent.mkdir(parents=True, exist_ok=True)
        (app_dir / stale).write_text("old")
    # When the app is staged
    stage_app(app_dir, root)
    # Then the runtime files sit under chalicelib/_bundled, without bytecode or stale files
    assert (app_dir / BUNDLE_DIR / "templates/wechat/reply.xml.j2").read_text() == \
        "templates/wechat/reply.xml.j2"
    assert (app_dir / BUNDLE_DIR / "seeds/data/regions.json").exists()
    assert (app_dir / BUNDLE_DIR / "static/css/h5.css").read_text() == "static/css/h5.css"
    assert not (app_dir / BUNDLE_DIR / "seeds/__pycache__").exists()
    assert not (app_dir / "chalicelib/removed.py").exists()
    assert not (app_dir / ".chalice/old.json").exists()
    assert not (app_dir / ".chalice/deployments").exists()


class FakeNpm:
    """`npm ci` as the build calls it: installs `installs` into node_modules, or fails."""

    def __init__(self, installs=(), returncode=0, missing=False):
        self.installs, self.returncode, self.missing, self.calls = installs, returncode, missing, []

    def __call__(self, command, cwd, **_):
        self.calls.append(command)
        if self.missing:
            raise FileNotFoundError(command[0])
        for rel in self.installs:
            (Path(cwd) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(cwd) / rel).write_text("/* weui */")
        return SimpleNamespace(returncode=self.returncode, stdout="", stderr="npm ERR! offline")


WEUI = VENDOR["vendor/weui.min.css"]


def test_a_checkout_without_node_modules_gets_npm_ci_before_weui_is_bundled(tmp_path):
    # Given a checkout whose node_modules was never installed
    root, app_dir = tmp_path / "repo", tmp_path / "app"
    root.mkdir()
    npm = FakeNpm(installs=[WEUI])
    # When the vendor assets are bundled
    bundle_vendor_assets(app_dir, root, run=npm)
    # Then `npm ci` ran once, and WeUI's stylesheet is where the app serves /static/vendor/ from
    assert [c[:2] for c in npm.calls] == [["npm", "ci"]]
    assert (app_dir / BUNDLE_DIR / "static/vendor/weui.min.css").read_text() == "/* weui */"


def test_a_checkout_that_has_weui_is_bundled_without_running_npm(tmp_path):
    root, app_dir = tmp_path / "repo", tmp_path / "app"
    (root / WEUI).parent.mkdir(parents=True)
    (root / WEUI).write_text("/* installed */")
    npm = FakeNpm()
    bundle_vendor_assets(app_dir, root, run=npm)
    assert npm.calls == []
    assert (app_dir / BUNDLE_DIR / "static/vendor/weui.min.css").read_text() == "/* installed */"


@pytest.mark.parametrize("npm, complaint", [
    (FakeNpm(missing=True), "npm is not installed"),
    (FakeNpm(returncode=1), "npm ERR! offline"),
    (FakeNpm(installs=()), "still missing after `npm ci`"),
], ids=["no npm", "npm ci fails", "not in package.json"])
def test_the_build_stops_with_a_clear_message_when_weui_cannot_be_installed(tmp_path, npm, complaint):
    # Given a checkout without WeUI and an npm that cannot provide it
    (tmp_path / "repo").mkdir()
    # When the vendor assets are bundled; Then the build stops and says what to do
    with pytest.raises(BuildError, match=complaint) as stopped:
        bundle_vendor_assets(tmp_path / "app", tmp_path / "repo", run=npm)
    assert "weui" in str(stopped.value)


def packaged_stream_template(stream_arn):
    """What `chalice package` writes for an `on_dynamodb_record` function (trimmed)."""
    return {"Resources": {
        "OutboxStreamRole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [
            {"PolicyName": "OutboxStreamRolePolicy", "PolicyDocument": lambda_policy()}]}},
        "OutboxStream": {"Type": FUNCTION, "Properties": {
            "Handler": STREAM_HANDLER, "Timeout": 30,
            "Role": {"Fn::GetAtt": ["OutboxStreamRole", "Arn"]},
            "Events": {"OutboxStreamDynamodbEventSource": {"Type": "DynamoDB", "Properties": {
                "Stream": stream_arn, "BatchSize": 10, "StartingPosition": "LATEST"}}}}},
        "APIHandler": {"Type": FUNCTION, "Properties": {"Handler": "app.app", "Timeout": 30}}}}


def test_wiring_points_the_packaged_placeholder_at_the_tables_stream_and_only_its_role_may_read_it():
    # Given a template packaged with the build's placeholder as TABLE_STREAM_ARN
    template = packaged_stream_template(stream.PLACEHOLDER)
    # When it is wired
    assert stream.wire(template) == ["OutboxStream"]
    # Then the event reads this stack's table's stream, and its role alone gains the stream reads
    resources = template["Resources"]
    source = resources["OutboxStream"]["Properties"]["Events"][
        "OutboxStreamDynamodbEventSource"]["Properties"]
    assert source["Stream"] == {"Fn::GetAtt": [TABLE, "StreamArn"]}
    assert resources["OutboxStream"]["Properties"]["Timeout"] == stream.TIMEOUT_SECONDS
    assert [p["PolicyDocument"] for p in resources["OutboxStreamRole"]["Properties"]["Policies"]] \
        == [lambda_policy(), stream_read_policy()]
    assert resources["APIHandler"]["Properties"]["Timeout"] == 30


def test_wiring_refuses_a_stream_arn_written_literally_into_the_template():
    # Given a function packaged with a real ARN (a developer's TABLE_STREAM_ARN, say)
    template = packaged_stream_template(
        "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000")
    # When it is wired; Then the build is refused: the template would not deploy in aws-cn
    with pytest.raises(ValueError, match="arn:aws:dynamodb"):
        stream.wire(template)


def test_staging_refuses_to_empty_the_repository_itself(tmp_path):
    make_project(tmp_path, DEPLOYABLE)
    with pytest.raises(BuildError):
        stage_app(tmp_path, tmp_path)
    assert (tmp_path / "app.py").exists()


@pytest.mark.parametrize("change, complaint", [
    ({"autogen_policy": True}, "autogen_policy"),
    ({"api_gateway_endpoint_type": "EDGE"}, "REGIONAL"),
    ({"stages": {"dev": {}}}, "'prod'"),
])
def test_build_refuses_a_config_that_would_deploy_a_broad_role_or_an_edge_api(
        tmp_path, change, complaint):
    # Given a config that is deployable but for one setting
    make_project(tmp_path, {**DEPLOYABLE, **change})
    # When its prod stage is checked; Then the build stops and names the setting
    with pytest.raises(BuildError, match=complaint):
        deploy_config(tmp_path, "prod")


def test_repository_config_is_deployable_for_dev_and_prod():
    for stage in ("dev", "prod"):
        deploy_config(ROOT, stage)


# --- deploy (fast, against a hand-written CloudFormation) --------------------------------------

APPSECRET = "0123456789abcdef0123456789abcdef"
ENV = {"WECHAT_APPID": "wx0123456789abcdef", "WECHAT_APPSECRET": APPSECRET,
       "WECHAT_TOKEN": "token123", "SESSION_SECRET": "s" * 32,
       "PUBLIC_BASE_URL": "https://fw.example.gov.cn", "H5_ORIGIN": "https://fw.example.gov.cn"}


class FakeS3:
    def __init__(self):
        self.objects = {}
        self.meta = SimpleNamespace(endpoint_url="https://s3.cn-north-1.amazonaws.com.cn")

    def put_object(self, Bucket, Key, Body):
        self.objects[f"{Bucket}/{Key}"] = Body


class FakeCloudFormation:
    """Stacks and change sets as CloudFormation reports them: pending first, then settled."""

    def __init__(self, stack=None, change_set="CREATE_COMPLETE", reason="", outcome=None):
        self.stack, self.change_set, self.reason, self.outcome = stack, change_set, reason, outcome
        self.created, self.executed, self.deleted, self.polls = None, False, False, 0

    def describe_stacks(self, StackName):
        if self.stack is None:
            raise ClientError({"Error": {"Code": "ValidationError",
                                         "Message": f"Stack with id {StackName} does not exist"}},
                              "DescribeStacks")
        return {"Stacks": [self.stack]}

    def create_change_set(self, **request):
        self.created = request

    def describe_change_set(self, StackName, ChangeSetName):
        self.polls += 1
        if self.polls == 1:
            return {"Status": "CREATE_PENDING"}
        return {"Status": self.change_set, "StatusReason": self.reason, "Changes": [
            {"ResourceChange": {"Action": "Add", "LogicalResourceId": "AppTable",
                                "ResourceType": "AWS::DynamoDB::Table"}}]}

    def execute_change_set(self, StackName, ChangeSetName):
        self.executed = True
        creating = self.created["ChangeSetType"] == "CREATE"
        self.stack = {"StackStatus": "CREATE_IN_PROGRESS" if creating else "UPDATE_IN_PROGRESS"}

    def delete_change_set(self, StackName, ChangeSetName):
        self.deleted = True

    def settle(self):
        self.stack = {"StackStatus": self.outcome or self.stack["StackStatus"].replace(
            "_IN_PROGRESS", "_COMPLETE"), "Outputs": [{"OutputKey": "TableName",
                                                      "OutputValue": "zst-AppTable-1"}]}


@pytest.fixture
def out_dir(tmp_path):
    template = {"Parameters": {}, "Resources": {
        "APIHandler": {"Type": FUNCTION, "Properties": {"CodeUri": "./deployment.zip"}},
        "SweepDue": {"Type": FUNCTION, "Properties": {"CodeUri": "./deployment.zip"}},
        "AppTable": {"Type": "AWS::DynamoDB::Table", "Properties": {}}}}
    (tmp_path / "sam.json").write_text(json.dumps(template))
    (tmp_path / "deployment.zip").write_bytes(b"zip bytes")
    return tmp_path


class FakeSsm:
    """Parameter Store: SecureStrings by name."""

    def __init__(self, stored=None):
        self.stored = dict(stored or {})

    def put_parameter(self, Name, Value, Type, Overwrite):
        assert Type == "SecureString" and Overwrite
        self.stored[Name] = Value

    def get_parameter(self, Name, WithDecryption):
        if Name not in self.stored:
            raise ClientError({"Error": {"Code": "ParameterNotFound", "Message": Name}}, "GetParameter")
        return {"Parameter": {"Name": Name}}


def run_deploy(cfn, s3, out_dir, environ, said, ssm=None):
    def sleep(_seconds):
        if cfn.executed:
            cfn.settle()
    return deploy(cfn, s3, stack="zst-prod", bucket="artifacts", prefix="zst-prod",
                  out_dir=out_dir, environ=environ, change_set="deploy-1", sleep=sleep,
                  say=said.append, ssm=ssm if ssm is not None else FakeSsm(),
                  ssm_prefix="/zhangshangtong/prod")


def test_first_deploy_uploads_the_code_and_creates_the_stack_with_secrets_in_ssm(out_dir):
    # Given no stack yet and the WeChat credentials in the environment
    cfn, s3, ssm, said = FakeCloudFormation(), FakeS3(), FakeSsm(), []
    # When deploying
    status = run_deploy(cfn, s3, out_dir, ENV, said, ssm)
    # Then the zip and a template pointing every function at it are uploaded
    zips = [k for k, body in s3.objects.items() if body == b"zip bytes"]
    assert len(zips) == 1 and zips[0].endswith(".zip")
    url = cfn.created["TemplateURL"]
    assert url.startswith("https://s3.cn-north-1.amazonaws.com.cn/artifacts/zst-prod/")
    uploaded = json.loads(s3.objects[url.split(".com.cn/", 1)[1]])
    code = {r["Properties"]["CodeUri"]["Key"] for r in functions(uploaded).values()}
    assert code == {zips[0].split("/", 1)[1]}
    # And the secrets went to SSM as SecureStrings, where the functions read them, never into the
    # change set's parameters or the deploy's output
    assert ssm.stored == {"/zhangshangtong/prod/platform/session-secret": "s" * 32,
                          "/zhangshangtong/prod/accounts/360722/appsecret": APPSECRET,
                          "/zhangshangtong/prod/accounts/360722/token": "token123"}
    params = {p["ParameterKey"]: p["ParameterValue"] for p in cfn.created["Parameters"]}
    assert APPSECRET not in json.dumps(cfn.created) and "s" * 32 not in json.dumps(cfn.created)
    assert APPSECRET not in "\n".join(said)
    # And one CREATE change set carries the parameters, and is executed to completion
    assert params["H5Origin"] == ENV["H5_ORIGIN"]
    assert cfn.created["ChangeSetType"] == "CREATE"
    assert "CAPABILITY_IAM" in cfn.created["Capabilities"]
    assert status == "CREATE_COMPLETE"
    assert "TableName: zst-AppTable-1" in said


def test_first_deploy_without_the_secrets_is_refused_before_anything_is_uploaded(out_dir):
    cfn, s3, ssm = FakeCloudFormation(), FakeS3(), FakeSsm()
    environ = {k: v for k, v in ENV.items() if k != "SESSION_SECRET"}
    with pytest.raises(DeployError, match="SESSION_SECRET"):
        run_deploy(cfn, s3, out_dir, environ, [], ssm)
    assert s3.objects == {} and cfn.created is None and ssm.stored == {}


def test_a_secret_already_in_ssm_need_not_be_exported_again(out_dir):
    ssm = FakeSsm({"/zhangshangtong/prod/platform/session-secret": "s" * 40})
    environ = {k: v for k, v in ENV.items() if k != "SESSION_SECRET"}
    assert run_deploy(FakeCloudFormation(), FakeS3(), out_dir, environ, [], ssm) == "CREATE_COMPLETE"
    assert ssm.stored["/zhangshangtong/prod/platform/session-secret"] == "s" * 40


def test_a_malformed_secret_is_refused_before_anything_is_stored(out_dir):
    ssm = FakeSsm()
    with pytest.raises(DeployError, match="SESSION_SECRET"):
        run_deploy(FakeCloudFormation(), FakeS3(), out_dir, dict(ENV, SESSION_SECRET="short"), [], ssm)
    assert ssm.stored == {}


def test_update_rotates_one_secret_and_keeps_every_parameter(out_dir):
    # Given a live stack and an operator who only rotates the AppSecret
    stack = {"StackStatus": "UPDATE_COMPLETE", "Parameters": [
        {"ParameterKey": p.name} for p in PARAMETERS]}
    cfn, ssm = FakeCloudFormation(stack=stack), FakeSsm()
    rotated = "f" * 32
    # When deploying
    run_deploy(cfn, FakeS3(), out_dir, {"WECHAT_APPSECRET": rotated}, [], ssm)
    # Then only the AppSecret's parameter in SSM changes; every stack parameter keeps its value
    assert ssm.stored == {"/zhangshangtong/prod/accounts/360722/appsecret": rotated}
    sent = {p["ParameterKey"]: p for p in cfn.created["Parameters"]}
    assert cfn.created["ChangeSetType"] == "UPDATE"
    assert all(p == {"ParameterKey": k, "UsePreviousValue": True} for k, p in sent.items())
    assert len(sent) == len(PARAMETERS)


def test_a_deploy_with_nothing_to_change_deletes_its_change_set_and_executes_nothing(out_dir):
    cfn = FakeCloudFormation(stack={"StackStatus": "UPDATE_COMPLETE"}, change_set="FAILED",
                             reason="The submitted information didn't contain changes.")
    assert run_deploy(cfn, FakeS3(), out_dir, ENV, []) == "UNCHANGED"
    assert cfn.deleted and not cfn.executed


def test_a_failed_update_is_reported_as_rolled_back(out_dir):
    cfn = FakeCloudFormation(stack={"StackStatus": "UPDATE_COMPLETE"},
                             outcome="UPDATE_ROLLBACK_COMPLETE")
    with pytest.raises(DeployError, match="UPDATE_ROLLBACK_COMPLETE"):
        run_deploy(cfn, FakeS3(), out_dir, ENV, [])


def test_deploy_refuses_a_shell_still_pointed_at_the_local_stack(out_dir, capsys):
    environ = {**ENV, "AWS_REGION": "cn-north-1", "DEPLOY_BUCKET": "artifacts",
               "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:8333"}
    assert deploy_main(["--build-dir", str(out_dir.parent)], environ=environ) == 1
    assert "AWS_ENDPOINT_URL_S3" in capsys.readouterr().err
