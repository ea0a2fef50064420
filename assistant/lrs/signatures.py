"""Signed statements (xAPI 1.0.3 Data §2.6): a JWS attachment whose payload is the statement.

The LRS must refuse a signature that is not a JWS compact serialisation, that uses another
algorithm than RS256/RS384/RS512, or whose payload is not the statement it is attached to.
When the JWS header carries the signer's certificate (`x5c`), the RSA signature is checked
too, so a statement altered after signing is refused.
"""

from __future__ import annotations

import base64
import binascii
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from assistant.lrs.validation import SIGNATURE_USAGE, XapiValidationError, comparable

ALGORITHMS = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _unsigned(statement: dict) -> dict:
    """The statement as it was before its signature was attached."""
    original = dict(statement)
    kept = [a for a in statement.get("attachments", []) if a.get("usageType") != SIGNATURE_USAGE]
    if kept:
        original["attachments"] = kept
    else:
        original.pop("attachments", None)
    return original


def _verify_rsa(header: dict, signing_input: bytes, signature: bytes, where: str) -> None:
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error):
        raise XapiValidationError(f"{where}: the JWS x5c certificate is unreadable") from None
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise XapiValidationError(f"{where}: the JWS certificate is not an RSA key")
    try:
        key.verify(signature, signing_input, padding.PKCS1v15(), ALGORITHMS[header["alg"]]())
    except InvalidSignature:
        raise XapiValidationError(f"{where}: the JWS signature does not verify") from None


def check_signature(statement: dict, jws: bytes, where: str) -> None:
    """Refuse a signature that is malformed or does not sign this statement."""
    try:
        encoded = jws.decode("ascii").strip().split(".")
        if len(encoded) != 3:
            raise ValueError
        header = json.loads(_b64url(encoded[0]))
        payload = json.loads(_b64url(encoded[1]))
        signature = _b64url(encoded[2])
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise XapiValidationError(f"{where}: the signature is not a JWS compact token") from None
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise XapiValidationError(f"{where}: the JWS algorithm must be RS256, RS384 or RS512")
    if not isinstance(payload, dict):
        raise XapiValidationError(f"{where}: the JWS payload is not a statement")
    original = _unsigned(statement)
    for optional in ("id", "timestamp"):
        if optional not in payload:
            original.pop(optional, None)
    if comparable(_unsigned(payload)) != comparable(original):
        raise XapiValidationError(f"{where}: the JWS payload differs from the statement")
    if "x5c" in header:
        signing_input = f"{encoded[0]}.{encoded[1]}".encode()
        _verify_rsa(header, signing_input, signature, where)


def check_signatures(statements: list[dict], received: dict[str, tuple[str, bytes]]) -> None:
    """Check every signature attachment of a validated batch against its part."""
    for index, statement in enumerate(statements):
        for attachment in statement.get("attachments", []):
            if attachment["usageType"] != SIGNATURE_USAGE:
                continue
            where = f"statements[{index}] signature"
            part = received.get(attachment["sha2"].lower())
            if part is None:
                raise XapiValidationError(f"{where}: the signature must be sent as a part")
            check_signature(statement, part[1], where)
