"""`make smoke` against the local stack, as an operator runs it against a deployed one: health, the
callback's URL verification, a signed test message, the sweep's last run — and a wrong token is
caught at the verification, with a non-zero exit."""
import json
import subprocess
import sys
import urllib.request
from datetime import datetime, timezone

import pytest

from local import smoke
from tests.e2e.stack import ROOT, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
DATA_DIR = ROOT / ".local" / "e2e-smoke"
LOCAL_TOKEN = "zhangshangtong"  # settings.LOCAL_DEFAULTS["WECHAT_TOKEN"]


def tick(base, now):
    request = urllib.request.Request(base + "/dev/tick", method="POST",
                                     data=json.dumps({"time": now}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def test_make_smoke_passes_against_a_running_stack_and_fails_on_a_wrong_token(tmp_path):
    with running(tmp_path / "stack.log", DATA_DIR) as local:
        # Given a stack whose sweep has just run (the local scheduler ticks at each minute; a tick
        # now spares waiting for it)
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        assert tick(local.base, now) == 200
        # When the operator runs `make smoke` with the account's token
        said = []
        passed = smoke.run(local.base, token=LOCAL_TOKEN, openid="o-smoke-test", say=said.append)
        # Then every check passes, one line each
        assert passed, said
        assert [line.split(":")[0] for line in said] == [
            "ok    health", "ok    url verification", "ok    test message", "ok    sweep"]
        # And through make, with a wrong token, it stops at the verification and exits 1
        # (-o: the shared venv is installed already; never reinstall it from a test)
        done = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-run", "smoke",
                               f"BASE_URL={local.base}"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={"PATH": "/usr/bin:/bin", "SMOKE_WECHAT_TOKEN": "wrongtoken",
                                   "HOME": str(tmp_path)})
        assert done.returncode != 0
        assert "ok    health" in done.stdout and "FAIL  url verification" in done.stdout
        assert "ok    sweep" not in done.stdout


def test_make_smoke_speaks_safe_mode_to_a_stack_with_an_aes_key(tmp_path):
    key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    with running(tmp_path / "stack.log", DATA_DIR, WECHAT_ENCODING_AES_KEY=key) as local:
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        assert tick(local.base, now) == 200
        # When the smoke test sends its message sealed with the account's key
        said = []
        passed = smoke.run(local.base, token=LOCAL_TOKEN, openid="o-smoke-test", aes_key=key,
                           appid="wx0000000000local", say=said.append)
        # Then the sealed reply opens to a text for the test openid
        assert passed, said
        assert said[2].startswith("ok    test message: sealed reply to o-smoke-test")
        # And a plaintext message to a stack in safe mode is refused, as WeChat's forgeries would be
        assert not smoke.run(local.base, token=LOCAL_TOKEN, openid="o-smoke-test", say=said.append)
        assert "plaintext_refused" in said[-1]
