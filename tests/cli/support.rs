//! Helpers for driving the real `tokenlint` binary: a command with a fixed clock and no colour, and
//! test tokens signed with the test key in testdata/keys (made for the tests; no service accepts them).

pub mod server;

use assert_cmd::Command;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};

/// The moment every test runs at unless it says otherwise: 2026-12-04T12:00:00Z.
pub const NOW: i64 = 1_796_385_600;
pub const NOW_RFC3339: &str = "2026-12-04T12:00:00Z";
pub const DAY: i64 = 86_400;

/// `tokenlint` with the clock fixed at [`NOW`], colour off and no inherited token variables.
pub fn tokenlint() -> Command {
    let mut cmd = Command::cargo_bin("tokenlint").expect("the binary is built");
    cmd.env("TOKENLINT_NOW", NOW_RFC3339)
        .env("NO_COLOR", "1")
        .env_remove("EVENTS_API_TOKEN");
    cmd
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Signs `header` and `claims` with the ES256 test key.
pub fn sign_es256(header: &Value, claims: &Value) -> String {
    let pem = include_bytes!("../../testdata/keys/es256-private.pem");
    let key = EncodingKey::from_ec_pem(pem).expect("test key");
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sig = jsonwebtoken::crypto::sign(input.as_bytes(), &key, Algorithm::ES256).expect("sign");
    format!("{input}.{sig}")
}

/// Claims shaped like a real 1Password Events API token (US region, all three features, no expiry).
pub fn events_claims() -> Value {
    json!({
        "1password.com/auuid": "QZ7ABCDEF2GHIJKLMN3OPQRSTU",
        "1password.com/fts": ["signinattempts", "itemusages", "auditevents"],
        "aud": ["events.1password.com"],
        "sub": "K4XWZ2ABCDEFGHIJKLMNOPQRS7",
        "iat": NOW - 30 * DAY,
        "iss": "com.1password.b5",
        "jti": "n6rpq3tuvwxyzabcdefghijk2m"
    })
}

pub fn events_header() -> Value {
    json!({"alg": "ES256", "kid": "kb3hcmxdqbrh4ab7fbbz6e2vya", "typ": "JWT"})
}

/// A clean, signed Events-shaped token.
pub fn events_token() -> String {
    sign_es256(&events_header(), &events_claims())
}

/// A signed token with these claims merged over the Events claims (null removes a claim).
pub fn token_with(changes: Value) -> String {
    let mut claims = events_claims();
    for (k, v) in changes.as_object().expect("an object") {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    sign_es256(&events_header(), &claims)
}

/// A token with any header and claims and a made-up signature of `sig_len` bytes (for algorithms the
/// test key cannot sign).
pub fn unsigned_shape(header: &Value, claims: &Value, sig_len: usize) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        b64(&vec![0xA5; sig_len])
    )
}

/// Runs tokenlint with `--json` on `input` (stdin) and parses the output.
pub fn json_of(input: &str, args: &[&str]) -> (Value, i32) {
    let out = tokenlint()
        .arg("--json")
        .args(args)
        .write_stdin(input)
        .output()
        .expect("runs");
    let code = out.status.code().expect("exit code");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (v, code)
}

/// Every finding code in a JSON report, token findings and input findings.
pub fn codes(report: &Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    for t in report["tokens"].as_array().into_iter().flatten() {
        for f in t["findings"].as_array().into_iter().flatten() {
            out.push(f["code"].as_str().unwrap().to_string());
        }
    }
    out
}

/// The signature segment of a token (what must never be printed).
pub fn signature_of(token: &str) -> &str {
    token.rsplit('.').next().unwrap()
}
