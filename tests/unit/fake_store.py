"""An in-memory store for running business rules without a table (no moto, no AWS): the reads of
chalicelib/db/store.py from dicts, and a `commit` that records the effects it is given — so a test
asserts exactly what a capability would write, and under which conditions."""
from chalicelib.db.effects import Check, Delete, Put, Refused, Update, flatten


class FakeStore:
    def __init__(self, *items, bureaus=(), settled=(), refuse=None):
        self.items = {(i.PK, i.SK): i for i in items}
        self.bureaus = {b.code: b for b in bureaus}
        self.settled = set(settled)  # (bureau, month) with a SETTLEMENT
        self.refuse = refuse  # labels to refuse the next commit with (a condition that failed)
        self.commits = []  # each commit's plain effects, in order
        self.moved = []  # the sweep's bookkeeping writes (move_due)

    # --- writes ---------------------------------------------------------------------------------
    def commit(self, changes, *, token=None):
        plain = list(flatten(changes))
        if self.refuse:
            refused, self.refuse = self.refuse, None
            raise Refused(failed=refused)
        self.commits.append(plain)
        for effect in plain:
            if isinstance(effect, Put):
                self.items[(effect.item.PK, effect.item.SK)] = effect.item
            elif isinstance(effect, Delete):
                self.items.pop((effect.item.PK, effect.item.SK), None)

    def written(self, kind=None, label=None):
        """Every effect committed so far, of `kind` (Put, Update, Delete, Check) and `label`."""
        return [e for commit in self.commits for e in commit
                if (kind is None or isinstance(e, kind)) and (label is None or e.label == label)]

    # --- reads ----------------------------------------------------------------------------------
    def _get(self, pk, sk):
        return self.items.get((pk, sk))

    def _under(self, pk, prefix=""):
        return [i for (p, s), i in sorted(self.items.items()) if p == pk and s.startswith(prefix)]

    def consultation(self, consultation_id, consistent=True):
        return self._get(f"CONS#{consultation_id}", "META")

    def consultation_items(self, consultation_id):
        return self._under(f"CONS#{consultation_id}")

    def dispatches(self, consultation_id):
        return self._under(f"CONS#{consultation_id}", "DISPATCH#")

    def dispatch(self, consultation_id, lawyer_id):
        return self._get(f"CONS#{consultation_id}", f"DISPATCH#{lawyer_id}")

    def answer(self, consultation_id, answer_id):
        return self._get(f"CONS#{consultation_id}", f"ANSWER#{answer_id}")

    def lawyer(self, lawyer_id):
        return self._get(f"LAWYER#{lawyer_id}", "PROFILE")

    def lawyers(self, lawyer_ids):
        found = {i: self.lawyer(i) for i in lawyer_ids}
        return {i: p for i, p in found.items() if p is not None}

    def lawyer_stats(self, lawyer):
        from chalicelib.db.payouts import LawyerStats

        return self._get(f"LAWYER#{lawyer.lawyer_id}", "STATS") or LawyerStats(
            lawyer_id=lawyer.lawyer_id, prior_stars=lawyer.stars or 0, rev=0)

    def bureau(self, code):
        return self.bureaus.get(code)

    def settlement(self, bureau, month):
        return object() if (bureau, month) in self.settled else None

    def application(self, application_id):
        return self._get(f"APP#{application_id}", "META")

    def application_items(self, application_id):
        return self._under(f"APP#{application_id}")

    def upload_grant(self, application_id, upload_id):
        return self._get(f"APP#{application_id}", f"UPLOAD#{upload_id}")

    def material(self, application_id, code, upload_id):
        return self._get(f"APP#{application_id}", f"MAT#{code}#{upload_id}")

    def photo_grant(self, openid, upload_id):
        return self._get(f"CITIZEN#{openid}", f"PHOTO#{upload_id}")

    def slot(self, bureau, office, day, time):
        return next((i for i in self.items.values() if getattr(i, "office", None) == office
                     and getattr(i, "date", None) == day and getattr(i, "time", None) == time), None)

    def move_due(self, app, *, next_due_at, queue_due):
        self.moved.append((app.application_id, next_due_at, queue_due))
        return True


__all__ = ["FakeStore", "Check", "Delete", "Put", "Update"]
