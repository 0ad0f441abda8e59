"""The sweep's handler of ReportJob items: a bureau's monthly report, written once at month end.
Its row is in the composition root's table, `wiring.due_handlers()`."""
from chalicelib import bureaus
from chalicelib.reports import monthly


def _names(settings):
    def names(code):
        found = bureaus.known_bureau(settings, code)
        return (found.name, found.short_name) if found else (None, None)
    return names


def report_job(item, now, services):
    settings = services.settings
    monthly.run_job(item, now, settings.consultation.sla_minutes * 60, names=_names(settings))
