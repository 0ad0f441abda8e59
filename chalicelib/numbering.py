"""Numbers people read aloud: a consultation's `ZX20261202-X30XAC`, an application's
`SQ20261202-7K3QDM` — a prefix, the China date, six characters of Crockford's base32."""
import secrets

from chalicelib.workdays import china_date

# Crockford's base32: no I, L, O, U, so a number read out over the phone is not misheard.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SUFFIX_LENGTH = 6  # 30 random bits a day; a collision is refused by the conditional put and retried


def readable_number(prefix, now, random_bits=secrets.randbits):
    """`<prefix><China date>-<6 base32>`: sortable by day, unguessable, short enough to read aloud."""
    value = random_bits(5 * SUFFIX_LENGTH)
    suffix = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(SUFFIX_LENGTH)))
    return f"{prefix}{china_date(now):%Y%m%d}-{suffix}"
