"""Attachments and signed statements (xAPI 1.0.3 Data §2.4.11, §2.6; Communication §1.5):
multipart/mixed requests checked against their SHA-2, returned with `attachments=true`."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from tests.lrs.conftest import statement

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
BOUNDARY = "xapi-test-boundary"


def attachment_of(content: bytes, usage: str = "http://example.org/usage/photo") -> dict:
    return {
        "usageType": usage,
        "display": {"fr-FR": "pièce jointe"},
        "contentType": "application/octet-stream" if usage == SIGNATURE else "text/plain",
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }


def multipart(document: object, parts: list[tuple[bytes, dict[str, str]]]) -> bytes:
    chunks = [f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n".encode()]
    chunks += [json.dumps(document).encode(), b"\r\n"]
    for content, headers in parts:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        chunks += [f"--{BOUNDARY}\r\n{head}\r\n".encode(), content, b"\r\n"]
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


def part_headers(content: bytes, **overrides: str) -> dict[str, str]:
    headers = {
        "Content-Type": "text/plain",
        "Content-Transfer-Encoding": "binary",
        "X-Experience-API-Hash": hashlib.sha256(content).hexdigest(),
    }
    return {**headers, **overrides}


def post_multipart(lrs, headers, body: bytes):
    return lrs.client.post(
        f"{lrs.url}/statements",
        content=body,
        headers={**headers, "Content-Type": f'multipart/mixed; boundary="{BOUNDARY}"'},
    )


def test_attachment_in_multipart_is_stored_and_returned_with_attachments_true(lrs):
    headers = lrs.headers("all")
    content = "Léa a écrit 3/4.".encode()
    body = multipart(
        statement(attachments=[attachment_of(content)]), [(content, part_headers(content))]
    )
    response = post_multipart(lrs, headers, body)
    assert response.status_code == 200, response.text
    (statement_id,) = response.json()
    fetched = lrs.client.get(
        f"{lrs.url}/statements",
        params={"statementId": statement_id, "attachments": "true"},
        headers=headers,
    )
    assert fetched.headers["Content-Type"].startswith("multipart/mixed")
    assert content in fetched.content
    assert hashlib.sha256(content).hexdigest().encode() in fetched.content
    plain = lrs.client.get(
        f"{lrs.url}/statements",
        params={"statementId": statement_id, "attachments": "false"},
        headers=headers,
    )
    assert plain.headers["Content-Type"] == "application/json"
    assert plain.json()["attachments"][0]["sha2"] == hashlib.sha256(content).hexdigest()


def test_attachment_part_whose_content_does_not_match_its_hash_is_400(lrs):
    content = b"original"
    body = multipart(
        statement(attachments=[attachment_of(content)]),
        [(b"tampered", part_headers(content))],
    )
    response = post_multipart(lrs, lrs.headers(), body)
    assert response.status_code == 400
    assert "hash" in response.json()["error"]["message_en"]


def test_declared_attachment_without_part_or_file_url_is_400(lrs):
    body = multipart(statement(attachments=[attachment_of(b"missing")]), [])
    response = post_multipart(lrs, lrs.headers(), body)
    assert response.status_code == 400
    assert "fileUrl" in response.json()["error"]["message_en"]


def test_part_matching_no_declared_attachment_is_400(lrs):
    stray = b"stray"
    body = multipart(statement(), [(stray, part_headers(stray))])
    assert post_multipart(lrs, lrs.headers(), body).status_code == 400


def test_part_without_binary_transfer_encoding_is_400(lrs):
    content = b"content"
    body = multipart(
        statement(attachments=[attachment_of(content)]),
        [(content, part_headers(content, **{"Content-Transfer-Encoding": "base64"}))],
    )
    response = post_multipart(lrs, lrs.headers(), body)
    assert response.status_code == 400
    assert "binary" in response.json()["error"]["message_en"]


def test_json_request_with_an_attachment_needing_a_part_is_400(lrs):
    response = lrs.client.post(
        f"{lrs.url}/statements",
        json=statement(attachments=[attachment_of(b"x")]),
        headers=lrs.headers(),
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["error"]["message_en"]


def test_json_request_with_a_file_url_attachment_is_stored(lrs):
    linked = {**attachment_of(b"x"), "fileUrl": "http://example.org/files/x.txt"}
    response = lrs.client.post(
        f"{lrs.url}/statements", json=statement(attachments=[linked]), headers=lrs.headers()
    )
    assert response.status_code == 200


def test_malformed_multipart_body_is_400(lrs):
    response = lrs.client.post(
        f"{lrs.url}/statements",
        content=b"--nothing here",
        headers={**lrs.headers(), "Content-Type": f"multipart/mixed; boundary={BOUNDARY}"},
    )
    assert response.status_code == 400


# ---- signed statements ----------------------------------------------------------------


def signer() -> tuple[rsa.RSAPrivateKey, str]:
    """A fresh RSA key and its self-signed certificate (base64 DER, as JWS x5c wants)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Rebond test signer")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    return key, base64.b64encode(der).decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jws(payload: dict, key: rsa.RSAPrivateKey, x5c: str, alg: str = "RS256") -> bytes:
    header = b64url(json.dumps({"alg": alg, "x5c": [x5c]}).encode())
    body = b64url(json.dumps(payload).encode())
    signature = key.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{header}.{body}.{b64url(signature)}".encode()


def signed_request(original: dict, token: bytes) -> bytes:
    signed = {**original, "attachments": [attachment_of(token, SIGNATURE)]}
    headers = part_headers(token, **{"Content-Type": "application/octet-stream"})
    return multipart(signed, [(token, headers)])


def test_signed_statement_with_a_valid_jws_is_stored(lrs):
    key, x5c = signer()
    original = statement(id="0f8fad5b-d9cb-469f-a165-70867728950e")
    response = post_multipart(lrs, lrs.headers(), signed_request(original, jws(original, key, x5c)))
    assert response.status_code == 200, response.text
    assert response.json() == ["0f8fad5b-d9cb-469f-a165-70867728950e"]


def test_signed_statement_whose_payload_differs_is_400(lrs):
    key, x5c = signer()
    original = statement()
    token = jws({**original, "result": {"success": True}}, key, x5c)
    response = post_multipart(lrs, lrs.headers(), signed_request(original, token))
    assert response.status_code == 400
    assert "payload" in response.json()["error"]["message_en"]


def test_signed_statement_with_a_forged_signature_is_400(lrs):
    other_key, _ = signer()
    _, x5c = signer()
    original = statement()
    token = jws(original, other_key, x5c)  # signed by a key the certificate does not name
    response = post_multipart(lrs, lrs.headers(), signed_request(original, token))
    assert response.status_code == 400
    assert "verify" in response.json()["error"]["message_en"]


def test_signed_statement_with_a_non_rsa_algorithm_is_400(lrs):
    original = statement()
    header = b64url(json.dumps({"alg": "HS256"}).encode())
    token = f"{header}.{b64url(json.dumps(original).encode())}.{b64url(b'sig')}".encode()
    response = post_multipart(lrs, lrs.headers(), signed_request(original, token))
    assert response.status_code == 400
    assert "RS256" in response.json()["error"]["message_en"]


def test_signature_that_is_not_a_jws_is_400(lrs):
    original = statement()
    response = post_multipart(lrs, lrs.headers(), signed_request(original, b"not a token"))
    assert response.status_code == 400
    assert "JWS" in response.json()["error"]["message_en"]
