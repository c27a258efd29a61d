//! Signature checking from the command line: `--key` (PEM, certificate, JWK, JWKS), `--secret-env`,
//! `--secret-file`; the `signature` object, its human line, the signature findings, and secrecy.

use jsonwebtoken::{Algorithm, EncodingKey};
use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

fn key_path(name: &str) -> String {
    format!("{}/testdata/keys/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A token with `header` and generic claims, signed by the private test key `private` (or, for HS*,
/// the secret bytes given as `private`).
fn signed(alg: Algorithm, private: &str, header: Value) -> String {
    let key = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            EncodingKey::from_secret(private.as_bytes()).unwrap()
        }
        _ => {
            let pem = std::fs::read(key_path(private)).unwrap();
            match alg {
                Algorithm::ES256 | Algorithm::ES384 => EncodingKey::from_ec_pem(&pem).unwrap(),
                Algorithm::EdDSA => EncodingKey::from_ed_pem(&pem).unwrap(),
                _ => EncodingKey::from_rsa_pem(&pem).unwrap(),
            }
        }
    };
    let claims = json!({"iss": "https://auth.example.test", "sub": "user-42", "iat": NOW - DAY, "exp": NOW + 30 * DAY});
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sig = jsonwebtoken::crypto::sign(input.as_bytes(), &key, alg).unwrap();
    format!("{input}.{sig}")
}

fn signature(report: &Value) -> &Value {
    &report["tokens"][0]["signature"]
}

