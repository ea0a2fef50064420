"""`multipart/mixed` bodies: statements with their attachments (xAPI 1.0.3 Data §2.4.11).

The first part is the statement JSON; each further part is one attachment's raw bytes with
its SHA-2 in `X-Experience-API-Hash`. Every part must belong to an attachment the
statements declare, and every declared attachment without a `fileUrl` must come as a part:
otherwise the request is refused before anything is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from assistant.lrs.validation import XapiValidationError

_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


def boundary_of(content_type: str) -> str:
    """The `boundary` parameter of a multipart content type."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary" and value:
            return value.strip('"')
    raise XapiValidationError("multipart/mixed without a boundary parameter")


def parse_parts(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    """The parts of a multipart body, each as (lower-cased headers, content)."""
    delimiter = b"--" + boundary.encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise XapiValidationError("malformed multipart/mixed body (missing closing boundary)")
    parts = []
    for section in sections[1:-1]:
        section = section.removeprefix(b"\r\n")
        head, separator, content = section.partition(b"\r\n\r\n")
        if not separator:
            raise XapiValidationError("malformed multipart/mixed part (no blank line)")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        parts.append((headers, content.removesuffix(b"\r\n")))
    return parts


def digest(content: bytes, sha2: str) -> str:
    """The hex digest of `content` with the SHA-2 variant whose length `sha2` has."""
    algorithm = _HASHES.get(len(sha2), hashlib.sha256)
    return algorithm(content).hexdigest()


def read_parts(parts: list[tuple[dict[str, str], bytes]]) -> dict[str, tuple[str, bytes]]:
    """The attachment parts by SHA-2, each checked against its `X-Experience-API-Hash`."""
    received: dict[str, tuple[str, bytes]] = {}
    for index, (headers, content) in enumerate(parts, start=1):
        sha2 = headers.get("x-experience-api-hash", "").lower()
        if not sha2:
            raise XapiValidationError(f"multipart part {index} has no X-Experience-API-Hash")
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise XapiValidationError(
                f"multipart part {index} needs Content-Transfer-Encoding: binary"
            )
        if digest(content, sha2) != sha2:
            raise XapiValidationError(f"multipart part {index}: content does not match its hash")
        received[sha2] = (headers.get("content-type", "application/octet-stream"), content)
    return received


def match_attachments(statements: list[dict], received: dict[str, tuple[str, bytes]]) -> None:
    """Every part belongs to a declared attachment, and every declared attachment without a
    `fileUrl` came as a part (an application/json request has no parts at all)."""
    declared = {
        attachment["sha2"].lower(): attachment
        for statement in statements
        for attachment in statement.get("attachments", [])
    }
    stray = sorted(set(received) - set(declared))
    if stray:
        raise XapiValidationError(f"multipart part with hash {stray[0]} matches no attachment")
    for sha2, attachment in declared.items():
        if "fileUrl" not in attachment and sha2 not in received:
            raise XapiValidationError(
                f"attachment {sha2} has no fileUrl, so its content must come as a part of a "
                "multipart/mixed request"
            )


def build_mixed(first: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[str, bytes]:
    """A multipart/mixed body: JSON then (sha2, content type, bytes) parts; (type, body)."""
    boundary = secrets.token_hex(16)
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        first,
        b"\r\n",
    ]
    for sha2, content_type, content in attachments:
        chunks += [
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\n"
                "Content-Transfer-Encoding: binary\r\n"
                f"X-Experience-API-Hash: {sha2}\r\n\r\n"
            ).encode(),
            content,
            b"\r\n",
        ]
    chunks.append(f"--{boundary}--\r\n".encode())
    return f'multipart/mixed; boundary="{boundary}"', b"".join(chunks)
