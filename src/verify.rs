//! Signature verification: whether a token's signature holds under one of the keys the user gave.
//! "Decoded" is not "verified", and this module is the only place that may say "verified". Its
//! answer is a [`SignatureCheck`] whose status is one of `not-checked` (no key given), `verified`,
//! `invalid`, `no-matching-key` or `unsupported-alg`, plus key lints after RFC 8725 (JWT Best
//! Current Practices): `alg-key-mismatch` and `weak-hmac-secret`.
//!
//! Only the signature is checked. `exp`, `nbf`, `aud` and `iss` are other rules' business, so this
//! module calls `jsonwebtoken::crypto::verify` on the signing input directly instead of
//! `jsonwebtoken::decode`, which would also judge the claims (and refuse tokens without `exp`).
//!
//! Key selection: keys whose `kid` equals the token's `kid` are tried first, then every other key
//! of a type that can make the token's `alg` (kid-less keys before keys with another kid). The
//! first key that verifies wins. When none does, the status is `no-matching-key` if no given key has
//! a type that fits `alg` at all, or if the token names a `kid` that no given key has and every key
//! tried carries another kid (a stale JWKS). A key without a kid (a PEM file, a secret) stands for
//! "this is the key": when it fails, the status is `invalid`. `alg: none` (any case) is never
//! `verified`: with keys given it is `invalid`.

mod der;
mod keys;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Serialize;
use serde_json::{Map, Value};

pub use keys::{Key, KeyForm, KeyKind, KeyRing, MAX_KEY_FILE_BYTES, parse_hmac_secret};

/// What became of the signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// No key was given: the token is decoded, its signature unchecked.
    NotChecked,
    Verified,
    Invalid,
    /// None of the given keys can check this token (its `kid` is in none of them, or none has a type
    /// that makes its `alg`).
    NoMatchingKey,
    /// The `alg` is one tokenlint cannot verify (ES512, ES256K, unknown names). The token still
    /// decodes; only the signature is left unchecked.
    UnsupportedAlg,
}

impl SignatureStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::NotChecked => "not-checked",
            SignatureStatus::Verified => "verified",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::NoMatchingKey => "no-matching-key",
            SignatureStatus::UnsupportedAlg => "unsupported-alg",
        }
    }
}

/// A key problem found while checking, after RFC 8725. These become findings in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyLintCode {
    /// The token's `alg` does not fit the key it names or the keys given (an HS* token against a
    /// public key is the key-confusion attack). An error.
    AlgKeyMismatch,
    /// An HMAC secret shorter than the hash output (32/48/64 bytes for HS256/384/512). A warning.
    WeakHmacSecret,
}

impl KeyLintCode {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyLintCode::AlgKeyMismatch => "alg-key-mismatch",
            KeyLintCode::WeakHmacSecret => "weak-hmac-secret",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyLint {
    pub code: KeyLintCode,
    pub message: String,
}

/// The verdict on one token's signature. `kid` is the key ID in question: the verifying key's when
/// `verified`, otherwise the one the token asked for. `key` is the origin of the key that verified
/// (a path, `path (keys[2])`, `env:NAME`, `file:PATH`). No field ever holds key material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    pub status: SignatureStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(rename = "key", skip_serializing_if = "Option::is_none")]
    pub key_origin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    /// One sentence for a person: what was tried and what it means.
    pub detail: String,
    /// Key lints; reported as findings, so not repeated in this object's JSON.
    #[serde(skip)]
    pub lints: Vec<KeyLint>,
}

impl SignatureCheck {
    fn new(status: SignatureStatus, alg: Option<&str>, detail: String) -> Self {
        SignatureCheck {
            status,
            alg: alg.map(str::to_string),
            kid: None,
            key_origin: None,
            key_type: None,
            detail,
            lints: Vec::new(),
        }
    }
}

/// Which key type an algorithm needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Hmac,
    Rsa,
    P256,
    P384,
    Ed25519,
}

impl Family {
    fn describe(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA public key",
            Family::P256 => "an EC P-256 public key",
            Family::P384 => "an EC P-384 public key",
            Family::Ed25519 => "an Ed25519 public key",
        }
    }
}

/// A JWS algorithm tokenlint can verify.
#[derive(Clone, Copy, Debug)]
struct AlgSpec {
    alg: Algorithm,
    family: Family,
    /// The signature length the algorithm always produces; `None` for RSA (the modulus size).
    signature_len: Option<usize>,
}

