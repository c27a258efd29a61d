use chrono::DateTime;
use serde_json::json;

use super::*;
use crate::jwt::b64url;

const NOW: i64 = 1_796_385_600; // 2026-12-04T12:00:00Z
const DAY: i64 = 86_400;

fn settings() -> Settings {
    Settings {
        now: DateTime::from_timestamp(NOW, 0).unwrap(),
        expiry_warning_secs: 7 * DAY,
        keys: Default::default(),
        profile: Default::default(),
    }
}

/// An Events-shaped token with a made-up 64-byte signature (ES256 length), claims changed by `extra`.
fn token(extra: serde_json::Value) -> String {
    let mut claims = json!({
        "1password.com/auuid": "QZ7ABCDEF2GHIJKLMN3OPQRSTU",
        "1password.com/fts": ["auditevents"],
        "aud": ["events.1password.com"],
        "iat": NOW - 30 * DAY,
        "iss": "com.1password.b5",
    });
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    let header = json!({"alg": "ES256", "kid": "kb3hcmxdqbrh4ab7fbbz6e2vya", "typ": "JWT"});
    format!(
        "{}.{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes()),
        b64url(&[0x5a; 64])
    )
}

fn live() -> String {
    token(json!({}))
}

fn found(text: &str) -> Vec<Found> {
    detect(text.as_bytes(), &settings())
}

fn one(text: &str) -> Found {
    let mut f = found(text);
    assert_eq!(f.len(), 1, "{text:?}: {:#?}", f);
    f.remove(0)
}

#[test]
fn claims_of_an_events_token_start_with_eyix() {
    let t = live();
    assert!(t.split('.').nth(1).unwrap().starts_with("eyIx"));
}

#[test]
fn finds_the_token_in_every_form_with_its_place() {
    let t = live();
    let (a, b) = t.split_at(120);
    let cases: Vec<(String, usize, usize)> = vec![
        (format!("{t}\n"), 1, 1),
        (format!("# config\nEVENTS_API_TOKEN={t}\n"), 2, 18),
        (format!("x:\n  token: \"{t}\"\n"), 2, 11),
        (format!("{{\"a\": 1, \"token\": \"{t}\"}}\n"), 1, 20),
        (format!("  \"token\": \"{t}\",\n"), 1, 13),
        (
            format!(
                "curl -sS \\\n  -H 'Authorization: Bearer {t}' \\\n  https://events.1password.com/api/v2/auth/introspect\n"
            ),
            2,
            29,
        ),
        (
            format!("see https://example.com/cb?token={t}&next=1 now\n"),
            1,
            34,
        ),
        (format!("log: request failed for {t}.\n"), 1, 25),
        (format!("const t = `Bearer {t}`;\n"), 1, 19),
        (format!("TOKEN={a}\n{b}\n"), 1, 7),
        (format!("text before it\n{a}\n{b}\nafter\n"), 2, 1),
        (format!("in prose {a}\n{b}\nmore prose\n"), 1, 10),
        (
            format!("{{\"body\": \"{{\\\"token\\\": \\\"{t}\\\"}}\"}}\n"),
            1,
            25,
        ),
        (format!("msg=\"{a}\\n{b}\" level=info\n"), 1, 6),
        (format!("{{\"jwt\": \"{a}\\n{b}\"}}\n"), 1, 10),
    ];
    for (text, line, column) in cases {
        let f = one(&text);
        assert_eq!(
            f.report.token.fingerprint,
            analyse::fingerprint(&t),
            "{text}"
        );
        assert_eq!(f.status, Status::Live, "{text}");
        assert_eq!((f.span.line, f.span.column), (line, column), "{text}");
        assert_eq!(f.finding.code, "committed-token");
        assert_eq!(f.finding.severity, Severity::Error);
    }
}

#[test]
fn context_gives_the_form() {
    let t = live();
    let cases = [
        (
            format!("curl -sS \\\n  -H 'Authorization: Bearer {t}' \\\n  https://x\n"),
            "curl",
        ),
        (
            format!("#!/bin/sh\ncurl -sS \\\n  -H 'Authorization: Bearer {t}'\n"),
            "curl",
        ),
        (format!("EVENTS_API_TOKEN={t}\n"), "assignment"),
        (format!("Authorization: Bearer {t}\n"), "header"),
        (format!("{{\"token\": \"{t}\"}}\n"), "json"),
        (format!("log: request failed for {t}.\n"), "text"),
    ];
    for (text, form) in cases {
        assert_eq!(one(&text).report.source.form, form, "{text}");
    }
}

#[test]
fn statuses_set_the_severity() {
    let expired = token(json!({"exp": NOW - 3 * DAY}));
    let f = one(&format!("A={expired}\n"));
    assert_eq!(f.status, Status::Expired);
    assert_eq!(f.finding.severity, Severity::Warning);
    assert!(
        f.finding.message.contains("expired 3 days ago"),
        "{}",
        f.finding.message
    );

    let later = token(json!({"nbf": NOW + 2 * DAY}));
    let f = one(&format!("A={later}\n"));
    assert_eq!(f.status, Status::NotYetValid);
    assert_eq!(f.finding.severity, Severity::Error);

    let t = live();
    let cut = &t[..t.len() - 20];
    let f = one(&format!("A={cut}\n"));
    assert_eq!(f.status, Status::Malformed);
    assert_eq!(f.finding.severity, Severity::Info);
    let f = one(&format!("see {}...\n", &t[..140]));
    assert_eq!(f.status, Status::Malformed);

    let f = one(&format!("A={t}\n"));
    assert!(
        f.finding
            .message
            .contains("live 1Password Events API token with the scopes auditevents")
    );
    assert!(f.finding.message.contains("never expires"));
}

