"""The lawyer roster import on DynamoDB Local (issue 11, AP-100..101): for a roster of N new lawyers
(two specialties each, one in four serving a second county), the DynamoDB calls and milliseconds
of the dry run, of applying it, and of applying it again (all unchanged), as CSV and as XLSX.

A county bureau's roster is tens of lines; 1,000 (the most one request takes) stands for a city.
API Gateway gives a request 29 s, so the apply time per line says how big a file may be.

    python -m bench.roster_import [--lines 50 500 1000]
"""
import argparse
import io
import time

from bench.dispatch import install_counter
from bench.local_table import dynamodb_local, point_environment_at

REGIONS = ["360722"]
SPECIALTIES = ("劳动争议、婚姻家庭", "交通事故、合同纠纷", "民间借贷、继承")


def _rows(n):
    for i in range(n):
        counties = "信丰县、大余县" if i % 4 == 0 else "信丰县"
        yield (f"律师{i:04d}", f"1360720151{i % 2}{i:06d}", "江西信丰律师事务所", counties,
               SPECIALTIES[i % 3], f"138{i:08d}")


def roster_csv(n):
    lines = ["姓名,执业证号,律所,服务县区,专长,手机"] + [",".join(r) for r in _rows(n)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def roster_xlsx(n):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "执业证号", "律所", "服务县区", "专长", "手机"])
    for row in _rows(n):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(counter, fn):
    calls, started = counter.calls, time.perf_counter()
    result, _ = counter.measure(fn)
    return result, {"calls": counter.calls - calls, "ms": round((time.perf_counter() - started) * 1000)}


def cost(endpoint, n, kind):
    from chalicelib.clock import SystemClock
    from chalicelib.db.schema import table_definition
    from chalicelib.roster import importer, reference_for
    from chalicelib.wiring import Services, use
    from tests.roster_files import seed_reference

    point_environment_at(endpoint, f"bench-roster-{kind}-{n}")
    services = use(Services())
    services.dynamodb().create_table(**table_definition(services.settings.table_name))
    services.table()
    seed_reference()
    data = roster_csv(n) if kind == "csv" else roster_xlsx(n)
    counter, now = install_counter(), SystemClock().now()
    figures = {"lines": n, "kind": kind, "kb": round(len(data) / 1024)}

    def run(dry_run):
        return importer.import_roster(data, regions=REGIONS, reference=reference_for(REGIONS),
                                      now=now, dry_run=dry_run)
    report, figures["dry_run"] = _timed(counter, lambda: run(True))
    assert report["created"] == n, report["errors"][:3]
    report, figures["apply"] = _timed(counter, lambda: run(False))
    assert report["created"] == n
    report, figures["again"] = _timed(counter, lambda: run(False))
    assert report["unchanged"] == n
    use(None)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[50, 500, 1000])
    args = parser.parse_args(argv)
    with dynamodb_local() as endpoint:
        results = [cost(endpoint, n, kind) for n in args.lines for kind in ("csv", "xlsx")]
    print(f"{'lines':>6} {'file':>5} {'KB':>5}   dry run             apply               again (unchanged)")
    for r in results:
        cells = "  ".join(f"{r[k]['calls']:>5} calls {r[k]['ms']:>6} ms" for k in ("dry_run", "apply", "again"))
        print(f"{r['lines']:>6} {r['kind']:>5} {r['kb']:>5}   {cells}")
    last = results[-1]
    print(f"lines={last['lines']} apply_ms={last['apply']['ms']} "
          f"apply_ms_per_line={last['apply']['ms'] / last['lines']:.1f} again_ms={last['again']['ms']}")


if __name__ == "__main__":
    main()
