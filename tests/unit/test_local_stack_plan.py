"""How `make run` lays out a stack for a PORT: its ports, its environment, what it prints."""
import pytest

from local.layout import ROOT, contract_lines, cors_origins, plan_ports, plan_stack, ports_needed


def assert_usable(ports):
    values = list(ports.values())
    assert len(set(values)) == len(values), "a stack must not use one port twice"
    assert all(0 < p <= 65535 for p in values)
    # SeaweedFS's worker finds the admin server at admin + 10000.
    assert ports["admin_grpc"] == ports["admin"] + 10000


def test_a_developer_stack_and_a_test_stack_on_a_random_port_share_no_port():
    # Given a developer's stack on 8000 and a test's on a port the kernel picked
    developer, test = plan_ports(8000), plan_ports(43127)
    # Then each is usable and they have no port in common
    assert_usable(developer)
    assert_usable(test)
    assert not set(developer.values()) & set(test.values())
    assert developer["app"] == 8000 and developer["dynamodb"] == 8001


@pytest.mark.parametrize("port", [1, 1024, 8000, 55523, 55524, 55525, 60000, 65523, 65524, 65525, 65535])
def test_every_port_up_to_65535_gives_a_usable_layout(port):
    # Given a PORT anywhere in the range, near the top too
    ports = plan_ports(port)
    # Then every server gets a distinct, valid port and the app keeps PORT
    assert_usable(ports)
    assert ports["app"] == port


@pytest.mark.parametrize("port", [0, 65536, -5])
def test_a_port_outside_the_range_is_refused(port):
    with pytest.raises(ValueError):
        plan_ports(port)


def test_with_nothing_set_the_app_is_pointed_at_the_stacks_own_servers():
    # Given an environment with none of the contract's variables
    ports = plan_ports(8000)
    # When the stack is planned
    stack = plan_stack({"PATH": "/usr/bin"}, ports)
    # Then it runs every server itself and the children find them through the environment
    assert stack.run_dynamodb and stack.run_s3 and stack.run_wechat
    env = stack.env
    assert env["AWS_ENDPOINT_URL_DYNAMODB"] == "http://127.0.0.1:8001"
    assert env["AWS_ENDPOINT_URL_S3"] == "http://127.0.0.1:8003"
    assert env["WECHAT_API_BASE"] == "http://127.0.0.1:8002"
    assert env["PUBLIC_BASE_URL"] == "http://127.0.0.1:8000"
    assert env["STAGE"] == "local" and env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "us-east-1"
    assert env["AWS_ACCESS_KEY_ID"] and env["AWS_SECRET_ACCESS_KEY"] and env["PATH"] == "/usr/bin"
    assert "AWS_ENDPOINT_URL" not in env


def test_variables_already_set_win_and_a_wechat_base_set_means_no_local_stand_in():
    # Given the acceptance suite's own WeChat stand-in and table name
    environ = {"WECHAT_API_BASE": "http://127.0.0.1:9999", "TABLE_NAME": "suite-table", "STAGE": "prod"}
    # When the stack is planned
    stack = plan_stack(environ, plan_ports(8000))
    # Then their values are kept, ours is not started, and the stage is still local
    assert stack.env["WECHAT_API_BASE"] == "http://127.0.0.1:9999" and not stack.run_wechat
    assert stack.env["TABLE_NAME"] == "suite-table" and stack.env["STAGE"] == "local"
    assert {"WECHAT_API_BASE", "TABLE_NAME"} <= stack.from_environment


