//! `tokenlint inspect`: input forms, every code, JSON schema, exit codes, redaction, bad input.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

/// Codes that a clean Events token legitimately carries.
const EXPECTED_ON_CLEAN: &[&str] = &["no-expiry"];

fn assert_only(input: &str, args: &[&str], want: &[&str]) -> Value {
    let (v, _) = json_of(input, args);
    let mut got: Vec<String> = codes(&v)
        .into_iter()
        .filter(|c| !EXPECTED_ON_CLEAN.contains(&c.as_str()))
        .collect();
    got.sort();
    got.dedup();
    let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "input {input:?}\nreport {v:#}");
    v
}

#[test]
fn clean_token_has_no_defect_and_exits_zero() {
    let t = events_token();
    let (v, code) = json_of(&format!("{t}\n"), &[]);
    assert_eq!(code, 0);
    assert_eq!(codes(&v), vec!["no-expiry"]);
    let tok = &v["tokens"][0];
    assert_eq!(tok["kind"], "1password-events");
    assert_eq!(tok["header"]["alg"], "ES256");
    assert_eq!(tok["claims"]["iss"], "com.1password.b5");
    assert_eq!(
        tok["scopes"],
        json!(["signinattempts", "itemusages", "auditevents"])
    );
    assert_eq!(tok["signature"]["status"], "not-checked");
    assert_eq!(tok["token"]["length"], t.len());
}

#[test]
fn every_input_form_yields_the_same_token() {
    let t = events_token();
    let (a, b) = t.split_at(200);
    let forms = [
        t.clone(),
        format!("Bearer {t}"),
        format!("Authorization: Bearer {t}"),
        format!("AUTHORIZATION: bearer {t}"),
        format!(
            "curl -sS -H 'Authorization: Bearer {t}' https://events.1password.com/api/v2/auth/introspect"
        ),
        format!(
            "curl -sS \\\n  -X POST \\\n  --header \"Authorization: Bearer {t}\" \\\n  https://events.1password.com/api/v2/signinattempts \\\n  -d '{{}}'"
        ),
        format!(
            "curl --header=\"Authorization: Bearer {t}\" https://events.1password.com/api/v2/auth/introspect"
        ),
        format!("EVENTS_API_TOKEN={t}"),
        format!("export EVENTS_API_TOKEN=\"{t}\""),
        format!("events_api_token: '{t}'"),
        format!("{{\"token\": \"{t}\"}}"),
        format!("{{\"headers\": {{\"Authorization\": \"Bearer {t}\"}}}}"),
        format!("2026-12-04 12:00:01 request failed: 401 for token {t}."),
        format!("{a}\n{b}"), // wrapped: same token, plus a finding
    ];
    let want_fp = {
        let (v, _) = json_of(&t, &[]);
        v["tokens"][0]["token"]["fingerprint"].clone()
    };
    for f in forms {
        let (v, _) = json_of(&f, &[]);
        assert_eq!(v["tokens"].as_array().unwrap().len(), 1, "{f}\n{v:#}");
        assert_eq!(v["tokens"][0]["token"]["fingerprint"], want_fp, "{f}");
        assert_eq!(
            v["tokens"][0]["claims"]["sub"],
            "K4XWZ2ABCDEFGHIJKLMNOPQRS7"
        );
    }
}

#[test]
fn curl_keeps_the_url_and_method() {
    let t = events_token();
    let (v, _) = json_of(
        &format!(
            "curl -X POST https://events.1password.eu/api/v2/itemusages -H \"Authorization: Bearer {t}\""
        ),
        &[],
    );
    let src = &v["tokens"][0]["source"];
    assert_eq!(src["form"], "curl");
    assert_eq!(src["url"], "https://events.1password.eu/api/v2/itemusages");
    assert_eq!(src["method"], "POST");
    assert_eq!(src["scheme"], "Bearer");
}

#[test]
fn several_tokens_are_each_reported() {
    let t = events_token();
    let u = token_with(json!({"exp": NOW - DAY}));
    let (v, code) = json_of(&format!("A_TOKEN={t}\nB_TOKEN={u}\n"), &[]);
    assert_eq!(v["tokens"].as_array().unwrap().len(), 2);
    assert_eq!(v["tokens"][1]["findings"][0]["code"], "expired");
    assert_eq!(code, 1);
}

