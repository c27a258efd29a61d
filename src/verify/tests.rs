//! Tests of signature verification with keys made for them (testdata/keys, see its README) and with
//! the published examples of RFC 7515 appendix A and RFC 8037 appendix A.4.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Map, Value, json};

use super::*;

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/keys")
        .join(name)
}

fn encoding_key(private: &str) -> EncodingKey {
    let pem = std::fs::read(testdata(private)).unwrap();
    match private {
        p if p.starts_with("rsa") => EncodingKey::from_rsa_pem(&pem).unwrap(),
        p if p.starts_with("ed25519") => EncodingKey::from_ed_pem(&pem).unwrap(),
        _ => EncodingKey::from_ec_pem(&pem).unwrap(),
    }
}

/// A compact JWS with exactly this header, signed by jsonwebtoken's own signer.
fn sign(header: Value, key: &EncodingKey, alg: Algorithm) -> String {
    let claims = json!({"sub": "tester", "iss": "tokenlint-tests", "iat": 1_700_000_000});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap())
    );
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).unwrap();
    format!("{input}.{signature}")
}

fn sign_with(private: &str, alg: Algorithm, alg_name: &str, kid: Option<&str>) -> String {
    let mut header = json!({"alg": alg_name, "typ": "JWT"});
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    sign(header, &encoding_key(private), alg)
}

fn header_of(token: &str) -> Map<String, Value> {
    let first = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(first).unwrap()).unwrap()
}

