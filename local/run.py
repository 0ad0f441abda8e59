"""`make run`: the whole platform on this machine — start it, say where to look, stop it all on Ctrl-C.

Usage: PORT=8000 python -m local.run
LOCAL_DATA_DIR picks another data folder than .local/; LOCAL_SEED_ARGS passes arguments to the seed
loader (the e2e tests use "--lawyers 300" to keep a first start short).
"""
import fcntl
import os
import signal
import sys
import threading
import time

from local import layout, net, procs, services
from local.layout import ROOT
from local.procs import ChildDied, Interrupted, Supervisor
from local.banner import banner
from local.scheduler import Scheduler
from local.services import SetupError

STARTED = time.monotonic()


def say(text=""):
    print(text, flush=True)


def since_start():
    return time.monotonic() - STARTED


def main():
    try:
        port = int(os.environ.get("PORT") or 8000)
        ports = layout.plan_ports(port)
    except ValueError as error:
        say(f"make run: PORT={os.environ.get('PORT')!r} is not a usable port ({error})")
        return 2
    stack = layout.plan_stack(os.environ, ports)
    paths = layout.Paths.from_env(os.environ)
    for folder in (paths.dynamodb, paths.seaweedfs, paths.logs):
        folder.mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor(paths.pids)
    signal.signal(signal.SIGINT, supervisor.on_signal)
    signal.signal(signal.SIGTERM, supervisor.on_signal)
    stop_threads, servers, lock = threading.Event(), [], None  # servers: in-process, closed at exit
    try:
        lock = _claim(paths, port)
        _check_ports(stack, ports)
        loading = _start(supervisor, stack, ports, paths, servers)
        Scheduler(f"http://127.0.0.1:{port}/dev/tick", paths.log("scheduler"), say, stop_threads).start()
        while True:
            supervisor.check()
            if loading and loading.popen.poll() is not None:
                _background_load_ended(supervisor, loading)
                loading = None
            time.sleep(0.2)
    except Interrupted:
        say("\nStopping … (press Ctrl-C again to skip the grace period)")
        return 0
    except ChildDied as died:
        say(f"\n{died} — its last lines ({died.child.log_path}):")
        say("".join("  │ " + line for line in died.child.last_lines()).rstrip())
        return 1
    except (SetupError, TimeoutError) as error:
        say(f"\nmake run: {error}")
        return 1
    finally:
        stopping_at = time.monotonic()
        stop_threads.set()
        count = len(supervisor.children)
        for name in supervisor.stop_all():
            say(f"Killed {name}: it had not stopped"
                + ("" if supervisor.hurry.is_set() else f" {supervisor.grace:.0f} s after SIGTERM") + ".")
        for server in servers:
            server.shutdown()
            server.server_close()
        if count and stack.run_s3:
            services.remove_weed_sockets(ports)
        if count or servers:
            still = net.busy_ports(layout.ports_needed(stack, ports).values())
            say(f"Stopped {count} processes in {time.monotonic() - stopping_at:.1f} s; "
                + (f"ports still held: {still}" if still else "every port is free again."))
        if lock:
            lock.close()  # the data folder is free for the next stack