#[test]
fn hygiene_codes_fire_in_their_case() {
    let t = events_token();
    let (a, b) = t.split_at(100);
    assert_only(&format!("{t}\r\n"), &[], &["surrounding-whitespace"]);
    assert_only(&format!("  {t}"), &[], &["surrounding-whitespace"]);
    assert_only(&format!("{a}\n{b}"), &[], &["inner-whitespace"]);
    assert_only(&format!("{a} {b}"), &[], &["inner-whitespace"]);
    assert_only(&format!("{a}\u{200B}{b}"), &[], &["invisible-character"]);
    assert_only(&format!("\u{FEFF}{t}"), &[], &["invisible-character"]);
    assert_only(&format!("{a}\u{00AD}{b}"), &[], &["invisible-character"]);
    assert_only(&format!("\u{201C}{t}\u{201D}"), &[], &["smart-quotes"]);
    assert_only(&format!("\"{t}\""), &[], &["quoted"]);
    assert_only(
        &format!("Authorization: {t}"),
        &[],
        &["missing-bearer-scheme"],
    );
    assert_only(
        &format!("Authorization: Bearer Bearer {t}"),
        &[],
        &["double-bearer"],
    );
    assert_only(
        &format!("Authorization: Bearer:{t}"),
        &[],
        &["malformed-scheme"],
    );
    assert_only(
        &format!("Authorization: Bearer{t}"),
        &[],
        &["malformed-scheme"],
    );
    assert_only(&format!("Authorization: Basic {t}"), &[], &["wrong-scheme"]);
    assert_only(&format!("Authorization: Token {t}"), &[], &["wrong-scheme"]);
    assert_only(
        &format!("curl -H \u{201C}Authorization: Bearer {t}\u{201D} https://x"),
        &[],
        &["smart-quotes"],
    );
}

#[test]
fn invisible_character_is_named_with_its_place() {
    let t = events_token();
    let (v, _) = json_of(&format!("{}\u{200B}{}", &t[..10], &t[10..]), &[]);
    let f = &v["tokens"][0]["findings"][0];
    assert_eq!(f["code"], "invisible-character");
    assert!(f["message"].as_str().unwrap().contains("zero-width space"));
    assert_eq!(f["span"]["column"], 11);
}

#[test]
fn placeholders_and_variables() {
    for p in [
        "Authorization: Bearer $EVENTS_API_TOKEN",
        "Authorization: Bearer ${EVENTS_API_TOKEN}",
        "Authorization: Bearer %EVENTS_API_TOKEN%",
        "Authorization: Bearer {{token}}",
        "Authorization: Bearer <token>",
        "Authorization: Bearer YOUR_TOKEN_HERE",
        "Bearer --token--",
        "Authorization: Bearer undefined",
        "curl -H 'Authorization: Bearer $EVENTS_API_TOKEN' https://events.1password.com/api/v2/auth/introspect",
    ] {
        let (v, code) = json_of(p, &[]);
        assert_eq!(codes(&v), vec!["placeholder"], "{p}\n{v:#}");
        assert!(v["tokens"].as_array().unwrap().is_empty());
        assert_eq!(code, 1, "{p}");
    }
    let (v, _) = json_of(
        "curl -H 'Authorization: Bearer $EVENTS_API_TOKEN' https://events.1password.com/api/v2/auth/introspect",
        &[],
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("single quotes")
    );
    // Double quotes: the shell expands it; tokenlint says it cannot see the value, and points at --env.
    let (v, code) = json_of(
        "curl -H \"Authorization: Bearer $EVENTS_API_TOKEN\" https://events.1password.com/api/v2/auth/introspect",
        &[],
    );
    assert_eq!(codes(&v), vec!["shell-variable"]);
    assert_eq!(code, 0);
}

