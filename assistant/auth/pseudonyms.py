"""Pseudonymous ids: what Rasa and the xAPI statements see instead of a person."""

import hashlib
import hmac


def pseudonym(secret: str, user_id: int) -> str:
    """HMAC-SHA256 of the user id under a secret setting: stable, not reversible without it."""
    return hmac.new(secret.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()
