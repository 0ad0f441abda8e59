"""Cold import time of the app module against a bare `import chalice, boto3, pynamodb, jinja2`.

Each figure is the median of fresh interpreter runs; the ratio is what matters on a noisy machine
(target ≤ 1.25: heavy imports stay out of start-up). Our modules are byte-compiled first, as the
site-packages side already is (and as `make package` ships them), so the figure is import work,
not compiling source.
"""
import compileall
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "import chalice, boto3, pynamodb.models, jinja2"
APP = "import app"
PROBE = ("import time; t = time.perf_counter(); {stmt}; "
         "print((time.perf_counter() - t) * 1000)")


def cold_import_ms(statement, runs):
    samples = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE.format(stmt=statement)], cwd=ROOT,
                             capture_output=True, text=True, check=True, env=env)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def main(runs=15):
    compileall.compile_file(str(ROOT / "app.py"), quiet=1)
    compileall.compile_dir(str(ROOT / "chalicelib"), quiet=1)
    # Interleave so drift on a noisy machine hits both sides alike.
    baseline, app = [], []
    for _ in range(runs):
        baseline.append(cold_import_ms(BASELINE, 1))
        app.append(cold_import_ms(APP, 1))
    base_ms, app_ms = statistics.median(baseline), statistics.median(app)
    ratio = app_ms / base_ms
    print(f"cold import: baseline ({BASELINE}) {base_ms:.0f} ms, app {app_ms:.0f} ms, "
          f"ratio {ratio:.2f} (target ≤ 1.25, median of {runs})")
    return {"baseline_ms": base_ms, "app_ms": app_ms, "ratio": ratio}


if __name__ == "__main__":
    main()
