"""The store a context carries (chalicelib/context.py): the reads business rules need, by access
pattern (docs/data-model.md), and `commit(effects)` — every write of one change in one transaction
(db/effects.py). Rules reach the table only through it, so a test gives them a fake
(tests/unit/fake_store.py) and reads the effects they committed.
"""
from chalicelib.db import applications, consultations, duty, effects, payouts, pools, settlements
from chalicelib.db.models import Citizen, Region


class TableStore:
    """The single table. Stateless: the models are bound by the composition root (`Services.table`)."""

    @staticmethod
    def commit(changes, *, token=None):
        """Write `changes` (effects) all or none; raises effects.Refused / effects.CommitError."""
        return effects.commit(changes, token=token)

    # --- consultations (AP-31) ---------------------------------------------------------------
    def consultation(self, consultation_id, consistent=True):
        return consultations.consultation(consultation_id, consistent)

    def consultation_items(self, consultation_id):
        return consultations.consultation_items(consultation_id)

    def dispatches(self, consultation_id):
        return consultations.dispatches(consultation_id)

    def dispatch(self, consultation_id, lawyer_id):
        return consultations.dispatch(consultation_id, lawyer_id)

    def answer(self, consultation_id, answer_id):
        return consultations.answer(consultation_id, answer_id)

    def photo_grant(self, openid, upload_id):
        """AP-31c: one of the citizen's photo grants, or None."""
        return consultations.photo_grant(openid, upload_id)

    def day_count(self, openid, day):
        """AP-33: consultations the citizen opened on a China day."""
        return consultations.day_count(openid, day)

    def citizen(self, openid):
        """AP-30b: the citizen's profile (consistent), or None."""
        try:
            return Citizen.get(f"CITIZEN#{openid}", "PROFILE", consistent_read=True)
        except Citizen.DoesNotExist:
            return None

    def region(self, county):
        """AP-03: the Region of a county code, or None."""
        try:
            return Region.get(f"REGION#{county}", "REGION")
        except Region.DoesNotExist:
            return None

    # --- lawyers (AP-10, AP-34) ---------------------------------------------------------------
    def lawyer(self, lawyer_id):
        return pools.profile(lawyer_id)

    def lawyers(self, lawyer_ids):
        return pools.profiles(lawyer_ids)

    def lawyer_stats(self, lawyer):
        return payouts.lawyer_stats(lawyer)

    # --- duty rosters (AP-39, AP-39b, AP-81) -------------------------------------------------
    def duty_shift(self, bureau, day, number):
        return duty.shift(bureau, day, number)

    def duty_shifts_of_day(self, bureau, day):
        return duty.shifts_of_day(bureau, day)

    def duty_loads(self, lawyer_ids, hour):
        return duty.loads(lawyer_ids, hour)

    # --- bureaus and their ledgers (AP-70, AP-86): the payout rule's store ---------------------
    def bureau(self, code):
        from chalicelib.bureaus import known_bureau
        from chalicelib.settings import get_settings
        return known_bureau(get_settings(), code)

    def settlement(self, bureau, month):
        return settlements.settlement(bureau, month)

    # --- applications (AP-51, AP-59, AP-89) -------------------------------------------------
    def application(self, application_id):
        return applications.application(application_id)

    def application_items(self, application_id):
        """AP-51: the application with its grants, materials and history."""
        return applications.application_items(application_id)

    def upload_grant(self, application_id, upload_id):
        """AP-51: one upload grant of the application, or None."""
        return applications.upload_grant(application_id, upload_id)

    def material(self, application_id, code, upload_id):
        """AP-51: the Material an upload became, or None."""
        return applications.material(application_id, code, upload_id)

    def slot(self, bureau, office, day, time):
        """AP-89: one slot of a bureau's office, or None."""
        return applications.slot(bureau, office, day, time)

    @staticmethod
    def move_due(app, *, next_due_at, queue_due):
        """The sweep's bookkeeping on an application (AP-59): its next wake-up and queue date, the
        version left alone; False if anyone changed the application since it was read."""
        return applications.move_due(app, next_due_at=next_due_at, queue_due=queue_due)


TABLE = TableStore()