/// RFC 7518 §3.1 names, plus `Ed25519` from RFC 9864 (the fully-specified name for EdDSA over
/// Ed25519). Names are case-sensitive, as in the RFC: `hs256` is not an algorithm.
fn alg_spec(name: &str) -> Option<AlgSpec> {
    let (alg, family, signature_len) = match name {
        "HS256" => (Algorithm::HS256, Family::Hmac, Some(32)),
        "HS384" => (Algorithm::HS384, Family::Hmac, Some(48)),
        "HS512" => (Algorithm::HS512, Family::Hmac, Some(64)),
        "RS256" => (Algorithm::RS256, Family::Rsa, None),
        "RS384" => (Algorithm::RS384, Family::Rsa, None),
        "RS512" => (Algorithm::RS512, Family::Rsa, None),
        "PS256" => (Algorithm::PS256, Family::Rsa, None),
        "PS384" => (Algorithm::PS384, Family::Rsa, None),
        "PS512" => (Algorithm::PS512, Family::Rsa, None),
        "ES256" => (Algorithm::ES256, Family::P256, Some(64)),
        "ES384" => (Algorithm::ES384, Family::P384, Some(96)),
        "EdDSA" | "Ed25519" => (Algorithm::EdDSA, Family::Ed25519, Some(64)),
        _ => return None,
    };
    Some(AlgSpec {
        alg,
        family,
        signature_len,
    })
}

/// Why an algorithm that is not in [`alg_spec`] cannot be checked, in the user's terms.
fn unsupported_reason(name: &str) -> String {
    match name {
        "ES512" => {
            "ES512 (ECDSA P-521) cannot be checked: tokenlint's crypto library, jsonwebtoken \
                    12, has no P-521"
                .to_string()
        }
        "ES256K" => {
            "ES256K (secp256k1) cannot be checked by tokenlint's crypto library".to_string()
        }
        "Ed448" => "Ed448 cannot be checked by tokenlint's crypto library".to_string(),
        _ if name.starts_with("HS") || name.starts_with("RS") || name.starts_with("PS") => {
            format!("{name:?} is not a registered JWS algorithm (RFC 7518 §3.1)")
        }
        _ => format!(
            "{name:?} is not a JWS signature algorithm tokenlint can check (an encryption \
             algorithm means a JWE, which has no signature)"
        ),
    }
}

fn fits(kind: KeyKind, spec: &AlgSpec) -> bool {
    match (kind, spec.family) {
        (KeyKind::Hmac { .. }, Family::Hmac) => true,
        (KeyKind::Rsa { pss_only, .. }, Family::Rsa) => {
            !pss_only
                || matches!(
                    spec.alg,
                    Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512
                )
        }
        (KeyKind::EcP256, Family::P256) => true,
        (KeyKind::EcP384, Family::P384) => true,
        (KeyKind::Ed25519, Family::Ed25519) => true,
        _ => false,
    }
}

fn header_str<'a>(header: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    header.get(name).and_then(Value::as_str)
}

/// Checks the signature of a compact JWS `token` against `keys`. `header` is the token's decoded
/// header, `None` when it is not a JSON object. Never panics and never returns an error: every
/// outcome is a status with a detail sentence.
pub fn verify(token: &str, header: Option<&Map<String, Value>>, keys: &KeyRing) -> SignatureCheck {
    let alg = header.and_then(|h| header_str(h, "alg"));
    let token_kid = header.and_then(|h| header_str(h, "kid"));
    if keys.is_empty() {
        let detail = "no key given, so the signature was not checked: the token is decoded, not \
                      verified (give --key, --secret-file or --secret-env to check it)";
        return SignatureCheck::new(SignatureStatus::NotChecked, alg, detail.to_string());
    }
    if header.is_none() {
        let detail = "the header does not decode to a JSON object, so there is no algorithm to \
                      check the signature with: the token is damaged";
        return SignatureCheck::new(SignatureStatus::Invalid, None, detail.to_string());
    }
    let Some(alg) = alg else {
        let detail = "the header has no \"alg\" string, so there is no algorithm to check the \
                      signature with";
        return SignatureCheck::new(SignatureStatus::UnsupportedAlg, None, detail.to_string());
    };
    let mut check = check_with_keys(token, alg, token_kid, keys);
    if check.status != SignatureStatus::Verified && check.kid.is_none() {
        check.kid = token_kid.map(str::to_string);
    }
    check
}