#[test]
fn structure_codes_fire_in_their_case() {
    let t = events_token();
    let h = b64(events_header().to_string().as_bytes());
    let c = b64(events_claims().to_string().as_bytes());
    assert_only("correct-horse-battery-staple-42", &[], &["not-a-jwt"]);
    assert_only(&format!("{h}.{c}"), &[], &["segment-count", "truncated"]);
    assert_only(&format!("{t}.{c}"), &[], &["segment-count"]);
    let jwe = format!(
        "{}.a2V5.aXY.Y2lwaGVy.dGFn",
        b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
    );
    assert_only(&jwe, &[], &["encrypted-token"]);
    let (v, _) = json_of(&jwe, &[]);
    assert_eq!(v["tokens"][0]["kind"], "jwe");
    assert_eq!(v["tokens"][0]["header"]["enc"], "A256GCM");
    // Standard base64 characters in the signature.
    let sig = signature_of(&t);
    let bad = format!("{h}.{c}.{}", sig.replace('-', "+").replace('_', "/"));
    if bad != t {
        assert_only(&bad, &[], &["bad-base64url"]);
    }
    assert_only(&format!("{h}.{c}.{sig}=="), &[], &["padded-base64"]);
    assert_only(
        &format!("{}.{c}.{sig}", b64(b"[1,2,3]")),
        &[],
        &["bad-json"],
    );
    assert_only(
        &format!("{h}.{}.{sig}", b64(b"not json")),
        &[],
        &["bad-json"],
    );
    // Signatures shorter than their algorithm needs; a cut with an ellipsis.
    assert_only(&format!("{h}.{c}.{}", &sig[..40]), &[], &["truncated"]);
    assert_only(&format!("{}...", &t[..t.len() - 30]), &[], &["truncated"]);
    assert_only(&format!("{}…", &t[..t.len() - 30]), &[], &["truncated"]);
    assert_only(&format!("{h}.{c}."), &[], &["truncated"]);
    for (alg, len) in [
        ("HS256", 32),
        ("HS512", 64),
        ("RS256", 256),
        ("ES384", 96),
        ("ES512", 132),
    ] {
        let head = json!({"alg": alg, "typ": "JWT"});
        // The generic profile: with Events claims, the 1Password profile would add `unexpected-alg`.
        let generic = &["--profile", "generic"];
        assert_only(&unsigned_shape(&head, &events_claims(), len), generic, &[]);
        assert_only(
            &unsigned_shape(&head, &events_claims(), len - 1),
            generic,
            &["truncated"],
        );
    }
    // A DER-encoded ECDSA signature is longer than raw r||s.
    let mut der = vec![0x30, 0x45, 0x02, 0x21];
    der.resize(71, 7);
    assert_only(
        &format!("{h}.{c}.{}", b64(&der)),
        &[],
        &["signature-length"],
    );
}

#[test]
fn any_alg_decodes_and_alg_none_is_an_error() {
    let (v, _) = json_of(
        &unsigned_shape(&json!({"alg": "XQ-FANCY-999"}), &events_claims(), 20),
        &[],
    );
    assert_eq!(v["tokens"][0]["header"]["alg"], "XQ-FANCY-999");
    assert_eq!(v["tokens"][0]["claims"]["iss"], "com.1password.b5");
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(events_claims().to_string().as_bytes())
    );
    assert_only(&none, &["--profile", "generic"], &["alg-none"]);
    // With Events claims, the 1Password profile adds that Events tokens are ES256.
    assert_only(&none, &[], &["alg-none", "unexpected-alg"]);
}

