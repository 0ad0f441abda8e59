"""Local servers listen on 127.0.0.1 only: DynamoDB Local has no host option and its own main
class listens on every interface, so anyone on the network could read and write the local table."""
import subprocess

import pytest

from local import services
from tests.dynamodb_local import free_port
from tests.sockets import beyond_loopback, listening

pytestmark = pytest.mark.dynamodb_local


def test_dynamodb_local_listens_on_loopback_only(tmp_path):
    # Given DynamoDB Local started as the stack and the tests start it, on disk
    port = free_port()
    try:
        server = services.start_dynamodb_local(port, db_dir=tmp_path)
    except services.SetupError as error:
        pytest.skip(str(error))
    try:
        # When we look at what it listens on
        addresses = listening([server.pid])
        # Then it is its port on 127.0.0.1, and nothing another machine could reach
        assert ("127.0.0.1", port) in addresses
        assert not beyond_loopback(addresses), addresses
    finally:
        services.stop_dynamodb_local(server)


def test_the_command_starts_dynamodb_local_through_the_loopback_launcher():
    command = services.dynamodb_local_command(8001)
    assert "-jar" not in command and "LoopbackDynamoDBLocal" in command
    assert command[-4:] == ["-inMemory", "-port", "8001", "-disableTelemetry"]


def test_the_seaweedfs_command_binds_loopback_for_every_server(tmp_path):
    from local.layout import Paths, plan_ports

    command = services.seaweedfs_command(plan_ports(8000), Paths(tmp_path))
    assert "-ip=127.0.0.1" in command and "-ip.bind=127.0.0.1" in command


def test_a_java_without_its_compiler_is_told_what_is_needed(monkeypatch, tmp_path):
    # Given no compiled launcher and a compiler that fails
    monkeypatch.setattr(services, "LOOPBACK_CLASSES", tmp_path / "classes")
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a, 1, "", "Error: Module jdk.compiler not found"))
    # When the command is built
    with pytest.raises(services.SetupError, match="jdk.compiler"):
        services.dynamodb_local_command(8001)