fn check_with_keys(
    token: &str,
    alg: &str,
    token_kid: Option<&str>,
    keys: &KeyRing,
) -> SignatureCheck {
    use SignatureStatus::*;
    let result = |status, detail: String| SignatureCheck::new(status, Some(alg), detail);

    if alg.eq_ignore_ascii_case("none") {
        return result(
            Invalid,
            "alg \"none\" means the token carries no signature, so no key can verify it; a service \
             that accepts it accepts tokens anyone can write"
                .to_string(),
        );
    }
    let Some(spec) = alg_spec(alg) else {
        return result(
            UnsupportedAlg,
            format!(
                "{}; the token is decoded, its signature not checked",
                unsupported_reason(alg)
            ),
        );
    };

    let segments: Vec<&str> = token.split('.').collect();
    if segments.len() != 3 {
        return result(
            Invalid,
            format!(
                "a signed token (JWS compact form) has 3 segments, this one has {}",
                segments.len()
            ),
        );
    }
    let signature_b64 = segments[2];
    let signing_input = &token[..token.len() - signature_b64.len() - 1];
    let signature = match URL_SAFE_NO_PAD.decode(signature_b64) {
        Ok(bytes) if !bytes.is_empty() => bytes,
        Ok(_) => return result(Invalid, "the signature segment is empty".to_string()),
        Err(_) => {
            return result(
                Invalid,
                "the signature segment is not unpadded base64url, so it cannot be a valid signature"
                    .to_string(),
            );
        }
    };
    if let Some(expected) = spec.signature_len
        && signature.len() != expected
    {
        let mut detail = format!(
            "an {alg} signature is {expected} bytes, this one is {}",
            signature.len()
        );
        if spec.family != Family::Hmac && spec.family != Family::Ed25519 && signature[0] == 0x30 {
            detail.push_str(" and looks DER-encoded; JWS wants the raw r||s form (RFC 7518 §3.4)");
        }
        return result(Invalid, detail);
    }

    let mut lints = Vec::new();
    let kid_matches: Vec<&Key> = match token_kid {
        Some(kid) => keys
            .keys()
            .iter()
            .filter(|k| k.kid() == Some(kid))
            .collect(),
        None => Vec::new(),
    };
    for key in &kid_matches {
        if !fits(key.kind(), &spec) {
            lints.push(KeyLint {
                code: KeyLintCode::AlgKeyMismatch,
                message: format!(
                    "the token's kid {:?} names the {} key from {}, which cannot make {alg} \
                     signatures; {alg} needs {}",
                    key.kid().unwrap_or_default(),
                    key.kind(),
                    key.origin(),
                    spec.family.describe()
                ),
            });
        } else if let Some(declared) = key.declared_alg()
            && declared != alg
        {
            lints.push(KeyLint {
                code: KeyLintCode::AlgKeyMismatch,
                message: format!(
                    "the key from {} declares \"alg\": {declared:?} but the token uses {alg}; \
                     RFC 8725 §3.1 asks that each key is used with one algorithm",
                    key.origin()
                ),
            });
        }
    }

    // Candidates in order: kid matches, kid-less keys, keys with another kid.
    let mut candidates: Vec<&Key> = kid_matches
        .iter()
        .copied()
        .filter(|k| fits(k.kind(), &spec))
        .collect();
    let rest = keys
        .keys()
        .iter()
        .filter(|k| fits(k.kind(), &spec) && !candidates.iter().any(|c| std::ptr::eq(*c, *k)));
    let (kidless, other_kid): (Vec<&Key>, Vec<&Key>) = rest.partition(|k| k.kid().is_none());
    candidates.extend(kidless);
    candidates.extend(other_kid);

    if spec.family == Family::Hmac {
        let min = spec.signature_len.unwrap_or(32);
        for key in &candidates {
            if let KeyKind::Hmac { bytes } = key.kind()
                && bytes < min
            {
                lints.push(KeyLint {
                    code: KeyLintCode::WeakHmacSecret,
                    message: format!(
                        "the HMAC secret from {} is {bytes} bytes; {alg} needs at least {min} \
                         (RFC 7518 §3.2: a key as long as the hash output), or it can be guessed \
                         offline from any one token",
                        key.origin()
                    ),
                });
            }
        }
    }

    if candidates.is_empty() && !lints.iter().any(|l| l.code == KeyLintCode::AlgKeyMismatch) {
        let kinds: Vec<String> = keys.keys().iter().map(|k| k.kind().to_string()).collect();
        let message = if spec.family == Family::Hmac {
            format!(
                "the token is {alg}, an HMAC algorithm, but the keys given are public keys ({}); \
                 a service that verifies it with its public key as the HMAC secret accepts forged \
                 tokens (the key-confusion attack, RFC 8725 §2.1)",
                kinds.join(", ")
            )
        } else {
            format!(
                "the token is {alg}, which needs {}, but the keys given are: {}",
                spec.family.describe(),
                kinds.join(", ")
            )
        };
        lints.push(KeyLint {
            code: KeyLintCode::AlgKeyMismatch,
            message,
        });
    }

    for key in &candidates {
        if let Ok(true) = jsonwebtoken::crypto::verify(
            signature_b64,
            signing_input.as_bytes(),
            &key.decoding,
            spec.alg,
        ) {
            let mut detail = format!("signed by {}", key_phrase(key));
            if let (Some(wanted), Some(has)) = (token_kid, key.kid())
                && wanted != has
            {
                detail.push_str(&format!(
                    "; note that the token names kid {wanted:?} but this key's kid is {has:?}"
                ));
            }
            let mut check = result(Verified, detail);
            check.kid = key.kid().or(token_kid).map(str::to_string);
            check.key_origin = Some(key.origin().to_string());
            check.key_type = Some(key.kind().to_string());
            check.lints = lints;
            return check;
        }
    }

    // Nothing verified: say why, as precisely as the evidence allows.
    if spec.family == Family::Hmac
        && let Some(key) = forged_with_public_key(signature_b64, signing_input, &spec, keys)
    {
        let mut check = result(
            Invalid,
            format!(
                "FORGED: this {alg} token was signed with the public key from {} used as an HMAC \
                 secret, the key-confusion attack (RFC 8725 §2.1); anyone can make such a token",
                key.origin()
            ),
        );
        check.lints = lints;
        return check;
    }
    // A key without a kid was given for whatever token comes: when it fails, the token is at fault
    // (or the key is the wrong one), which is `invalid`. Only keys that all carry other kids make the
    // unknown kid the explanation.
    let kid_unknown = token_kid.is_some()
        && kid_matches.is_empty()
        && candidates.iter().all(|k| k.kid().is_some());
    let mut check = if candidates.is_empty() {
        if kid_matches.is_empty() {
            result(
                NoMatchingKey,
                format!(
                    "none of the keys given can check an {alg} signature, which needs {}",
                    spec.family.describe()
                ),
            )
        } else {
            result(
                Invalid,
                format!(
                    "the key the token names by kid cannot make {alg} signatures, so the token is \
                     not what that key signs"
                ),
            )
        }
    } else if kid_unknown {
        result(
            NoMatchingKey,
            format!(
                "no key given has the token's kid {:?}, and the signature does not verify with \
                 {}; get the key with that kid (a fresh JWKS?)",
                token_kid.unwrap_or_default(),
                tried_phrase(&candidates, "other ")
            ),
        )
    } else {
        let mut detail = format!(
            "the signature does NOT verify with {}: the token was changed after signing, or \
             signed with another key",
            tried_phrase(&candidates, "")
        );
        if let Some(kid) = token_kid
            && kid_matches.is_empty()
        {
            detail.push_str(&format!(" (no key given has the token's kid {kid:?})"));
        }
        if let Some(key) = base64_reading_verifies(signature_b64, signing_input, &spec, &candidates)
        {
            detail = format!(
                "the signature does NOT verify with the secret from {} as given, but it does with \
                 that secret base64-decoded: the service reads the secret as base64, so pass it as \
                 base64:...",
                key.origin()
            );
        }
        result(Invalid, detail)
    };
    check.lints = lints;
    check
}

