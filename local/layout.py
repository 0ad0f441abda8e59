"""What a local stack looks like for a given PORT: its ports, folders and environment (no I/O here)."""
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from chalicelib.settings import LOCAL_DEFAULTS

ROOT = Path(__file__).resolve().parent.parent

# Every auxiliary server listens at PORT + offset, so two stacks started with different PORTs (a
# developer's on 8000, a test's on a random port) never reach for the same ports.
OFFSETS = {"dynamodb": 1, "wechat": 2, "s3": 3, "s3_grpc": 4, "master": 5, "master_grpc": 6,
           "volume": 7, "volume_grpc": 8, "filer": 9, "filer_grpc": 10, "admin": 11}
SPAN = max(OFFSETS.values())
# SeaweedFS's maintenance worker dials the admin server at admin port + 10000 whatever
# -admin.port.grpc says (weed 4.48), so the admin pair keeps that distance: one of the two sits in
# the block beside PORT, the other 10000 away.
WEED_GRPC_OFFSET = 10000
MAX_PORT = 65535

LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local-secret"}
CONTRACT = ("STAGE", "WECHAT_APPID", "WECHAT_APPSECRET", "WECHAT_TOKEN", "WECHAT_ENCODING_AES_KEY",
            "WECHAT_API_BASE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3",
            "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TABLE_NAME", "UPLOAD_BUCKET",
            "PUBLIC_BASE_URL")
SECRETS = ("WECHAT_APPSECRET", "WECHAT_ENCODING_AES_KEY", "AWS_SECRET_ACCESS_KEY")


def plan_ports(port):
    """{name: port} for the app at `port` and every server beside it."""
    if not 0 < port <= MAX_PORT:
        raise ValueError(f"PORT must be between 1 and {MAX_PORT}, not {port}")
    # Near the top of the range the servers sit just below PORT instead of above it.
    step = 1 if port + SPAN <= MAX_PORT else -1
    ports = {"app": port, **{name: port + step * offset for name, offset in OFFSETS.items()}}
    if ports["admin"] + WEED_GRPC_OFFSET <= MAX_PORT:
        ports["admin_grpc"] = ports["admin"] + WEED_GRPC_OFFSET
    else:
        ports["admin_grpc"], ports["admin"] = ports["admin"], ports["admin"] - WEED_GRPC_OFFSET
    return ports


@dataclass(frozen=True)
class Paths:
    data: Path

    @classmethod
    def from_env(cls, environ):
        return cls(Path(environ.get("LOCAL_DATA_DIR") or ROOT / ".local").resolve())

    dynamodb = property(lambda self: self.data / "dynamodb")
    seaweedfs = property(lambda self: self.data / "seaweedfs")
    logs = property(lambda self: self.data / "logs")
    lock = property(lambda self: self.data / "stack.lock")
    pids = property(lambda self: self.data / "stack-pids.json")
    seeds_ready = property(lambda self: self.data / "seeds.ready")  # the first seeds are in

    def log(self, name):
        return self.logs / f"{name}.log"


@dataclass(frozen=True)
class Stack:
    """The environment every child gets, and which servers this stack must run itself."""
    env: dict
    from_environment: frozenset  # contract variables the caller set (shown as such, secrets hidden)
    run_dynamodb: bool
    run_s3: bool
    run_wechat: bool