/// Runs tokenlint on `input` and returns stdout, stderr and the exit code.
fn run(input: &str, args: &[&str]) -> (String, String, i32) {
    let out = tokenlint().args(args).write_stdin(input).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn each_key_form_verifies() {
    let cases = [
        (
            Algorithm::RS256,
            "rsa-private.pem",
            None,
            "rsa-public.pem",
            "RSA 2048-bit",
        ),
        (
            Algorithm::RS256,
            "rsa-private.pem",
            None,
            "rsa-public-pkcs1.pem",
            "RSA 2048-bit",
        ),
        (
            Algorithm::PS256,
            "rsa-private.pem",
            None,
            "rsa-cert.pem",
            "RSA 2048-bit",
        ),
        (
            Algorithm::RS512,
            "rsa-private.pem",
            None,
            "rsa-public.pem",
            "RSA 2048-bit",
        ),
        (
            Algorithm::RS256,
            "rsa-private.pem",
            Some("test-rsa"),
            "jwks.json",
            "RSA 2048-bit",
        ),
        (
            Algorithm::ES256,
            "es256-private.pem",
            None,
            "es256-cert.pem",
            "EC P-256",
        ),
        (
            Algorithm::ES256,
            "es256-private.pem",
            Some("test-es256"),
            "es256-public.jwk",
            "EC P-256",
        ),
        (
            Algorithm::ES384,
            "es384-private.pem",
            Some("test-es384"),
            "jwks.json",
            "EC P-384",
        ),
        (
            Algorithm::EdDSA,
            "ed25519-private.pem",
            None,
            "ed25519-public.pem",
            "Ed25519",
        ),
    ];
    for (alg, private, kid, public, key_type) in cases {
        let mut header = json!({"alg": format!("{alg:?}"), "typ": "JWT"});
        if let Some(kid) = kid {
            header["kid"] = json!(kid);
        }
        let token = signed(alg, private, header);
        let (v, code) = json_of(&token, &["--key", &key_path(public)]);
        let sig = signature(&v);
        assert_eq!(sig["status"], "verified", "{alg:?} with {public}: {sig}");
        assert!(sig["key"].as_str().unwrap().contains(public), "{sig}");
        assert_eq!(sig["key_type"], key_type);
        assert_eq!(sig["kid"].as_str(), kid, "{sig}");
        assert_eq!(code, 0);
        assert!(codes(&v).is_empty(), "{:?}", codes(&v));
    }
}

#[test]
fn the_jwks_key_is_chosen_by_kid_and_an_unknown_kid_is_reported() {
    let jwks = key_path("jwks.json");
    let token = signed(
        Algorithm::ES256,
        "es256-private.pem",
        json!({"alg": "ES256", "kid": "test-es256"}),
    );
    let (v, _) = json_of(&token, &["--key", &jwks]);
    assert_eq!(signature(&v)["kid"], "test-es256");
    assert!(
        signature(&v)["key"]
            .as_str()
            .unwrap()
            .ends_with("jwks.json (keys[1])")
    );

    // An unknown kid and only keys of the wrong type: the mismatch is the finding that explains it.
    let rs = signed(
        Algorithm::RS256,
        "rsa-private.pem",
        json!({"alg": "RS256", "kid": "2027-01"}),
    );
    let (v, code) = json_of(&rs, &["--key", &key_path("es256-public.jwk")]);
    assert_eq!(signature(&v)["status"], "no-matching-key", "{v:#}");
    assert_eq!(codes(&v), ["alg-key-mismatch"]);
    assert_eq!(code, 1);

    let rotated = signed(
        Algorithm::ES384,
        "es384-private.pem",
        json!({"alg": "ES384", "kid": "2027-01"}),
    );
    let (v, code) = json_of(&rotated, &["--key", &key_path("es256-public.jwk")]);
    assert_eq!(signature(&v)["status"], "no-matching-key");
    assert_eq!(signature(&v)["kid"], "2027-01");
    assert_eq!(codes(&v), ["alg-key-mismatch"]);
    assert_eq!(code, 1);
}

#[test]
fn a_kid_missing_from_the_key_set_is_a_warning() {
    // An ES256 token whose kid is not in the file and whose key is not either (RFC 7515 A.3's key).
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("stale-jwks.json");
    std::fs::write(
        &stale,
        r#"{"keys":[{"kty":"EC","crv":"P-256","kid":"2025-old","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#,
    )
    .unwrap();
    let token = events_token();
    let (v, code) = json_of(&token, &["--key", stale.to_str().unwrap()]);
    assert_eq!(signature(&v)["status"], "no-matching-key");
    assert_eq!(signature(&v)["kid"], "kb3hcmxdqbrh4ab7fbbz6e2vya");
    assert!(codes(&v).contains(&"no-matching-key".to_string()));
    assert_eq!(
        code, 0,
        "a warning does not fail the default --fail-on error"
    );
    let (_, code) = json_of(
        &token,
        &["--key", stale.to_str().unwrap(), "--fail-on", "warning"],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_changed_token_is_a_bad_signature_and_exits_one() {
    let token = events_token();
    // Re-encode the claims with one changed scope: still well-formed, no longer what was signed.
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims = events_claims();
    claims["1password.com/fts"] = json!(["signinattempts", "itemusages", "auditevents", "admin"]);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(claims.to_string().as_bytes()),
        parts[2]
    );
    let key = key_path("es256-public.pem");
    let (v, code) = json_of(&forged, &["--key", &key]);
    assert_eq!(signature(&v)["status"], "invalid");
    assert!(
        codes(&v).contains(&"bad-signature".to_string()),
        "{:?}",
        codes(&v)
    );
    assert_eq!(code, 1);

    let (out, _, code) = run(&forged, &["--key", &key]);
    assert_eq!(code, 1);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("signature"))
        .unwrap();
    assert!(
        line.contains("INVALID") && line.contains("does NOT verify"),
        "{line}"
    );
    assert!(out.contains("error[bad-signature]"));
}

#[test]
fn hmac_secrets_come_from_a_file_or_the_environment_and_never_show() {
    let secret = "an-hs256-secret-of-exactly-32-by";
    assert_eq!(secret.len(), 32);
    let token = signed(
        Algorithm::HS256,
        secret,
        json!({"alg": "HS256", "typ": "JWT"}),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hs.secret");
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    let (v, _) = json_of(&token, &["--secret-file", file.to_str().unwrap()]);
    assert_eq!(signature(&v)["status"], "verified", "{v:#}");
    assert_eq!(signature(&v)["key"], format!("file:{}", file.display()));

    let encoded = format!(
        "base64:{}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret)
    );
    for format in [&["--json"][..], &[][..]] {
        let out = tokenlint()
            .env("HS_SECRET", &encoded)
            .args(["--secret-env", "HS_SECRET"])
            .args(format)
            .write_stdin(token.clone())
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            all.contains("verified") && all.contains("env:HS_SECRET"),
            "{all}"
        );
        assert!(
            !all.contains(secret) && !all.contains(&encoded[7..]),
            "the secret leaked: {all}"
        );
        assert!(
            !all.contains(signature_of(&token)),
            "the signature leaked: {all}"
        );
    }
    // A wrong secret: the message names where it came from, never what it is.
    let (out, err, code) = {
        let o = tokenlint()
            .env("HS_SECRET", "not-the-right-secret-at-all-000000")
            .args(["--secret-env", "HS_SECRET"])
            .write_stdin(token.clone())
            .output()
            .unwrap();
        (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
            o.status.code().unwrap(),
        )
    };
    assert_eq!(code, 1);
    assert!(
        out.contains("env:HS_SECRET")
            && !out.contains("not-the-right")
            && !err.contains("not-the-right")
    );
}

#[test]
fn a_short_secret_is_weak() {
    let token = signed(Algorithm::HS256, "short-secret", json!({"alg": "HS256"}));
    let out = tokenlint()
        .env("S", "short-secret")
        .args(["--json", "--secret-env", "S"])
        .write_stdin(token)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(signature(&v)["status"], "verified");
    assert_eq!(codes(&v), ["weak-hmac-secret"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("short-secret"));
}

#[test]
fn an_hs256_token_checked_with_a_public_key_is_the_confusion_attack() {
    let pem = std::fs::read_to_string(key_path("rsa-public.pem")).unwrap();
    let forged = signed(
        Algorithm::HS256,
        &pem,
        json!({"alg": "HS256", "typ": "JWT"}),
    );
    let (v, code) = json_of(&forged, &["--key", &key_path("rsa-public.pem")]);
    assert_eq!(signature(&v)["status"], "invalid");
    assert!(
        signature(&v)["detail"]
            .as_str()
            .unwrap()
            .starts_with("FORGED"),
        "{v:#}"
    );
    let mut got = codes(&v);
    got.sort();
    assert_eq!(got, ["alg-key-mismatch", "bad-signature"]);
    assert_eq!(code, 1);
}

#[test]
fn es512_is_shown_but_its_signature_is_not_checked() {
    let token = unsigned_shape(
        &json!({"alg": "ES512", "kid": "p521"}),
        &json!({"sub": "user-42", "iat": NOW, "exp": NOW + 30 * DAY}),
        132,
    );
    let (v, code) = json_of(&token, &["--key", &key_path("jwks.json")]);
    let tok = &v["tokens"][0];
    assert_eq!(tok["header"]["alg"], "ES512");
    assert_eq!(tok["claims"]["sub"], "user-42");
    assert_eq!(signature(&v)["status"], "unsupported-alg");
    assert_eq!(codes(&v), ["unsupported-alg"]);
    assert_eq!(code, 0);
}

#[test]
fn without_a_key_the_signature_line_says_not_checked_and_points_1password_users_to_introspect() {
    let (out, _, _) = run(&events_token(), &[]);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("signature"))
        .unwrap();
    assert!(
        line.contains("not checked") && line.contains("--introspect"),
        "{line}"
    );
    let other = signed(
        Algorithm::ES256,
        "es256-private.pem",
        json!({"alg": "ES256"}),
    );
    let (out, _, _) = run(&other, &[]);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("signature"))
        .unwrap();
    assert!(
        line.contains("not checked") && !line.contains("--introspect"),
        "{line}"
    );
    let (v, _) = json_of(&other, &[]);
    assert_eq!(*signature(&v), json!({"status": "not-checked"}));
}

