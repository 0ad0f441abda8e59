"""A question asked on the H5 form is recorded at the bureau the deployment serves by default, and
so is every notice it queues (issue 10, build step 3; moto through the routes)."""
from chalicelib.db import consultations as db
from tests.functional import consultation_support as support
from tests.functional.consultation_support import notes

api = support.api  # the fixture: the app, a small lawyer pool, a staff member on duty


def test_a_form_question_and_its_notices_are_recorded_at_the_default_bureau(api):
    # Given a deployment whose default bureau is 信丰 (DEFAULT_BUREAU)
    assert api.services.settings.default_bureau == "360722"
    # When a citizen asks from the H5 form and it is dispatched
    body = api.ask()
    # Then the consultation carries the bureau, and so does each lawyer's notice
    assert db.consultation(body["id"]).bureau == "360722"
    dispatched = notes(template_key="consultation_dispatched")
    assert dispatched and {n.bureau for n in dispatched} == {"360722"}