/// "the key from X" or "any of the 3 keys tried (X, Y, Z)".
fn tried_phrase(keys: &[&Key], other: &str) -> String {
    let origins = keys
        .iter()
        .map(|k| k.origin())
        .collect::<Vec<_>>()
        .join(", ");
    match keys.len() {
        1 => format!("the {other}key from {origins}"),
        n => format!("any of the {n} {other}keys tried ({origins})"),
    }
}

/// A key as a person would name it: what it is and where it came from.
fn key_phrase(key: &Key) -> String {
    match (key.kind(), key.form()) {
        (KeyKind::Hmac { bytes }, _) => {
            format!("the {bytes}-byte HMAC secret from {}", key.origin())
        }
        // The origin already says `(keys[N])`.
        (kind, KeyForm::Jwks) => format!("the {kind} key from {}", key.origin()),
        (kind, form) => format!("the {kind} key from {} ({})", key.origin(), form.describe()),
    }
}

/// The key-confusion probe: a public key file's text (or DER) used as an HMAC secret.
fn forged_with_public_key<'k>(
    signature_b64: &str,
    signing_input: &str,
    spec: &AlgSpec,
    keys: &'k KeyRing,
) -> Option<&'k Key> {
    keys.keys().iter().find(|key| {
        key.confusion_secrets.iter().any(|material| {
            DecodingKey::from_secret(material).is_ok_and(|k| {
                matches!(
                    jsonwebtoken::crypto::verify(
                        signature_b64,
                        signing_input.as_bytes(),
                        &k,
                        spec.alg
                    ),
                    Ok(true)
                )
            })
        })
    })
}

fn base64_reading_verifies<'k>(
    signature_b64: &str,
    signing_input: &str,
    spec: &AlgSpec,
    candidates: &[&'k Key],
) -> Option<&'k Key> {
    candidates.iter().copied().find(|key| {
        key.base64_reading.as_ref().is_some_and(|k| {
            matches!(
                jsonwebtoken::crypto::verify(signature_b64, signing_input.as_bytes(), k, spec.alg),
                Ok(true)
            )
        })
    })
}

#[cfg(test)]
mod tests;
