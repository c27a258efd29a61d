//! Signature rules: what checking the signature with the user's keys (`--key`, `--secret-file`,
//! `--secret-env`) found. [`crate::verify`] does the checking; this family turns its verdict into the
//! report's `signature` object and into findings. Without keys nothing here fires: a token that was
//! only decoded says so in its `signature` line, not with a finding.

use super::{Code, Ctx};
use crate::report::{Finding, Severity, Signature};
use crate::verify::{KeyLintCode, SignatureCheck, SignatureStatus};

pub static BAD_SIGNATURE: Code = Code {
    code: "bad-signature",
    severity: Severity::Error,
    summary: "the signature does not verify with the key given",
    fix: "Copy the token again; if it is intact, check that the key is the one its issuer signs with \
(the current JWKS, the right secret, raw or base64).",
    explanation: "You gave tokenlint a key (`--key`, `--secret-file` or `--secret-env`) and the \
token's signature does not hold under it. Either the token was changed after it was signed (one \
character edited, a claim re-encoded, a copy/paste that altered it), or it was signed with a different \
key than the one you gave: an old key after a rotation, the staging key instead of production, the \
secret read as raw text where the service reads it as base64 (or the other way round). A server that \
checks signatures rejects this token with 401. If a service accepted it, that service is not checking \
signatures, which is worse. tokenlint checks only the signature here; `exp`, `nbf` and the other claims \
have their own findings.",
};

pub static ALG_KEY_MISMATCH: Code = Code {
    code: "alg-key-mismatch",
    severity: Severity::Error,
    summary: "the token's alg does not fit the key (the key-confusion attack when HS* meets a public key)",
    fix: "Pin the algorithm per key on the verifying side; never let the token's header choose it.",
    explanation: "The header's `alg` cannot be made by the key the token names (its `kid`), or by any \
key you gave, or the key declares a different `alg` for itself. The dangerous case is an HS256/HS384/ \
HS512 token checked against an RSA, EC or Ed25519 public key: a verifier that lets the header pick the \
algorithm uses the public key's bytes as the HMAC secret, and since the public key is public, anyone can \
forge a token it accepts (the key-confusion attack, RFC 8725 §2.1 and §3.1). tokenlint tries exactly \
that forgery and says FORGED when it succeeds. Other mismatches (an RS256 token and an EC key, a kid \
that names a P-256 key for an RS256 token) mean the wrong key file or a misconfigured issuer. RFC 8725 \
asks that each key is used with exactly one algorithm, and that the verifier, not the token, decides it.",
};

pub static WEAK_HMAC_SECRET: Code = Code {
    code: "weak-hmac-secret",
    severity: Severity::Warning,
    summary: "an HMAC secret shorter than its hash output (32/48/64 bytes for HS256/384/512)",
    fix: "Use a random secret at least as long as the hash: `openssl rand -base64 32` for HS256 (48 for \
HS384, 64 for HS512).",
    explanation: "The HMAC secret that checks this token is shorter than the output of the token's \
hash: 32 bytes for HS256, 48 for HS384, 64 for HS512 (RFC 7518 §3.2 requires a key at least that \
long). Anyone holding one token can test candidate secrets offline, as fast as their hardware allows, \
without talking to your server; short or human-chosen secrets fall to that (RFC 8725 §3.5). Replace it \
with random bytes of full length, and reissue the tokens signed with the old one. tokenlint never prints \
the secret, only its length.",
};

pub static UNSUPPORTED_ALG: Code = Code {
    code: "unsupported-alg",
    severity: Severity::Warning,
    summary: "tokenlint cannot check this algorithm's signature (ES512, ES256K, unknown names)",
    fix: "Check the signature with a tool that supports the algorithm; the decoded header and claims \
are still shown.",
    explanation: "You gave a key, but the token's `alg` is one tokenlint cannot verify: ES512 (ECDSA \
on P-521) and ES256K are missing from its crypto library (jsonwebtoken 12), and names outside RFC 7518 \
are not signature algorithms at all (a JWE's `RSA-OAEP` is an encryption algorithm; `hs256` in lower case \
is not `HS256`). The token is decoded and every other rule ran; only the signature is unchecked, so \
nothing vouches for who made it. Use a verifier that supports the algorithm, or, for a token of your own \
service, switch to ES256, EdDSA or RS256.",
};

pub static NO_MATCHING_KEY: Code = Code {
    code: "no-matching-key",
    severity: Severity::Warning,
    summary: "none of the keys given can check this token (its kid is not among them)",
    fix: "Get the issuer's current key set (a fresh JWKS) or the key with the token's kid, and pass it \
with --key.",
    explanation: "The token names a key ID (`kid`) that none of the keys you gave carries, and no other \
key you gave verifies it; or none of your keys has a type that can make the token's `alg`. This is not \
proof that the token is bad: most often the issuer rotated its keys and the JWKS you saved is older than \
the token, or the key file belongs to another environment. A server holding the same stale key set \
rejects the token with 401 until it refreshes its keys.",
};

pub static CODES: &[&Code] = &[
    &BAD_SIGNATURE,
    &ALG_KEY_MISMATCH,
    &WEAK_HMAC_SECRET,
    &UNSUPPORTED_ALG,
    &NO_MATCHING_KEY,
];

/// The report's `signature` object for a verdict.
pub fn summary(check: &SignatureCheck) -> Signature {
    Signature {
        status: check.status.as_str(),
        kid: check.kid.clone(),
        key: check.key_origin.clone(),
        key_type: check.key_type.clone(),
        detail: (check.status != SignatureStatus::NotChecked).then(|| check.detail.clone()),
    }
}

/// The findings a verdict calls for.
pub fn findings(ctx: &Ctx, check: &SignatureCheck, out: &mut Vec<Finding>) {
    let segment_span = |i: usize| {
        ctx.decoded
            .segments
            .get(i)
            .and_then(|seg| ctx.token_span(seg.start, seg.start + seg.len))
    };
    let unsigned = ctx
        .decoded
        .alg()
        .is_some_and(|alg| alg.eq_ignore_ascii_case("none"));
    match check.status {
        // `alg-none` already says that an unsigned token is an error.
        SignatureStatus::Invalid if !unsigned => {
            out.push(BAD_SIGNATURE.finding(check.detail.clone(), segment_span(2)));
        }
        SignatureStatus::UnsupportedAlg => {
            out.push(UNSUPPORTED_ALG.finding(check.detail.clone(), segment_span(0)));
        }
        // When no key has a type that fits, `alg-key-mismatch` says so more precisely.
        SignatureStatus::NoMatchingKey
            if !check
                .lints
                .iter()
                .any(|l| l.code == KeyLintCode::AlgKeyMismatch) =>
        {
            out.push(NO_MATCHING_KEY.finding(check.detail.clone(), segment_span(0)));
        }
        _ => {}
    }
    for lint in &check.lints {
        let code = match lint.code {
            KeyLintCode::AlgKeyMismatch => &ALG_KEY_MISMATCH,
            KeyLintCode::WeakHmacSecret => &WEAK_HMAC_SECRET,
        };
        out.push(code.finding(lint.message.clone(), segment_span(0)));
    }
}
