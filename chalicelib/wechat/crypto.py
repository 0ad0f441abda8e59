"""WeChat callback cryptography: SHA-1 signatures and the AES-256-CBC envelope of compatible/safe mode.

Pure functions on `cryptography`; every failure on input from the network is a `WeChatRejected`,
never a ValueError or a padding exception escaping to the route.
"""
import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .errors import ProtocolError, SignatureError

PAD_BLOCK = 32  # WeChat pads PKCS#7-style to 32 bytes, not to the AES block size of 16
RANDOM_BYTES = 16


def _sha1_sorted(*parts):
    return hashlib.sha1("".join(sorted(str(p) for p in parts)).encode("utf-8")).hexdigest()


def url_signature(token, timestamp, nonce):
    """`signature` of the query string: sha1 of the sorted concatenation of token, timestamp, nonce."""
    return _sha1_sorted(token, timestamp, nonce)


def msg_signature(token, timestamp, nonce, encrypt):
    """`msg_signature` of an encrypted push or reply: the same, with the `Encrypt` text added."""
    return _sha1_sorted(token, timestamp, nonce, encrypt)


def verify(signature, *, token, timestamp, nonce, encrypt=None):
    """Raise SignatureError unless `signature` is right; constant time so it cannot be guessed byte by byte."""
    if not signature:
        raise SignatureError("missing_signature")
    if encrypt is None:
        expected = url_signature(token, timestamp, nonce)
    else:
        expected = msg_signature(token, timestamp, nonce, encrypt)
    # Compare bytes: compare_digest refuses non-ASCII str, and the signature is attacker input.
    if not hmac.compare_digest(expected.encode("ascii"), str(signature).encode("utf-8")):
        raise SignatureError("bad_signature")


def aes_key(encoding_aes_key):
    """The 32-byte AES key behind a 43-character EncodingAESKey (a configuration error raises ValueError)."""
    if isinstance(encoding_aes_key, bytes) and len(encoding_aes_key) == 32:
        return encoding_aes_key
    if not isinstance(encoding_aes_key, str) or len(encoding_aes_key) != 43:
        raise ValueError("EncodingAESKey must be 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error as exc:
        raise ValueError("EncodingAESKey is not base64") from exc
    return key


def _cipher(key):
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def encrypt(msg, *, key, appid, random_prefix=None):
    """Seal `msg` (str or bytes) for WeChat: base64 of AES-CBC(16 random bytes, length, msg, appid)."""
    key = aes_key(key)
    body = msg.encode("utf-8") if isinstance(msg, str) else bytes(msg)
    prefix = os.urandom(RANDOM_BYTES) if random_prefix is None else random_prefix
    prefix = prefix.encode("latin-1") if isinstance(prefix, str) else bytes(prefix)
    if len(prefix) != RANDOM_BYTES:
        raise ValueError("random_prefix must be 16 bytes")
    plain = prefix + struct.pack(">I", len(body)) + body + appid.encode("utf-8")
    pad = PAD_BLOCK - len(plain) % PAD_BLOCK
    plain += bytes([pad]) * pad
    encryptor = _cipher(key).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")


def _open(raw, key):
    """(message bytes, appid bytes) from one key's decryption of `raw`, or ProtocolError."""
    decryptor = _cipher(key).decryptor()
    plain = decryptor.update(raw) + decryptor.finalize()
    pad = plain[-1]
    # No padding oracle here: the route checks msg_signature (which covers the ciphertext) first.
    if not 1 <= pad <= PAD_BLOCK or plain[-pad:] != bytes([pad]) * pad:
        raise ProtocolError("bad_ciphertext")
    content = plain[RANDOM_BYTES:-pad]
    if len(content) < 4:
        raise ProtocolError("bad_ciphertext")
    (length,) = struct.unpack(">I", content[:4])
    if 4 + length > len(content):
        raise ProtocolError("bad_ciphertext")
    return content[4:4 + length], content[4 + length:]


def decrypt(ciphertext_b64, *, keys, appid):
    """The message inside an `Encrypt` text, trying the current key, then the previous one (rotation).

    `keys` is [current, previous]; empty entries are skipped. The appid sealed inside must be ours.
    """
    return open_sealed(ciphertext_b64, keys=keys, appid=appid)[0]


def open_sealed(ciphertext_b64, *, keys, appid):
    """(message, index in `keys` of the key that opened it): the reply must be sealed with that key."""
    try:
        raw = base64.b64decode(ciphertext_b64 or "", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProtocolError("bad_ciphertext") from exc
    if not raw or len(raw) % 16:
        raise ProtocolError("bad_ciphertext")
    wanted = appid.encode("utf-8")
    failure = ProtocolError("no_aes_key")
    for index, key in enumerate(keys):
        if not key:
            continue
        try:
            message, sealed_appid = _open(raw, aes_key(key))
        except ProtocolError as exc:
            if failure.reason != "appid_mismatch":
                failure = exc
            continue
        if not hmac.compare_digest(sealed_appid, wanted):
            failure = ProtocolError("appid_mismatch")
            continue
        try:
            return message.decode("utf-8"), index
        except UnicodeDecodeError:
            failure = ProtocolError("bad_ciphertext")
    raise failure