def plan_stack(environ, ports):
    """Variables already set win over the local defaults; an endpoint already set means that
    service is someone else's (the acceptance suite brings its own WeChat stand-in)."""
    given = {k: v for k, v in environ.items() if v != ""}
    generic = given.get("AWS_ENDPOINT_URL")
    run_dynamodb = not (given.get("AWS_ENDPOINT_URL_DYNAMODB") or generic)
    run_s3 = not (given.get("AWS_ENDPOINT_URL_S3") or generic)
    region = given.get("AWS_REGION") or given.get("AWS_DEFAULT_REGION") or LOCAL_DEFAULTS["AWS_REGION"]
    defaults = {
        **{k: LOCAL_DEFAULTS[k] for k in CONTRACT if k in LOCAL_DEFAULTS},
        **LOCAL_CREDENTIALS,
        "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
        "AWS_ENDPOINT_URL_DYNAMODB": generic or f"http://127.0.0.1:{ports['dynamodb']}",
        "AWS_ENDPOINT_URL_S3": generic or f"http://127.0.0.1:{ports['s3']}",
        "WECHAT_API_BASE": f"http://127.0.0.1:{ports['wechat']}",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports['app']}",
        "PYTHONUNBUFFERED": "1",
    }
    env = dict(environ)
    env.update({k: v for k, v in defaults.items() if not env.get(k)})
    env["STAGE"] = "local"
    if not env.get("LOCAL_ACCOUNTS"):
        env["LOCAL_ACCOUNTS"] = json.dumps(stand_in_accounts(env))
    return Stack(env=env, from_environment=frozenset(k for k in CONTRACT if k in given and k != "STAGE"),
                 run_dynamodb=run_dynamodb, run_s3=run_s3, run_wechat="WECHAT_API_BASE" not in given)


def stand_in_accounts(env, root=ROOT):
    """LOCAL_ACCOUNTS for the local stack: every bureau the seeds write besides the default one (its
    stand-in account `wxlocal<code>`, plaintext mode, a token of its own) and the lawyers' account.
    The default bureau keeps the WECHAT_* variables. The WeChat stand-in accepts all their appids."""
    listed = json.loads((root / "seeds" / "bureaus.json").read_text("utf-8"))["bureaus"]
    default = env.get("DEFAULT_BUREAU") or env.get("BUREAU_COUNTY") or LOCAL_DEFAULTS["DEFAULT_BUREAU"]
    names = [b["code"] for b in listed if b["code"] != default] + ["lawyers"]
    secret = env.get("WECHAT_APPSECRET") or LOCAL_DEFAULTS["WECHAT_APPSECRET"]
    return {name: {"appid": f"wxlocal{name}", "appsecret": secret, "token": f"zhangshangtong{name}"}
            for name in names}


def stand_in_appids(env):
    """Every appid the local WeChat stand-in answers for."""
    accounts = json.loads(env.get("LOCAL_ACCOUNTS") or "{}")
    return [env["WECHAT_APPID"], *(a["appid"] for a in accounts.values() if a.get("appid"))]


def ports_needed(stack, ports):
    """{name: port} this stack will listen on: the app's and those of the servers it runs itself."""
    mine = {"app"} | ({"dynamodb"} if stack.run_dynamodb else set()) | (
        {"wechat"} if stack.run_wechat else set())
    return {name: port for name, port in ports.items()
            if name in mine or (stack.run_s3 and name not in ("app", "dynamodb", "wechat"))}


def cors_origins(stack, ports):
    """Origins the H5 pages are served from, admitted by the upload bucket's CORS."""
    public = urlsplit(stack.env["PUBLIC_BASE_URL"])
    origins = [f"{public.scheme}://{public.netloc}", f"http://127.0.0.1:{ports['app']}",
               f"http://localhost:{ports['app']}"]
    return list(dict.fromkeys(origins))


def contract_lines(stack):
    """`NAME=value` for every contract variable, saying which came from the environment."""
    lines = []
    for name in CONTRACT:
        value = stack.env.get(name, "")
        note = ""
        if name in stack.from_environment:
            note = "  (from your environment)"
            if name in SECRETS and value:
                value = "****"
        elif name == "AWS_ENDPOINT_URL":
            note = "  (unset: DynamoDB and S3 are separate servers, see the next two)"
        elif name == "WECHAT_ENCODING_AES_KEY" and not value:
            note = "  (empty: plaintext mode)"
        lines.append(f"{name}={value}{note}")
    return lines