#[test]
fn unusable_keys_stop_the_run_with_a_message_that_says_what_to_do() {
    let token = events_token();
    tokenlint()
        .args(["--key", &key_path("es256-private.pem")])
        .write_stdin(token.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("private key").and(predicate::str::contains("-pubout")));
    tokenlint()
        .args(["--key", &key_path("es512-public.pem")])
        .write_stdin(token.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ES512"));
    tokenlint()
        .env_remove("TOKENLINT_NO_SUCH_SECRET")
        .args(["--secret-env", "TOKENLINT_NO_SUCH_SECRET"])
        .write_stdin(token.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "TOKENLINT_NO_SUCH_SECRET is not set",
        ));
    let (v, code) = json_of(&token, &["--key", "/nonexistent/key.pem"]);
    assert_eq!(code, 2);
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/key.pem")
    );
}

#[test]
fn skipped_jwks_entries_are_noted_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = dir.path().join("mixed.json");
    let jwk: Value =
        serde_json::from_str(&std::fs::read_to_string(key_path("es256-public.jwk")).unwrap())
            .unwrap();
    let set =
        json!({"keys": [{"kty": "EC", "crv": "P-521", "kid": "big", "x": "AA", "y": "AA"}, jwk]});
    std::fs::write(&mixed, set.to_string()).unwrap();
    let (out, err, code) = run(&events_token(), &["--key", mixed.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        err.contains("note:") && err.contains("keys[0]") && err.contains("P-521"),
        "{err}"
    );
    assert!(out.contains("verified"));
}

#[test]
fn the_new_codes_are_explained() {
    for code in [
        "bad-signature",
        "alg-key-mismatch",
        "weak-hmac-secret",
        "unsupported-alg",
        "no-matching-key",
    ] {
        tokenlint()
            .args(["explain", code])
            .assert()
            .success()
            .stdout(predicate::str::contains(code));
    }
    tokenlint()
        .args(["inspect", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--key").and(predicate::str::contains("--secret-file")));
}
