"""An application is recorded at the bureau the deployment serves by default, and so is the
notice of its submission (issue 10, build step 3; moto through the routes)."""
from chalicelib.db.messaging import Notification
from tests.functional.applications_support import (  # noqa: F401 (fixtures)
    ME, api, kicks, stored, submitted)


def test_an_application_and_its_notice_are_recorded_at_the_default_bureau(api, moto_table):
    # Given a deployment whose default bureau is 信丰 (DEFAULT_BUREAU)
    assert moto_table.settings.default_bureau == "360722"
    # When a citizen submits a complete application
    app_id = submitted(api, moto_table.s3())
    # Then the application carries the bureau, and so does the notice telling the citizen
    assert stored(app_id).bureau == "360722"
    told = [n for n in Notification.scan() if n.audience == "citizen"]  # tests may scan
    assert told and {n.bureau for n in told} == {"360722"}