#[test]
fn time_codes_fire_in_their_case() {
    assert_only(
        &token_with(json!({"exp": NOW - 3 * DAY})),
        &[],
        &["expired"],
    );
    assert_only(
        &token_with(json!({"nbf": NOW + DAY, "exp": NOW + 90 * DAY})),
        &[],
        &["not-yet-valid"],
    );
    assert_only(
        &token_with(json!({"iat": NOW + 3600, "exp": NOW + 90 * DAY})),
        &[],
        &["issued-in-future"],
    );
    assert_only(
        &token_with(json!({"exp": NOW + 2 * DAY})),
        &[],
        &["expires-soon"],
    );
    assert_only(&token_with(json!({"exp": NOW + 20 * DAY})), &[], &[]);
    assert_only(
        &token_with(json!({"exp": NOW + 20 * DAY})),
        &["--expiry-warning", "30d"],
        &["expires-soon"],
    );
    assert_only(
        &token_with(json!({"exp": (NOW + 90 * DAY) * 1000})),
        &[],
        &["time-in-milliseconds"],
    );
    assert_only(
        &token_with(json!({"exp": "1800000000"})),
        &[],
        &["bad-time-claim"],
    );
    assert_only(&token_with(json!({"exp": 1e300})), &[], &["bad-time-claim"]);
    assert_only(
        &token_with(json!({"iat": -5, "exp": NOW + 90 * DAY})),
        &[],
        &["bad-time-claim"],
    );
    let (v, _) = json_of(&token_with(json!({"exp": NOW - 3 * DAY})), &[]);
    assert!(
        v["tokens"][0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expired 3 days ago")
    );
}

#[test]
fn times_are_shown_absolute_relative_and_with_lifetime() {
    let t = token_with(json!({"iat": NOW - 10 * DAY, "exp": NOW + 80 * DAY}));
    let (v, _) = json_of(&t, &[]);
    let times = &v["tokens"][0]["times"];
    assert_eq!(times["issued_at"], "2026-11-24T12:00:00Z");
    assert_eq!(times["expires_at"], "2027-02-22T12:00:00Z");
    assert_eq!(times["not_before"], Value::Null);
    assert_eq!(times["lifetime_seconds"], 90 * DAY);
    tokenlint()
        .write_stdin(t.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2026-11-24 12:00:00 UTC (10 days ago)",
        ))
        .stdout(predicate::str::contains("(expires in 2 months)"))
        .stdout(predicate::str::contains(
            "lifetime    90 days (a web UI choice)",
        ));
    tokenlint()
        .args(["--profile", "generic"])
        .write_stdin(t)
        .assert()
        .success()
        .stdout(predicate::str::contains("lifetime    3 months"));
    // --now moves the clock; TOKENLINT_NOW is the same setting.
    let u = token_with(json!({"exp": NOW + DAY * 10}));
    tokenlint()
        .args(["--now", "2027-01-01T00:00:00Z"])
        .write_stdin(u.clone())
        .assert()
        .code(1);
    tokenlint()
        .env("TOKENLINT_NOW", (NOW + 11 * DAY).to_string())
        .write_stdin(u)
        .assert()
        .code(1);
}

#[test]
fn token_in_argv_is_noted() {
    let t = events_token();
    let out = tokenlint().args(["--json", &t]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["code"], "token-in-argv");
    assert_eq!(out.status.code(), Some(0));
    let out = tokenlint()
        .args(["inspect", "--json", "-"])
        .write_stdin(t)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!codes(&v).contains(&"token-in-argv".to_string()));
}

#[test]
fn env_and_file_inputs() {
    let t = events_token();
    let (want, _) = json_of(&t, &[]);
    let out = tokenlint()
        .args(["--json", "--env", "MY_TOKEN"])
        .env("MY_TOKEN", &t)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["tokens"][0]["token"]["fingerprint"],
        want["tokens"][0]["token"]["fingerprint"]
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("request.sh");
    std::fs::write(&f, format!("curl -H 'Authorization: Bearer {t}' https://events.1password.com/api/v2/auth/introspect\n")).unwrap();
    let out = tokenlint()
        .args(["--json", "--file"])
        .arg(&f)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tokens"][0]["source"]["form"], "curl");
    tokenlint()
        .args(["--env", "SURELY_NOT_SET_ANYWHERE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "SURELY_NOT_SET_ANYWHERE is not set",
        ));
    tokenlint()
        .args(["--file", "/no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /no/such/file.txt: no such file",
        ));
}