def _claim(paths, port):
    """One stack per data folder: two DynamoDB Locals on one database file would corrupt it."""
    handle = open(paths.lock, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        raise SetupError(f"another local stack ({handle.read().strip()}) is using {paths.data}; stop "
                         "it first, or give this one its own folder with LOCAL_DATA_DIR") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, PORT {port}")
    handle.flush()
    for pgid in procs.kill_leftovers(paths.pids):
        say(f"Stopped process group {pgid}, left running by a previous stack that could not clean up.")
    return handle


def _check_ports(stack, ports):
    needed = layout.ports_needed(stack, ports)
    busy = set(net.busy_ports(needed.values()))
    if busy:
        listing = ", ".join(f"{port} ({name})" for name, port in needed.items() if port in busy)
        raise SetupError(f"port(s) already in use: {listing}. The stack on PORT={ports['app']} needs "
                         f"{', '.join(map(str, needed.values()))}; stop whatever holds them "
                         "(another `make run`?) or choose another PORT.")


def _start(supervisor, stack, ports, paths, servers):
    """Start every server and the app; returns the seed loader if it is still loading (the
    library, the province's and national lawyers) once the app answers, else None."""
    env, marks = stack.env, {}
    services.ensure_java(say)
    if stack.run_dynamodb:
        supervisor.start("DynamoDB Local", services.dynamodb_command(ports, paths), env=env, cwd=ROOT,
                         log_path=paths.log("dynamodb"))
    if stack.run_s3:
        supervisor.start("SeaweedFS", services.seaweedfs_command(ports, paths), env=env, cwd=ROOT,
                         log_path=paths.log("seaweedfs"))
    if stack.run_wechat:
        from local.wechat_stub import serve
        server, _ = serve(ports["wechat"], appid=layout.stand_in_appids(env), secret=env["WECHAT_APPSECRET"],
                          log_file=open(paths.log("wechat"), "w", encoding="utf-8"))
        servers.append(server)
    loader = _start_seed_loader(supervisor, env, paths)  # it creates the table if it is missing
    dynamodb, s3 = _aws_clients(env)  # boto3 imports while the servers boot

    _retry_until(supervisor, lambda: services.ensure_bucket(
        s3, env["UPLOAD_BUCKET"], layout.cors_origins(stack, ports)), what="the S3 upload bucket")
    marks["S3"] = since_start()
    supervisor.wait_until(lambda: net.answers(env["AWS_ENDPOINT_URL_DYNAMODB"]), timeout=90,
                          what="DynamoDB Local")
    marks["DynamoDB"] = since_start()
    loading = loader and _wait_for_seeds(supervisor, loader, paths.seeds_ready)
    marks["seeds"] = since_start()

    supervisor.start("chalice local", services.chalice_command(ports), env=env, cwd=ROOT,
                     log_path=paths.log("chalice"))
    base = f"http://127.0.0.1:{ports['app']}"
    supervisor.wait_until(lambda: net.answers_ok(base + "/health"), timeout=90, what="the app's /health")
    marks["/health"] = since_start()
    # The loader has created the table if it was missing; without a loader, this creates it.
    state, differences = _retry_until(supervisor, lambda: services.ensure_table(dynamodb, env["TABLE_NAME"]),
                                      what=f"the table {env['TABLE_NAME']}")
    say(f"Table {env['TABLE_NAME']}: {state}.")
    if differences:
        say(f"  warning: it differs from chalicelib/db/schema.py ({', '.join(differences)}); "
            f"delete {paths.dynamodb} to rebuild it.")
    if stack.run_s3:
        _sample_video(env)
    say(banner(stack, paths, base, marks, loading=bool(loading)))
    return loading


def _sample_video(env):
    """The sample 普法 video (chalicelib/videos/sample.py), so /h5/videos has one to play."""
    import subprocess
    try:
        done = subprocess.run([sys.executable, "-m", "local.sample_video"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        say(done.stdout.strip() or f"sample video: not added ({done.stderr.strip()[-300:]})")
    except subprocess.TimeoutExpired:
        say("sample video: not added (timed out)")


def _aws_clients(env):
    import boto3
    from botocore.config import Config
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=env.get("AWS_SESSION_TOKEN"), region_name=env["AWS_REGION"])
    config = Config(connect_timeout=2, read_timeout=20, retries={"max_attempts": 2})
    return (session.client("dynamodb", endpoint_url=env["AWS_ENDPOINT_URL_DYNAMODB"], config=config),
            session.client("s3", endpoint_url=env["AWS_ENDPOINT_URL_S3"], config=config))


def _retry_until(supervisor, action, *, what, timeout=30):
    """Servers answer a little before they are fully ready (SeaweedFS loads its identities late)."""
    errors, results = [], []

    def attempt():
        try:
            results.append(action())
            return True
        except Exception as error:  # noqa: BLE001 — any failure here means "not yet"
            errors[:] = [error]
            return False
    try:
        supervisor.wait_until(attempt, timeout=timeout, what=what, interval=0.1)
    except TimeoutError as error:
        raise TimeoutError(f"{error}: {errors[0] if errors else ''}") from None
    return results[-1]


def _start_seed_loader(supervisor, env, paths):
    paths.seeds_ready.unlink(missing_ok=True)
    command = services.seeds_command(env["AWS_ENDPOINT_URL_DYNAMODB"], env.get("LOCAL_SEED_ARGS", ""),
                                     ready_file=paths.seeds_ready)
    if command is None:
        say("Seeds: skipped (no seeds/load.py yet).")
        return None
    return supervisor.start("seed loader", command, env=env, cwd=ROOT, log_path=paths.log("seeds"),
                            echo=lambda line: say(f"  seeds │ {line}"), finite=True)


def _wait_for_seeds(supervisor, loader, ready_file):
    """Wait until the loader has loaded what a first question needs (it creates `ready_file`) or
    has ended; returns the loader if it goes on loading (the rest), else None."""
    supervisor.wait_until(lambda: loader.popen.poll() is not None or ready_file.exists(),
                          timeout=3600, what="the seed loader", interval=0.05)
    if loader.popen.poll() is None:
        return loader
    supervisor.forget(loader)
    if loader.popen.returncode != 0:
        raise SetupError(f"the seed loader failed (exit {loader.popen.returncode}); see {loader.log_path}")
    return None


def _background_load_ended(supervisor, loader):
    """The rest of the seeds is in, or its load failed: the stack runs on either way (what is loaded
    is served; the next start loads the rest)."""
    supervisor.forget(loader)
    if loader.popen.returncode == 0:
        say(f"Seeds: all loaded, {since_start():.0f} s after start.")
    else:
        say(f"Seeds: loading the rest failed (exit {loader.popen.returncode}; see "
            f"{loader.log_path}). The app serves what was loaded; the next `make run` loads the rest.")


if __name__ == "__main__":
    sys.exit(main())
