"""Build the deployable package: stage the app, bundle its runtime files, package with Chalice.

    python -m infra.build [--stage prod] [--build-dir build] [--region cn-north-1]

produces BUILD/out/sam.json and BUILD/out/deployment.zip (`python -m infra.deploy` deploys them).
The stage defaults to $DEPLOY_STAGE, else prod; the template is the same for every region.

Chalice zips only app.py, chalicelib/ and vendor/, so the top-level `templates/`, `seeds/` and
`static/` are copied into the staged `chalicelib/_bundled/` (BUNDLE_DIR), and so are the npm assets
the pages load (WeUI's stylesheet, as `static/vendor/…`); at run time the app reads them there when
present and from the repository otherwise. Then the packaged template's stream event is wired to
the table's stream (infra/stream.py).
"""
import argparse
import compileall
import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from chalice.config import Config

from chalicelib.web.static_files import VENDOR
from infra import stream
from infra.policy import lambda_policy
from infra.template import merge_template

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_DIR = Path("chalicelib", "_bundled")
BUNDLED = {name: BUNDLE_DIR / name for name in ("templates", "seeds", "static")}
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "_bundled")
NPM_CI = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]


class BuildError(Exception):
    pass


def stage_app(app_dir, root=ROOT):
    """Copy what the package needs into a fresh app_dir.

    Nothing survives from an earlier build, not even Chalice's zip cache in .chalice/deployments:
    its key hashes the app's code, so it would grow by one ~23 MB zip per change and never hit.
    """
    if app_dir.resolve() in (root.resolve(), *root.resolve().parents):
        raise BuildError(f"refusing to empty {app_dir}: it holds the repository")
    if app_dir.exists():
        shutil.rmtree(app_dir)
    app_dir.mkdir(parents=True)
    for name in ("app.py", "requirements.txt"):
        shutil.copy2(root / name, app_dir / name)
    shutil.copytree(root / "chalicelib", app_dir / "chalicelib", ignore=IGNORED)
    (app_dir / ".chalice").mkdir()
    shutil.copy2(root / ".chalice" / "config.json", app_dir / ".chalice" / "config.json")
    for source, target in BUNDLED.items():
        if (root / source).is_dir():
            shutil.copytree(root / source, app_dir / target, ignore=IGNORED)
    precompile(app_dir)


def precompile(app_dir):
    """Ship bytecode: Lambda cannot write __pycache__, so without it every cold start compiles
    every module of ours. Unchecked-hash .pyc files are used whatever the zip's timestamps say."""
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    compileall.compile_file(str(app_dir / "app.py"), quiet=2, invalidation_mode=mode)
    compileall.compile_dir(str(app_dir / "chalicelib"), quiet=2, invalidation_mode=mode,
                           rx=re.compile(r"[/\\]_bundled[/\\]"))


def bundle_vendor_assets(app_dir, root=ROOT, run=subprocess.run):
    """Copy the npm files the pages load (static_files.VENDOR) under the bundled static/, running
    `npm ci` first when node_modules lacks them."""
    missing = [path for path in VENDOR.values() if not (root / path).is_file()]
    if missing:
        try:
            done = run(NPM_CI, cwd=root, capture_output=True, text=True)
        except FileNotFoundError:
            raise BuildError(f"{missing[0]} is missing and npm is not installed: install Node.js "
                             "and npm, then run `npm ci` in the repository")
        if done.returncode != 0:
            raise BuildError(f"`npm ci` failed ({done.returncode}), so {missing[0]} is missing:\n"
                             f"{done.stdout}{done.stderr}")
    for url_path, path in VENDOR.items():
        if not (root / path).is_file():
            raise BuildError(f"{path} is still missing after `npm ci`: is it in package.json?")
        target = app_dir / BUNDLED["static"] / url_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / path, target)


def deploy_config(app_dir, stage):
    """The stage's Chalice settings, refused unless they give a least-privilege, regional API."""
    with open(app_dir / ".chalice" / "config.json", encoding="utf-8") as f:
        on_disk = json.load(f)
    if stage not in on_disk.get("stages", {}):
        raise BuildError(f"stage {stage!r} is not in .chalice/config.json")
    config = Config(chalice_stage=stage, config_from_disk=on_disk)
    if config.autogen_policy is not False:
        raise BuildError('.chalice/config.json must set "autogen_policy": false so the functions '
                         'get infra/policy.py instead of a generated policy')
    if config.api_gateway_endpoint_type != "REGIONAL":
        raise BuildError('.chalice/config.json must set "api_gateway_endpoint_type": "REGIONAL" '
                         '(the China regions have no edge-optimized endpoints)')
    return config


def write_json(path, document):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def chalice_package(app_dir, stage, merge_path, out_dir, region):
    """`chalice package` needs a region to name things, never credentials."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    env = dict(os.environ, AWS_DEFAULT_REGION=region, TABLE_STREAM_ARN=stream.PLACEHOLDER)
    command = [sys.executable, "-c", "import sys; from chalice.cli import main; sys.exit(main())",
               "--project-dir", str(app_dir), "package", "--stage", stage,
               "--merge-template", str(merge_path), str(out_dir)]
    done = subprocess.run(command, cwd=app_dir, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"chalice package failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def wire_table_stream(template_path):
    template = json.loads(template_path.read_text(encoding="utf-8"))
    try:
        stream.wire(template)
    except ValueError as error:
        raise BuildError(f"cannot wire the table's stream: {error}")
    write_json(template_path, template)


def build(stage="prod", build_dir=ROOT / "build", region="us-east-1", root=ROOT):
    """Run every step; returns the paths of the template and the zip."""
    build_dir = Path(build_dir).resolve()
    app_dir, out_dir = build_dir / "app", build_dir / "out"
    stage_app(app_dir, root)
    bundle_vendor_assets(app_dir, root)
    config = deploy_config(app_dir, stage)
    policy_name = config.iam_policy_file or f"policy-{stage}.json"
    write_json(app_dir / ".chalice" / policy_name, lambda_policy(stage))
    merge_path = build_dir / "merge.json"
    write_json(merge_path, merge_template())
    chalice_package(app_dir, stage, merge_path, out_dir, region)
    wire_table_stream(out_dir / "sam.json")
    return {"template": out_dir / "sam.json", "zip": out_dir / "deployment.zip"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default=os.environ.get("DEPLOY_STAGE") or "prod")
    parser.add_argument("--build-dir", default=str(ROOT / "build"))
    parser.add_argument("--region", default=os.environ.get("AWS_DEFAULT_REGION")
                        or os.environ.get("AWS_REGION") or "us-east-1")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        paths = build(args.stage, args.build_dir, args.region)
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    size = paths["zip"].stat().st_size
    print(f"{paths['template']}\n{paths['zip']} ({size / 1e6:.1f} MB)\n"
          f"stage {args.stage}, built in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