#[test]
fn bad_input_gives_a_clear_error_and_no_panic() {
    tokenlint()
        .write_stdin(vec![b'a'; 2 * 1024 * 1024])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("larger than 1 MiB")
                .and(predicate::str::contains("panicked").not()),
        );
    tokenlint()
        .write_stdin(b"eyJhbGciOiJIUzI1NiJ9.\xff\xfe.abc".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not valid UTF-8 (invalid byte at offset 21)",
        ));
    tokenlint()
        .write_stdin(b"\x7fELF\x02\x01\x01\x00\x00\x00binary".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "looks binary (a NUL byte at offset 7)",
        ));
    let (v, code) = json_of("", &[]);
    assert_eq!(codes(&v), vec!["empty-input"]);
    assert_eq!(code, 1);
    let (v, _) = json_of("hello, this is not a token at all\n", &[]);
    assert_eq!(codes(&v), vec!["empty-input"]);
    // Errors in JSON mode are JSON on stdout.
    let out = tokenlint()
        .args(["--json", "--env", "SURELY_NOT_SET_ANYWHERE"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("not set"));
    let out = tokenlint()
        .args(["--json", "--fail-on", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("sometimes"));
}

#[test]
fn json_schema_is_stable() {
    let t = token_with(json!({"exp": NOW - DAY}));
    let (v, _) = json_of(&format!("Authorization: Bearer {t}"), &[]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "tokenlint");
    assert_eq!(v["now"], NOW_RFC3339);
    let tok = &v["tokens"][0];
    for key in [
        "kind",
        "token",
        "source",
        "header",
        "claims",
        "scopes",
        "times",
        "signature",
        "findings",
    ] {
        assert!(tok.get(key).is_some(), "token object lacks {key}");
    }
    for key in ["redacted", "length", "fingerprint"] {
        assert!(tok["token"].get(key).is_some(), "token.{key}");
    }
    assert!(tok["token"].get("value").is_none());
    for key in ["issued_at", "not_before", "expires_at", "lifetime_seconds"] {
        assert!(tok["times"].get(key).is_some(), "times.{key}");
    }
    let f = &tok["findings"][0];
    assert_eq!(f["code"], "expired");
    assert_eq!(f["severity"], "error");
    for key in ["message", "fix", "span"] {
        assert!(f.get(key).is_some(), "finding.{key}");
    }
    for key in ["start", "end", "line", "column"] {
        assert!(f["span"].get(key).is_some(), "span.{key}");
    }
    assert_eq!(v["summary"]["errors"], 1);
    assert!(v["findings"].as_array().unwrap().is_empty());
}

#[test]
fn exit_codes_follow_fail_on() {
    let clean = events_token();
    let expiring = token_with(json!({"exp": NOW + DAY}));
    let expired = token_with(json!({"exp": NOW - DAY}));
    tokenlint().write_stdin(clean.clone()).assert().code(0);
    tokenlint()
        .args(["--fail-on", "info"])
        .write_stdin(clean)
        .assert()
        .code(1);
    tokenlint().write_stdin(expiring.clone()).assert().code(0);
    tokenlint()
        .args(["--fail-on", "warning"])
        .write_stdin(expiring)
        .assert()
        .code(1);
    tokenlint().write_stdin(expired.clone()).assert().code(1);
    tokenlint()
        .args(["--fail-on", "never"])
        .write_stdin(expired)
        .assert()
        .code(0);
    tokenlint().args(["--no-such-flag"]).assert().code(2);
    tokenlint()
        .args(["--expiry-warning", "soon"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--expiry-warning"));
    tokenlint()
        .args(["--now", "yesterday"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("RFC 3339"));
}

#[test]
fn no_output_shows_the_signature_unless_asked() {
    let t = token_with(json!({"exp": NOW - DAY}));
    let sig = signature_of(&t).to_string();
    let inputs = [
        t.clone(),
        format!("Authorization: Bearer Bearer {t}"),
        format!(
            "curl -H 'Authorization: Bearer {t}' https://events.1password.com/api/v2/auth/introspect"
        ),
        format!("{}\n{}", &t[..300], &t[300..]),
        format!("{t}..."),
    ];
    for input in &inputs {
        for args in [vec![], vec!["--json"], vec!["--color", "always"]] {
            let out = tokenlint()
                .args(&args)
                .write_stdin(input.clone())
                .output()
                .unwrap();
            let all = [out.stdout, out.stderr].concat();
            let text = String::from_utf8_lossy(&all);
            assert!(
                !text.contains(&sig),
                "signature leaked with {args:?}:\n{text}"
            );
            assert!(
                !text.contains(&sig[..20]),
                "part of the signature leaked with {args:?}"
            );
        }
    }
    let out = tokenlint()
        .args(["--json", "--show-token"])
        .write_stdin(t.clone())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tokens"][0]["token"]["value"], t.as_str());
    tokenlint()
        .arg("--show-token")
        .write_stdin(t.clone())
        .assert()
        .stdout(predicate::str::contains(sig));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let t = token_with(json!({"exp": NOW - DAY}));
    let plain = tokenlint().write_stdin(t.clone()).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b));
    let coloured = tokenlint()
        .args(["--color", "always"])
        .write_stdin(t.clone())
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b));
    let json = tokenlint()
        .args(["--color", "always", "--json"])
        .write_stdin(t)
        .output()
        .unwrap();
    assert!(!json.stdout.contains(&0x1b));
}