def test_only_the_ports_of_servers_the_stack_runs_itself_must_be_free():
    # Given the acceptance suite's WeChat stand-in, and then also its own AWS endpoint
    ports = plan_ports(8000)
    own_wechat = plan_stack({"WECHAT_API_BASE": "http://127.0.0.1:9999"}, ports)
    own_aws = plan_stack({"WECHAT_API_BASE": "http://127.0.0.1:9999",
                          "AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}, ports)
    # Then the stand-in's port is not claimed, and with AWS elsewhere only the app's port is
    assert "wechat" not in ports_needed(own_wechat, ports)
    assert set(ports_needed(own_wechat, ports)) == set(ports) - {"wechat"}
    assert ports_needed(own_aws, ports) == {"app": 8000}


def test_a_generic_aws_endpoint_means_dynamodb_and_s3_are_someone_elses():
    # Given AWS_ENDPOINT_URL set (one server for every AWS service)
    stack = plan_stack({"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}, plan_ports(8000))
    # Then neither DynamoDB Local nor SeaweedFS is started and both endpoints point there
    assert not stack.run_dynamodb and not stack.run_s3
    assert stack.env["AWS_ENDPOINT_URL_DYNAMODB"] == stack.env["AWS_ENDPOINT_URL_S3"] == "http://127.0.0.1:5000"


def test_the_printout_names_every_contract_variable_and_hides_secrets_given_by_the_caller():
    # Given a real-looking app secret in the environment
    stack = plan_stack({"WECHAT_APPSECRET": "real-secret-value"}, plan_ports(8000))
    # When the contract variables are listed
    lines = contract_lines(stack)
    text = "\n".join(lines)
    # Then every variable is there, the caller's secret is masked, the local defaults are shown
    for name in ("STAGE", "WECHAT_APPID", "WECHAT_APPSECRET", "WECHAT_TOKEN", "WECHAT_ENCODING_AES_KEY",
                 "WECHAT_API_BASE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3",
                 "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TABLE_NAME", "UPLOAD_BUCKET"):
        assert any(line.startswith(name + "=") for line in lines), name
    assert "real-secret-value" not in text and "WECHAT_APPSECRET=****" in text
    assert "AWS_SECRET_ACCESS_KEY=local-secret" in text


def test_the_upload_bucket_admits_the_origin_the_h5_pages_are_served_from():
    # Given pages served through a tunnel as well as on 127.0.0.1
    stack = plan_stack({"PUBLIC_BASE_URL": "https://zst.example.net/"}, plan_ports(8000))
    # Then CORS admits the tunnel's origin and the local ones
    assert cors_origins(stack, plan_ports(8000)) == [
        "https://zst.example.net", "http://127.0.0.1:8000", "http://localhost:8000"]


def test_the_readme_names_every_port_a_stack_takes():
    # Given the ports of a stack on PORT 8000
    offsets = sorted(port - 8000 for name, port in plan_ports(8000).items() if name != "app")
    near = [offset for offset in offsets if offset < 100]
    # Then the README names each of them as the layout places them
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert near == list(range(1, 12))
    assert "DynamoDB Local `PORT`+1" in readme and "the WeChat stand-in +2" in readme
    assert "S3 +3 and its other servers +4…+11" in readme
    assert f"admin gRPC at `PORT`+{offsets[-1]}" in readme and "127.0.0.1 only" in readme


def test_the_seed_loader_is_told_where_to_say_that_a_first_question_can_be_asked(tmp_path):
    from local.layout import Paths
    from local.services import seeds_command

    paths = Paths(tmp_path)
    command = seeds_command("http://127.0.0.1:8001", "--lawyers 300", ready_file=paths.seeds_ready)
    assert command[-5:] == ["http://127.0.0.1:8001", "--ready-file", str(tmp_path / "seeds.ready"),
                            "--lawyers", "300"]


def test_the_local_stack_gives_each_seeded_bureau_and_the_lawyers_a_stand_in_account_of_its_own():
    import json

    from local.layout import stand_in_appids

    # Given a plain `make run`
    stack = plan_stack({"PATH": "/usr/bin"}, plan_ports(8000))
    accounts = json.loads(stack.env["LOCAL_ACCOUNTS"])
    # Then 大余 (seeded besides the default bureau) and the lawyers' account have their own appid and
    # token; the default bureau keeps the WECHAT_* variables
    assert set(accounts) == {"360723", "lawyers"}
    assert accounts["360723"]["appid"] == "wxlocal360723"
    assert len({a["token"] for a in accounts.values()} | {stack.env["WECHAT_TOKEN"]}) == 3
    # and the WeChat stand-in answers for all three appids
    assert stand_in_appids(stack.env) == [stack.env["WECHAT_APPID"], "wxlocal360723", "wxlocallawyers"]
    # while LOCAL_ACCOUNTS given by the caller is kept
    assert plan_stack({"LOCAL_ACCOUNTS": "{}"}, plan_ports(8000)).env["LOCAL_ACCOUNTS"] == "{}"
