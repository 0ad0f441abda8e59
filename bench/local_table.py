"""A private DynamoDB Local for a benchmark, and a seeded table it can start from.

Benchmarks start their own server (never the developer's `make run` one) on a free port and stop it
when done. Loading the 16,000-lawyer pool (51,000 items) takes ~45 s, so the loaded database file is
kept in a cache (keyed by the seeds' content hashes and the DynamoDB Local version) and each run
starts from a private copy of it in RAM (/dev/shm): a SQLite file on tmpfs answers as fast as
`-inMemory`, and a copy costs a fraction of a second.
"""
import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from local.layout import ROOT
from local.services import JAR_GLOB

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}
DB_FILE = "shared-local-instance.db"  # what `-sharedDb` writes in its -dbPath
SEEDED = ("categories", "regions", "staff", "lawyers")
CACHE = ROOT / ".local" / "bench-cache"  # .local/ is git-ignored


class Unavailable(RuntimeError):
    """DynamoDB Local cannot run here (no Java or no `npm ci`)."""


def _jar():
    jars = sorted(ROOT.glob(JAR_GLOB))
    if not jars or not shutil.which("java"):
        raise Unavailable("DynamoDB Local needs `npm ci` and Java 17 (`make deps` installs both)")
    return jars[-1]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def dynamodb_local(db_dir=None, heap="1g"):
    """Yield the endpoint of a fresh DynamoDB Local — in memory, or on the database in `db_dir`."""
    from local.services import dynamodb_local_command

    _jar()
    port = _free_port()
    server = subprocess.Popen(  # the stack's own command: on 127.0.0.1 only
        dynamodb_local_command(port, db_dir, [f"-Xmx{heap}"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise Unavailable("DynamoDB Local did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def point_environment_at(endpoint, table_name, **extra):
    """Set the variables the settings read so that the app's code uses this endpoint and table."""
    from chalicelib import settings

    for name, value in CREDENTIALS.items():
        os.environ.setdefault(name, value)
    os.environ.update({"STAGE": "local", "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
                       "TABLE_NAME": table_name, "AWS_REGION": "us-east-1",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_READ_TIMEOUT": "30",
                       "LOG_LEVEL": "WARNING", **extra})
    settings.reset_settings()


def load_seeds(table_name, only=SEEDED, lawyer_count=16_000, progress=None):
    """Create the table and load the named seed datasets (batch writes, 4 threads: in memory,
    batches beat the loader's transactions 2 to 1); returns the seconds it took."""
    from seeds.load import load_all

    started = time.perf_counter()
    load_all(table_name, only=list(only), lawyer_count=lawyer_count, method="batch", threads=4,
             progress=progress or (lambda line: None))
    return time.perf_counter() - started


def _fingerprint(table_name, lawyer_count):
    from seeds.datasets import all_datasets

    digest = hashlib.sha256(f"{table_name}|{lawyer_count}|{_jar().parent.name}".encode())
    for dataset in all_datasets(lawyer_count):
        if dataset.name in SEEDED or dataset.group in SEEDED:
            digest.update(dataset.fingerprint().encode())
    return digest.hexdigest()[:16]


def seeded_database(table_name, lawyer_count=16_000, say=print):
    """A database file holding `table_name` with the seeds loaded, built once and cached.
    Returns (path, seconds spent loading: 0 when it came from the cache)."""
    cached = CACHE / f"{table_name}-{lawyer_count}-{_fingerprint(table_name, lawyer_count)}" / DB_FILE
    if cached.exists():
        return cached, 0.0
    building = Path(tempfile.mkdtemp(prefix="zst-seeding-", dir=_ram()))
    try:
        say(f"loading seeds ({lawyer_count:,} lawyers) into a new DynamoDB Local database …")
        with dynamodb_local(building) as endpoint:
            point_environment_at(endpoint, table_name)
            seconds = load_seeds(table_name, lawyer_count=lawyer_count)
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"{table_name}-{lawyer_count}-*"):  # other pool sizes stay
            if stale != cached.parent:
                shutil.rmtree(stale, ignore_errors=True)
        shutil.copyfile(building / DB_FILE, cached.with_suffix(".partial"))
        os.replace(cached.with_suffix(".partial"), cached)
        return cached, seconds
    finally:
        shutil.rmtree(building, ignore_errors=True)


@contextlib.contextmanager
def private_copy(database):
    """A directory in RAM holding a copy of `database`, removed afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="zst-bench-", dir=_ram()))
    try:
        shutil.copyfile(database, directory / DB_FILE)
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _ram():
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