#[test]
fn hostile_claims_are_escaped_in_human_output() {
    let mut claims = events_claims();
    claims["sub"] = json!("evil\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}txt.exe");
    let t = sign_es256(&events_header(), &claims);
    let out = tokenlint()
        .arg("--color")
        .arg("never")
        .write_stdin(t)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'));
    assert!(!text.contains('\u{202e}'));
    assert!(text.contains("\\u{202e}"), "{text}");
}

#[test]
fn broken_pipe_exits_quietly() {
    // Far more output than a pipe holds, read by `head -c1`, which closes the pipe at once: tokenlint
    // must stop quietly (no error message, no panic) with status 0.
    let t = events_token();
    let input: String = (0..300).map(|_| format!("{t}\n")).collect();
    let exe = assert_cmd::cargo::cargo_bin("tokenlint");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{} --now {NOW_RFC3339} < \"$F\" | head -c1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\"",
            exe.display()
        ))
        .env("F", {
            let dir = tempfile::tempdir().unwrap().keep();
            let f = dir.join("many.txt");
            std::fs::write(&f, input).unwrap();
            f
        })
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "status=0");
}

#[test]
fn explain_lists_and_explains_codes() {
    let out = tokenlint().arg("explain").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for code in [
        "truncated",
        "placeholder",
        "expired",
        "double-bearer",
        "token-in-argv",
        "empty-input",
    ] {
        assert!(text.contains(code), "explain list lacks {code}");
    }
    tokenlint()
        .args(["explain", "truncated"])
        .assert()
        .success()
        .stdout(predicate::str::contains("most common cause of a 401"))
        .stdout(predicate::str::contains("Fix:"));
    tokenlint()
        .args(["explain", "truncate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean truncated"));
}

#[test]
fn samples_in_testdata_give_their_findings() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
    let run = |f: &str| {
        let out = tokenlint()
            .args(["--json", "--file", &format!("{dir}/{f}")])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(codes(&run("events-token.txt")), vec!["no-expiry"]);
    assert!(codes(&run("truncated.txt")).contains(&"truncated".to_string()));
    assert_eq!(codes(&run("curl-single-quotes.sh")), vec!["placeholder"]);
    assert_eq!(codes(&run("curl.sh")), vec!["no-expiry"]);
    assert!(codes(&run("windows.env")).contains(&"surrounding-whitespace".to_string()));
    assert!(codes(&run("double-bearer.txt")).contains(&"double-bearer".to_string()));
    assert!(codes(&run("expired-token.txt")).contains(&"expired".to_string()));
    assert_eq!(codes(&run("request.json")), vec!["no-expiry"]);
}

#[test]
fn an_input_without_a_token_says_what_was_found_instead() {
    let (v, code) = json_of("Authorization: Bearer\n", &[]);
    assert_eq!(codes(&v), vec!["empty-input"]);
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`Bearer` is followed by no token")
    );
    assert_eq!(code, 1);
    let (v, _) = json_of(
        "curl -sS https://events.1password.com/api/v2/auth/introspect\n",
        &[],
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("curl command with no header")
    );
}

#[test]
fn local_shows_times_in_the_local_zone() {
    let t = token_with(json!({"iat": NOW - 10 * DAY}));
    tokenlint()
        .arg("--local")
        .env("TZ", "Asia/Kolkata")
        .write_stdin(t.clone())
        .assert()
        .stdout(predicate::str::contains("2026-11-24 17:30:00 +05:30"));
    let (v, _) = json_of(&t, &["--local"]);
    assert_eq!(v["tokens"][0]["times"]["issued_at"], "2026-11-24T12:00:00Z");
}
