"""The sweep's handler of ReportJob items: a bureau's monthly report, written once at month end.

Registered with `sweep.handles` like every other handler today; `HANDLERS` below is what an explicit
entity -> handler table in the composition root takes (issue 10, seam 2)."""
from chalicelib import bureaus, sweep
from chalicelib.reports import monthly


def _names(settings):
    def names(code):
        found = bureaus.known_bureau(settings, code)
        return (found.name, found.short_name) if found else (None, None)
    return names


@sweep.handles("ReportJob")
def report_job(item, now, services):
    settings = services.settings
    monthly.run_job(item, now, settings.consultation.sla_minutes * 60, names=_names(settings))


HANDLERS = {"ReportJob": report_job}
