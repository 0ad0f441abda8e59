"""A question asked while `make run` still loads the national pool in the background is dispatched
at once, per its tiers, within the app's own 2 s budget per DynamoDB call: on DynamoDB Local on disk,
as `make run` keeps it, with the loader writing beside it."""
import threading
import time

import pytest

from chalicelib.consultations import intake, lifecycle
from chalicelib.consultations.context import context
from chalicelib.consultations.dispatch import region_chain
from chalicelib.db import consultations as db
from chalicelib.wiring import Services, use
from local import services as stack_services
from seeds import load
from seeds.datasets import lawyer_tiers
from tests.dynamodb_local import free_port
from tests.functional.consultation_support import QUESTION
from tests.held import record_after_commit

pytestmark = [pytest.mark.dynamodb_local, pytest.mark.timeout(600)]
TABLE, COUNTY, LAWYERS = "background-load", "360722", 2500


@pytest.fixture
def on_disk(env, tmp_path, monkeypatch):
    """DynamoDB Local on disk as the stack starts it, the app's settings pointing at it (with the
    app's own timeouts: 1 s to connect, 2 s to read)."""
    port = free_port()
    try:
        server = stack_services.start_dynamodb_local(port, db_dir=tmp_path,
                                                     jvm_args=["-XX:TieredStopAtLevel=1"])
    except stack_services.SetupError as error:
        pytest.skip(str(error))
    env(AWS_ENDPOINT_URL_DYNAMODB=f"http://127.0.0.1:{port}", TABLE_NAME=TABLE)
    record_after_commit(monkeypatch)
    yield
    use(None)
    stack_services.stop_dynamodb_local(server)


def test_a_county_question_is_dispatched_while_the_national_pool_is_still_loading(on_disk, clock):
    # Given the loader as `make run` runs it, past what a first question needs and now writing
    # the national pool (its first progress report comes once that is under way)
    lines, national_started, failed = [], threading.Event(), []

    def progress(line):
        lines.append(line)
        if line.startswith("lawyers of the rest of 江西省: "):
            national_started.set()

    def run():
        try:
            load.load_all(TABLE, lawyer_count=LAWYERS, progress=progress, background_every=1.0)
        except Exception as error:  # noqa: BLE001 — reported by the test below
            failed.append(error)
            national_started.set()
    loader = threading.Thread(target=run, daemon=True)
    loader.start()
    assert national_started.wait(300) and not failed, (failed, lines)
    time.sleep(1.0)  # the national pool's first transactions are in flight

    # When a citizen of 信丰县 asks a labour question
    ctx = context(use(Services(clock=clock)))
    asked = time.monotonic()
    consultation = intake.submit(openid="oCitizen", question=QUESTION, category="labor",
                                 county=COUNTY, ctx=ctx, region_of=region_chain)
    lifecycle.start(consultation.id, ctx)
    took = time.monotonic() - asked
    still_loading = loader.is_alive()

    # Then it was dispatched at once to lawyers of its county or city, as its first tier says,
    # while the national pool was still loading, and no DynamoDB call outran the app's budget
    dispatched = db.dispatches(consultation.id)
    tiers = lawyer_tiers(LAWYERS, COUNTY)
    near = {lawyer["lawyer_id"] for t in ("county", "city") for lawyer in tiers[t]}
    assert dispatched and {d.lawyer_id for d in dispatched} <= near
    assert {d.source for d in dispatched} <= {"county", "city"}
    assert still_loading, f"the load had ended before the question was dispatched: {lines[-3:]}"
    assert took < 10, f"submit and first dispatch took {took:.1f} s"

    # And the load finishes with every lawyer in
    loader.join(300)
    assert not failed and lines[-1].startswith(f"all {LAWYERS:,} lawyers are in")
