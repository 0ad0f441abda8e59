"""A lawyer's portrait on their profile (issue 12, docs/data-model.md AP-270..AP-272): the key of
the checked copy set on `LAWYER#<id>` / PROFILE under the profile's lock, in the same transaction
that uses the citizen photo grant it came through up. Effects only (db/effects.py)."""
from chalicelib.db.consultations import photo_used
from chalicelib.db.effects import Update
from chalicelib.db.locking import locked
from chalicelib.db.models import Lawyer


def set_photo(profile, key, grant, claimed_as):
    """AP-271: the effects of showing `key` as the lawyer's portrait — the profile updated at the
    version it was read with ("profile"), the grant used once ("update": refused unless still
    `granted`)."""
    condition, moved = locked(profile)
    return [Update(profile, [Lawyer.photo_key.set(key), moved],
                   Lawyer.PK.exists() & condition, label="profile"),
            photo_used(grant, claimed_as)]


def clear_photo(profile):
    """AP-272: the effect of taking the portrait off the profile (the lawyer leaves the listing)."""
    condition, moved = locked(profile)
    return Update(profile, [Lawyer.photo_key.remove(), moved], Lawyer.PK.exists() & condition,
                  label="profile")