fn ring(files: &[&str]) -> KeyRing {
    let mut ring = KeyRing::new();
    for file in files {
        ring.load_file(&testdata(file))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    ring
}

fn secret_ring(secret: &[u8]) -> KeyRing {
    let mut ring = KeyRing::new();
    ring.add_secret_text("env:TEST_SECRET", secret).unwrap();
    ring
}

fn check(token: &str, keys: &KeyRing) -> SignatureCheck {
    verify(token, Some(&header_of(token)), keys)
}

/// The token with one bit flipped in the decoded bytes of segment `index` (0 header, 1 claims,
/// 2 signature), re-encoded so the damage is in the content, not in the base64.
fn flip_bit(token: &str, index: usize) -> String {
    let mut segments: Vec<String> = token.split('.').map(str::to_string).collect();
    let mut bytes = URL_SAFE_NO_PAD.decode(&segments[index]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x04;
    segments[index] = URL_SAFE_NO_PAD.encode(&bytes);
    segments.join(".")
}

fn codes(check: &SignatureCheck) -> Vec<&'static str> {
    check.lints.iter().map(|l| l.code.as_str()).collect()
}

const HS256_SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const HS384_SECRET: &[u8] = b"0123456789abcdef0123456789abcdef0123456789abcdef";
const HS512_SECRET: &[u8] = b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn hmac_token(alg: Algorithm, name: &str, secret: &[u8]) -> String {
    sign(
        json!({"alg": name, "typ": "JWT"}),
        &EncodingKey::from_secret(secret).unwrap(),
        alg,
    )
}

#[test]
fn every_key_form_verifies_a_token_of_its_algorithm() {
    let cases: &[(&str, Algorithm, &str, Option<&str>, &str)] = &[
        (
            "rsa-private.pem",
            Algorithm::RS256,
            "RS256",
            None,
            "rsa-public.pem",
        ),
        (
            "rsa-private.pem",
            Algorithm::RS256,
            "RS256",
            None,
            "rsa-public-pkcs1.pem",
        ),
        (
            "rsa-private.pem",
            Algorithm::RS256,
            "RS256",
            None,
            "rsa-cert.pem",
        ),
        (
            "rsa-private.pem",
            Algorithm::RS256,
            "RS256",
            Some("test-rsa"),
            "jwks.json",
        ),
        (
            "rsa-private.pem",
            Algorithm::RS384,
            "RS384",
            None,
            "rsa-public.pem",
        ),
        (
            "rsa-private.pem",
            Algorithm::RS512,
            "RS512",
            None,
            "rsa-cert.pem",
        ),
        (
            "rsa-private.pem",
            Algorithm::PS256,
            "PS256",
            None,
            "rsa-public.pem",
        ),
        (
            "es256-private.pem",
            Algorithm::ES256,
            "ES256",
            None,
            "es256-public.pem",
        ),
        (
            "es256-private.pem",
            Algorithm::ES256,
            "ES256",
            None,
            "es256-cert.pem",
        ),
        (
            "es256-private.pem",
            Algorithm::ES256,
            "ES256",
            Some("test-es256"),
            "es256-public.jwk",
        ),
        (
            "es256-private.pem",
            Algorithm::ES256,
            "ES256",
            Some("test-es256"),
            "jwks.json",
        ),
        (
            "es384-private.pem",
            Algorithm::ES384,
            "ES384",
            None,
            "es384-public.pem",
        ),
        (
            "es384-private.pem",
            Algorithm::ES384,
            "ES384",
            Some("test-es384"),
            "jwks.json",
        ),
        (
            "ed25519-private.pem",
            Algorithm::EdDSA,
            "EdDSA",
            None,
            "ed25519-public.pem",
        ),
        (
            "ed25519-private.pem",
            Algorithm::EdDSA,
            "EdDSA",
            Some("test-ed25519"),
            "jwks.json",
        ),
        // RFC 9864's fully-specified name for the same signature.
        (
            "ed25519-private.pem",
            Algorithm::EdDSA,
            "Ed25519",
            None,
            "ed25519-public.pem",
        ),
    ];
    for &(private, alg, name, kid, public) in cases {
        let token = sign_with(private, alg, name, kid);
        let result = check(&token, &ring(&[public]));
        assert_eq!(
            result.status,
            SignatureStatus::Verified,
            "{name} with {public}: {}",
            result.detail
        );
        assert!(
            result.key_origin.as_deref().unwrap().contains(public),
            "{result:?}"
        );
        assert_eq!(result.kid.as_deref(), kid, "{name} with {public}");
        assert!(
            result.lints.is_empty(),
            "{name} with {public}: {:?}",
            result.lints
        );
    }
}

#[test]
fn hmac_tokens_verify_with_raw_and_base64_secrets() {
    for (alg, name, secret) in [
        (Algorithm::HS256, "HS256", HS256_SECRET),
        (Algorithm::HS384, "HS384", HS384_SECRET),
        (Algorithm::HS512, "HS512", HS512_SECRET),
    ] {
        let token = hmac_token(alg, name, secret);
        let raw = check(&token, &secret_ring(secret));
        assert_eq!(
            raw.status,
            SignatureStatus::Verified,
            "{name}: {}",
            raw.detail
        );
        assert_eq!(raw.key_origin.as_deref(), Some("env:TEST_SECRET"));
        assert!(raw.lints.is_empty(), "{:?}", raw.lints);
        let encoded = format!(
            "base64:{}",
            base64::engine::general_purpose::STANDARD.encode(secret)
        );
        let b64 = check(&token, &secret_ring(encoded.as_bytes()));
        assert_eq!(
            b64.status,
            SignatureStatus::Verified,
            "{name} base64: {}",
            b64.detail
        );
    }
}

#[test]
fn one_flipped_bit_anywhere_makes_the_signature_invalid() {
    let tokens = [
        (
            sign_with("es256-private.pem", Algorithm::ES256, "ES256", None),
            ring(&["es256-public.pem"]),
        ),
        (
            sign_with("rsa-private.pem", Algorithm::RS256, "RS256", None),
            ring(&["rsa-public.pem"]),
        ),
        (
            sign_with("rsa-private.pem", Algorithm::PS256, "PS256", None),
            ring(&["rsa-public.pem"]),
        ),
        (
            sign_with("ed25519-private.pem", Algorithm::EdDSA, "EdDSA", None),
            ring(&["ed25519-public.pem"]),
        ),
        (
            hmac_token(Algorithm::HS256, "HS256", HS256_SECRET),
            secret_ring(HS256_SECRET),
        ),
    ];
    for (token, keys) in &tokens {
        assert_eq!(check(token, keys).status, SignatureStatus::Verified);
        for (segment, what) in [(0, "header"), (1, "claims"), (2, "signature")] {
            let damaged = flip_bit(token, segment);
            let result = verify(&damaged, Some(&header_of(token)), keys);
            assert_eq!(
                result.status,
                SignatureStatus::Invalid,
                "{what} of {token}: {}",
                result.detail
            );
            assert!(
                result.detail.contains("does NOT verify"),
                "{}",
                result.detail
            );
            assert_eq!(result.key_origin, None);
        }
    }
}

#[test]
fn a_wrong_key_of_the_right_type_is_invalid() {
    let token = sign_with("es256-private.pem", Algorithm::ES256, "ES256", None);
    let mut other = KeyRing::new();
    other
        .load_bytes("rfc7515-a3.jwk", RFC7515_A3_JWK.as_bytes())
        .unwrap();
    let result = check(&token, &other);
    assert_eq!(result.status, SignatureStatus::Invalid);
    assert!(
        result.detail.contains("rfc7515-a3.jwk"),
        "{}",
        result.detail
    );

    let hs = hmac_token(Algorithm::HS256, "HS256", HS256_SECRET);
    let wrong = check(&hs, &secret_ring(b"ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210"));
    assert_eq!(wrong.status, SignatureStatus::Invalid);
}

#[test]
fn kid_selects_the_key_and_an_unknown_kid_is_no_matching_key() {
    let jwks = ring(&["jwks.json"]);
    let token = sign_with(
        "es384-private.pem",
        Algorithm::ES384,
        "ES384",
        Some("test-es384"),
    );
    let result = check(&token, &jwks);
    assert_eq!(result.status, SignatureStatus::Verified);
    assert_eq!(result.kid.as_deref(), Some("test-es384"));
    assert!(result.key_origin.unwrap().ends_with("jwks.json (keys[2])"));

    // A key rotated away: the kid is in no key given and no other key verifies.
    let rotated = sign_with(
        "es256-private.pem",
        Algorithm::ES256,
        "ES256",
        Some("2027-rotation"),
    );
    let stale_jwks =
        RFC7515_A3_JWK.replace(r#"{"kty""#, r#"{"keys":[{"kid":"2026-01","kty""#) + "]}";
    let mut stale = KeyRing::new();
    stale
        .load_bytes("stale-jwks.json", stale_jwks.as_bytes())
        .unwrap();
    let result = check(&rotated, &stale);
    assert_eq!(
        result.status,
        SignatureStatus::NoMatchingKey,
        "{}",
        result.detail
    );
    assert_eq!(result.kid.as_deref(), Some("2027-rotation"));
    assert!(
        result.detail.contains("\"2027-rotation\""),
        "{}",
        result.detail
    );

    // The same wrong key without a kid was given as "the" key: the token fails it, so it is invalid.
    let mut kidless = KeyRing::new();
    kidless
        .load_bytes("rfc7515-a3.jwk", RFC7515_A3_JWK.as_bytes())
        .unwrap();
    let result = check(&rotated, &kidless);
    assert_eq!(result.status, SignatureStatus::Invalid, "{}", result.detail);
    assert!(
        result.detail.contains("no key given has the token's kid"),
        "{}",
        result.detail
    );

    // A kid-less PEM of the right key still verifies a token that names a kid.
    let result = check(&rotated, &ring(&["es256-public.pem"]));
    assert_eq!(
        result.status,
        SignatureStatus::Verified,
        "{}",
        result.detail
    );
    assert_eq!(result.kid.as_deref(), Some("2027-rotation"));

    // A key with a different kid that verifies is reported, with the discrepancy spelled out.
    let result = check(&rotated, &jwks);
    assert_eq!(result.status, SignatureStatus::Verified);
    assert_eq!(result.kid.as_deref(), Some("test-es256"));
    assert!(
        result.detail.contains("names kid \"2027-rotation\""),
        "{}",
        result.detail
    );
}

#[test]
fn es512_and_unknown_algorithms_are_unsupported_not_invalid() {
    // An ES512 token as an issuer would send it; the signature bytes do not matter here.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES512","kid":"p521"}"#);
    let claims = URL_SAFE_NO_PAD.encode(br#"{"sub":"x"}"#);
    let token = format!("{header}.{claims}.{}", URL_SAFE_NO_PAD.encode([7u8; 132]));
    let result = check(&token, &ring(&["jwks.json"]));
    assert_eq!(result.status, SignatureStatus::UnsupportedAlg);
    assert_eq!(result.alg.as_deref(), Some("ES512"));
    assert!(
        result.detail.contains("P-521") && result.detail.contains("decoded"),
        "{}",
        result.detail
    );
    // The header and claims still decode for the caller: verification never needed them parsed.
    assert_eq!(header_of(&token)["alg"], "ES512");

    for alg in ["ES256K", "HS1", "RSA-OAEP", "hs256"] {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
        let token = format!("{header}.{claims}.AAAA");
        assert_eq!(
            check(&token, &ring(&["jwks.json"])).status,
            SignatureStatus::UnsupportedAlg,
            "{alg}"
        );
    }
}

#[test]
fn alg_none_is_never_verified() {
    for alg in ["none", "None", "NONE"] {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
        let token = format!("{header}.{}.", URL_SAFE_NO_PAD.encode(br#"{"admin":true}"#));
        let with_keys = check(&token, &ring(&["jwks.json"]));
        assert_eq!(with_keys.status, SignatureStatus::Invalid, "{alg}");
        assert!(with_keys.detail.contains("no signature"));
        let no_keys = check(&token, &KeyRing::new());
        assert_eq!(
            verify(&token, None, &ring(&["jwks.json"])).status,
            SignatureStatus::Invalid
        );
        assert_eq!(no_keys.status, SignatureStatus::NotChecked, "{alg}");
    }
}

#[test]
fn no_keys_means_not_checked() {
    let token = sign_with("es256-private.pem", Algorithm::ES256, "ES256", Some("k"));
    let result = check(&token, &KeyRing::new());
    assert_eq!(result.status, SignatureStatus::NotChecked);
    assert!(result.detail.contains("not verified"), "{}", result.detail);
    assert_eq!(
        serde_json::to_value(&result).unwrap()["status"],
        "not-checked"
    );
}

#[test]
fn an_hmac_token_against_a_public_key_is_the_key_confusion_mismatch() {
    let token = hmac_token(Algorithm::HS256, "HS256", HS256_SECRET);
    let result = check(&token, &ring(&["rsa-public.pem"]));
    assert_eq!(
        result.status,
        SignatureStatus::NoMatchingKey,
        "{}",
        result.detail
    );
    assert_eq!(codes(&result), ["alg-key-mismatch"]);
    assert!(
        result.lints[0].message.contains("key-confusion"),
        "{}",
        result.lints[0].message
    );
}

#[test]
fn a_token_forged_with_the_public_key_as_hmac_secret_is_caught() {
    // The classic attack: take the server's public key file and use its bytes as the HS256 secret.
    let pem = std::fs::read(testdata("rsa-public.pem")).unwrap();
    let forged = hmac_token(Algorithm::HS256, "HS256", &pem);
    let result = check(&forged, &ring(&["rsa-public.pem"]));
    assert_eq!(result.status, SignatureStatus::Invalid);
    assert!(result.detail.starts_with("FORGED"), "{}", result.detail);
    assert_eq!(codes(&result), ["alg-key-mismatch"]);
}

#[test]
fn a_kid_naming_a_key_of_the_wrong_type_is_a_mismatch() {
    // An RS256 token whose kid names the EC key of the set.
    let token = sign_with(
        "rsa-private.pem",
        Algorithm::RS256,
        "RS256",
        Some("test-es256"),
    );
    let result = check(&token, &ring(&["jwks.json"]));
    assert_eq!(codes(&result), ["alg-key-mismatch"]);
    assert!(
        result.lints[0].message.contains("EC P-256"),
        "{}",
        result.lints[0].message
    );
    // The RSA key of the set still made the signature, and the verdict says which key that was.
    assert_eq!(result.status, SignatureStatus::Verified);
    assert_eq!(result.kid.as_deref(), Some("test-rsa"));

    // With only the EC key there is nothing to check with: the named key cannot make RS256.
    let mut ec_only = KeyRing::new();
    let jwk = std::fs::read_to_string(testdata("es256-public.jwk")).unwrap();
    ec_only.load_bytes("es256.jwk", jwk.as_bytes()).unwrap();
    let result = check(&token, &ec_only);
    assert_eq!(result.status, SignatureStatus::Invalid, "{}", result.detail);
    assert_eq!(codes(&result), ["alg-key-mismatch"]);
}

#[test]
fn an_rs_token_with_only_an_ec_key_is_a_mismatch() {
    let token = sign_with("rsa-private.pem", Algorithm::RS256, "RS256", None);
    let result = check(&token, &ring(&["es256-public.pem"]));
    assert_eq!(result.status, SignatureStatus::NoMatchingKey);
    assert_eq!(codes(&result), ["alg-key-mismatch"]);
    assert!(result.lints[0].message.contains("EC P-256"));
}

#[test]
fn a_key_declaring_another_alg_is_a_mismatch() {
    // jwks.json declares RS256 for test-rsa; a PS256 token still verifies but breaks the one-key-
    // one-algorithm rule.
    let token = sign_with(
        "rsa-private.pem",
        Algorithm::PS256,
        "PS256",
        Some("test-rsa"),
    );
    let result = check(&token, &ring(&["jwks.json"]));
    assert_eq!(result.status, SignatureStatus::Verified);
    assert_eq!(codes(&result), ["alg-key-mismatch"]);
    assert!(result.lints[0].message.contains("\"RS256\""));
}

#[test]
fn short_hmac_secrets_are_weak_for_their_hash() {
    let short = b"sixteen-byte-key";
    let token = hmac_token(Algorithm::HS256, "HS256", short);
    let result = check(&token, &secret_ring(short));
    assert_eq!(result.status, SignatureStatus::Verified);
    assert_eq!(codes(&result), ["weak-hmac-secret"]);
    assert!(result.lints[0].message.contains("16 bytes") && result.lints[0].message.contains("32"));

    // 32 bytes are enough for HS256 but not for HS512.
    let hs512 = hmac_token(Algorithm::HS512, "HS512", HS256_SECRET);
    let result = check(&hs512, &secret_ring(HS256_SECRET));
    assert_eq!(result.status, SignatureStatus::Verified);
    assert_eq!(codes(&result), ["weak-hmac-secret"]);
    assert!(result.lints[0].message.contains("64"));
}

#[test]
fn a_der_encoded_ecdsa_signature_is_named() {
    let token = sign_with("es256-private.pem", Algorithm::ES256, "ES256", None);
    let (input, _) = token.rsplit_once('.').unwrap();
    // SEQUENCE { INTEGER r, INTEGER s }: what OpenSSL and most HSMs return before JOSE conversion.
    let mut der = vec![0x30, 0x44, 0x02, 0x20];
    der.extend([1u8; 32]);
    der.extend([0x02, 0x20]);
    der.extend([2u8; 32]);
    let damaged = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&der));
    let result = check(&damaged, &ring(&["es256-public.pem"]));
    assert_eq!(result.status, SignatureStatus::Invalid);
    assert!(
        result.detail.contains("DER-encoded") && result.detail.contains("70"),
        "{}",
        result.detail
    );
}

#[test]
fn a_secret_that_the_service_reads_as_base64_gets_a_hint() {
    let encoded = "c2VjcmV0LWJ5dGVzLWZvci1hLWJhc2U2NC1jb25maWd1cmVk";
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    let token = hmac_token(Algorithm::HS256, "HS256", &decoded);
    let result = check(&token, &secret_ring(encoded.as_bytes()));
    assert_eq!(result.status, SignatureStatus::Invalid);
    assert!(
        result.detail.contains("base64-decoded") && result.detail.contains("base64:"),
        "{}",
        result.detail
    );
}

#[test]
fn nothing_returned_ever_contains_the_secret_or_the_signature() {
    let secret = b"a-very-private-hmac-secret-value-0123456789";
    let token = hmac_token(Algorithm::HS256, "HS256", secret);
    let signature = token.rsplit('.').next().unwrap().to_string();
    let keys = secret_ring(secret);
    let outcomes = [
        check(&token, &keys),
        check(&flip_bit(&token, 2), &keys),
        check(
            &hmac_token(
                Algorithm::HS256,
                "HS256",
                b"another-secret-entirely-0123456789",
            ),
            &keys,
        ),
    ];
    for result in &outcomes {
        let text = format!(
            "{result:?} {} {keys:?}",
            serde_json::to_string(result).unwrap()
        );
        assert!(!text.contains("a-very-private"), "{text}");
        assert!(!text.contains(&signature), "{text}");
    }
}

#[test]
fn json_has_kebab_case_status_and_the_key_that_verified() {
    let token = sign_with(
        "ed25519-private.pem",
        Algorithm::EdDSA,
        "EdDSA",
        Some("test-ed25519"),
    );
    let value = serde_json::to_value(check(&token, &ring(&["jwks.json"]))).unwrap();
    assert_eq!(value["status"], "verified");
    assert_eq!(value["kid"], "test-ed25519");
    assert!(
        value["key"]
            .as_str()
            .unwrap()
            .ends_with("jwks.json (keys[3])")
    );
    assert_eq!(value["key_type"], "Ed25519");
    assert!(value.get("lints").is_none());
    let statuses = [
        SignatureStatus::NoMatchingKey,
        SignatureStatus::UnsupportedAlg,
        SignatureStatus::Invalid,
    ];
    for status in statuses {
        assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
    }
}

// Published examples. Each key and token below appears verbatim in the RFC named (RFC 7515
// appendix A.1-A.3, RFC 8037 appendix A.4); the private parts ("d" and the CRT values) are left
// out because tokenlint refuses private JWKs.

/// RFC 7515 A.1-A.3 share this payload: {"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}
const RFC7515_PAYLOAD: &str = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

const RFC7515_A1_JWK: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
const RFC7515_A1_SIG: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

const RFC7515_A2_JWK: &str = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#;
const RFC7515_A2_SIG: &str = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

const RFC7515_A3_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const RFC7515_A3_SIG: &str =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

const RFC8037_A4_JWK: &str =
    r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
const RFC8037_A4_TOKEN: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

#[test]
fn published_rfc_examples_verify_and_fail_when_touched() {
    let cases = [
        (
            "RFC 7515 A.1 (HS256)",
            format!("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.{RFC7515_PAYLOAD}.{RFC7515_A1_SIG}"),
            RFC7515_A1_JWK,
        ),
        (
            "RFC 7515 A.2 (RS256)",
            format!("eyJhbGciOiJSUzI1NiJ9.{RFC7515_PAYLOAD}.{RFC7515_A2_SIG}"),
            RFC7515_A2_JWK,
        ),
        (
            "RFC 7515 A.3 (ES256)",
            format!("eyJhbGciOiJFUzI1NiJ9.{RFC7515_PAYLOAD}.{RFC7515_A3_SIG}"),
            RFC7515_A3_JWK,
        ),
        (
            "RFC 8037 A.4 (Ed25519)",
            RFC8037_A4_TOKEN.to_string(),
            RFC8037_A4_JWK,
        ),
    ];
    for (name, token, jwk) in cases {
        let mut keys = KeyRing::new();
        keys.load_bytes(name, jwk.as_bytes()).unwrap();
        let result = check(&token, &keys);
        assert_eq!(
            result.status,
            SignatureStatus::Verified,
            "{name}: {}",
            result.detail
        );
        let touched = verify(&flip_bit(&token, 1), Some(&header_of(&token)), &keys);
        assert_eq!(touched.status, SignatureStatus::Invalid, "{name}");
    }
    // The A.1 key doubles as a secret given as base64 (URL-safe alphabet, no padding).
    let token =
        format!("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.{RFC7515_PAYLOAD}.{RFC7515_A1_SIG}");
    let secret = "base64:AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    assert_eq!(
        check(&token, &secret_ring(secret.as_bytes())).status,
        SignatureStatus::Verified
    );
    // The A.2 key is the wrong key for our own RS256 token.
    let ours = sign_with("rsa-private.pem", Algorithm::RS256, "RS256", None);
    let mut rfc_rsa = KeyRing::new();
    rfc_rsa.load_bytes("a2", RFC7515_A2_JWK.as_bytes()).unwrap();
    assert_eq!(check(&ours, &rfc_rsa).status, SignatureStatus::Invalid);
}

proptest::proptest! {
    /// Whatever the token text and header, verification answers with a status and never claims
    /// "verified" for a token that no key signed.
    #[test]
    fn arbitrary_tokens_never_panic_and_never_verify(
        token in "[A-Za-z0-9_.=-]{0,200}",
        alg in proptest::sample::select(vec!["HS256", "RS256", "PS512", "ES256", "ES384", "EdDSA", "none", "ES512", "x"]),
        kid in proptest::option::of(proptest::sample::select(vec!["test-rsa", "test-es256", "other"])),
    ) {
        let mut header = Map::new();
        header.insert("alg".into(), json!(alg));
        if let Some(kid) = kid {
            header.insert("kid".into(), json!(kid));
        }
        let mut keys = ring(&["jwks.json"]);
        keys.add_secret_text("env:S", HS256_SECRET).unwrap();
        let result = verify(&token, Some(&header), &keys);
        proptest::prop_assert_ne!(result.status, SignatureStatus::Verified);
    }
}