#[test]
fn eyj_noise_is_not_reported() {
    let noise = [
        // base64 of JSON that is no JWT header
        format!("data = \"{}\"\n", b64url(br#"{"foo":"bar","n":1}"#)),
        format!(
            "{}.{}.{}\n",
            b64url(br#"{"typ":"JWT"}"#),
            b64url(b"{}"),
            "abc"
        ),
        "eyJump over the fence eyJ eyJ.eyJ.eyJ\n".to_string(),
        format!("hdr {} alone\n", b64url(br#"{"alg":"HS256"}"#)),
        "ops_count = 3; ops_ = 1\n".to_string(),
        "xeyJhbGciOiJIUzI1NiJ9.e30.abc\n".to_string(),
    ];
    for n in noise {
        assert!(found(&n).is_empty(), "{n}: {:#?}", found(&n));
    }
}

#[test]
fn several_tokens_on_one_line_and_in_one_file() {
    let t = live();
    let u = token(json!({"exp": NOW - DAY}));
    let text = format!("[\"{t}\", \"{u}\"]\nX={t}\n");
    let f = found(&text);
    assert_eq!(f.len(), 3);
    assert_eq!(
        f.iter()
            .map(|x| (x.span.line, x.status))
            .collect::<Vec<_>>(),
        vec![(1, Status::Live), (1, Status::Expired), (2, Status::Live)]
    );
}

#[test]
fn a_complete_token_does_not_swallow_the_next_line() {
    let t = live();
    let f = one(&format!("export TOKEN={t}\nfi\n"));
    assert_eq!(f.status, Status::Live);
    assert_eq!(f.report.token.length, t.len());
}

#[test]
fn allow_comment_on_the_line_or_the_line_before() {
    let t = live();
    assert!(one(&format!("A={t} # tokenlint:allow test fixture\n")).allowed_by_comment);
    assert!(one(&format!("// tokenlint:allow\nA={t}\n")).allowed_by_comment);
    assert!(!one(&format!("// tokenlint:allow\n\nA={t}\n")).allowed_by_comment);
    assert!(!one(&format!("A={t}\n// tokenlint:allow\n")).allowed_by_comment);
}

#[test]
fn non_utf8_bytes_keep_offsets() {
    let t = live();
    let mut bytes = b"caf\xe9 \xff\xfe x=".to_vec();
    bytes.extend_from_slice(t.as_bytes());
    bytes.extend_from_slice(b"\n");
    let f = detect(&bytes, &settings());
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].span.start, 10);
    assert_eq!(f[0].span.end, 10 + t.len());
}

#[test]
fn a_long_single_line_is_scanned_in_bounded_windows() {
    // 4 MiB on one line with a token every 64 KiB and eyJ noise in between: every token is found, each
    // at its own column.
    let t = live();
    let mut text = String::new();
    let mut columns = Vec::new();
    while text.len() < 4 << 20 {
        for _ in 0..200 {
            text.push_str("lorem eyJzdW1tYXJ5Ijoibm9pc2UifQ ipsum ");
        }
        text.push_str(" \"k\": \"");
        columns.push(text.chars().count() + 1);
        text.push_str(&t);
        text.push_str("\", ");
    }
    let f = found(&text);
    assert_eq!(f.len(), columns.len());
    for (x, c) in f.iter().zip(&columns) {
        assert_eq!((x.span.line, x.span.column), (1, *c));
    }
}

#[test]
fn findings_point_into_the_file() {
    let t = live();
    let (a, b) = t.split_at(200);
    let f = one(&format!("first\nsecond\nTOKEN={a}\n{b}\n"));
    let inner = f
        .report
        .findings
        .iter()
        .find(|x| x.code == "inner-whitespace")
        .expect("the wrap is reported");
    let span = inner.span.unwrap();
    assert_eq!(span.line, 3);
    assert_eq!(span.column, 7 + 200);
    assert_eq!(f.end_line, 4);
}

#[test]
fn incomplete_knows_signature_lengths() {
    let t = live();
    assert!(!incomplete(t.as_bytes()));
    assert!(incomplete(&t.as_bytes()[..t.len() - 1]));
    assert!(incomplete(&t.as_bytes()[..100]));
    let (a, b) = t.split_at(300);
    assert!(!incomplete(format!("{a}\n  {b}").as_bytes()));
    assert!(!incomplete(format!("{a}\\n{b}").as_bytes()));
}

#[test]
fn the_precheck_keeps_wrapped_headers_and_invisible_characters() {
    let t = live();
    // Wrapped at 76 columns: the 83-character header itself is split.
    let mut wrapped = String::from("token:\n");
    for chunk in t.as_bytes().chunks(76) {
        wrapped.push_str(std::str::from_utf8(chunk).unwrap());
        wrapped.push('\n');
    }
    let f = one(&wrapped);
    assert_eq!(f.report.token.fingerprint, analyse::fingerprint(&t));
    assert_eq!(f.status, Status::Live);
    // A zero-width space pasted into the header: found, and reported as a defect.
    let (a, b) = t.split_at(20);
    let f = one(&format!("TOKEN={a}\u{200B}{b}\n"));
    assert_eq!(f.report.token.fingerprint, analyse::fingerprint(&t));
    assert!(
        f.report
            .findings
            .iter()
            .any(|x| x.code == "invisible-character")
    );
}

#[test]
fn a_header_alone_is_not_a_token() {
    let header = b64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    assert!(found(&format!("the header {header} says HS256\n")).is_empty());
    assert!(found(&format!("X={header}\n")).is_empty());
}
