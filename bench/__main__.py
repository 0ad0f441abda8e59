"""`python -m bench` (`make bench`): run every benchmark module in bench/ that defines `main()`, each
printing its own figures (the province run, `sla_province_run`, among them). The SLA simulation
runs last, so the run ends with its `first_response_10min_rate=… notifications_per_consultation=…`
line. Exits non-zero if any failed."""
import importlib
import inspect
import pkgutil
import sys
import time
import traceback
from pathlib import Path

FIRST = ("startup", "webhook", "dispatch")
LAST = "sla_sim"


def modules():
    """Benchmark module names in running order: the quick ones first, the simulation last."""
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if not m.name.startswith("_"))
    return sorted(names, key=lambda n: (n == LAST, FIRST.index(n) if n in FIRST else len(FIRST), n))


def _call(main):
    # Benchmarks that parse arguments take them as main(argv); `make bench` passes none.
    params = inspect.signature(main).parameters
    return main([]) if "argv" in params else main()


def run():
    failed = []
    for name in modules():
        module = importlib.import_module(f"bench.{name}")
        main = getattr(module, "main", None)
        if not callable(main):
            continue  # a helper module (the SLA model, the local table …)
        print(f"== bench.{name}", flush=True)
        started = time.perf_counter()
        try:
            _call(main)
        except Exception:
            traceback.print_exc()
            failed.append(name)
        sys.stdout.flush()  # timings on stderr: stdout ends with the simulation's figures
        print(f"== bench.{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run())
