#!/usr/bin/env python3
"""Write the public test keys of this directory as JWKs (es256-public.jwk, jwks.json).

Uses only the Python standard library and the `openssl` command: openssl prints each public key's
numbers as hex, this script re-encodes them as base64url the way RFC 7517/7518/8037 want them.
Run it from this directory: `python3 make-jwks.py`.
"""

import base64
import json
import re
import subprocess


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def openssl_text(pem: str) -> str:
    return subprocess.run(
        ["openssl", "pkey", "-pubin", "-in", pem, "-text", "-noout"],
        check=True, capture_output=True, text=True,
    ).stdout


def hex_block(text: str, label: str) -> bytes:
    """The colon-separated hex bytes printed under `label:` by `openssl pkey -text`."""
    match = re.search(label + r":\s*\n((?:\s+[0-9a-f:]+\n)+)", text)
    return bytes.fromhex(re.sub(r"[\s:]", "", match.group(1)))


def rsa_jwk(pem: str, kid: str) -> dict:
    text = openssl_text(pem)
    n = hex_block(text, "Modulus").lstrip(b"\x00")
    e = int(re.search(r"Exponent: (\d+)", text).group(1))
    e_bytes = e.to_bytes((e.bit_length() + 7) // 8, "big")
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": b64url(n), "e": b64url(e_bytes)}


def ec_jwk(pem: str, kid: str, crv: str, alg: str) -> dict:
    point = hex_block(openssl_text(pem), "pub")
    assert point[0] == 4, "uncompressed point expected"
    half = (len(point) - 1) // 2
    return {"kty": "EC", "kid": kid, "use": "sig", "alg": alg, "crv": crv,
            "x": b64url(point[1:1 + half]), "y": b64url(point[1 + half:])}


def ed_jwk(pem: str, kid: str) -> dict:
    x = hex_block(openssl_text(pem), "pub")
    return {"kty": "OKP", "kid": kid, "use": "sig", "alg": "EdDSA", "crv": "Ed25519", "x": b64url(x)}


def write(path: str, value: dict) -> None:
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


es256 = ec_jwk("es256-public.pem", "test-es256", "P-256", "ES256")
write("es256-public.jwk", es256)
write("jwks.json", {"keys": [
    rsa_jwk("rsa-public.pem", "test-rsa"),
    es256,
    ec_jwk("es384-public.pem", "test-es384", "P-384", "ES384"),
    ed_jwk("ed25519-public.pem", "test-ed25519"),
]})
