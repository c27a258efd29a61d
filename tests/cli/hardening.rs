//! Hardening: tokenlint reads hostile text and holds secrets. These tests give the real binary what an
//! attacker or an accident would (ten thousand tokens, a 100 MiB line, claims nested a hundred thousand
//! deep, times no clock can hold, escape sequences in every field it shows, a token typed where a name
//! belongs) and check that it finishes, says what it did, shows untrusted text escaped, and never
//! repeats a token or a secret. Every bound here is documented in SECURITY.md.

use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::*;

/// A small signed-shaped token, distinct for each `n`: an HS256 header, a few claims, and a 32-byte
/// signature made of `n` (not a real HMAC: no key is involved, and none is needed to decode).
fn small_token(n: u32) -> String {
    let mut sig = [0u8; 32];
    for (i, b) in sig.iter_mut().enumerate() {
        *b = (n.wrapping_mul(2_654_435_761).rotate_left(i as u32 % 32) >> (i % 4 * 8)) as u8
            ^ i as u8;
    }
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"HS256"}"#),
        b64(json!({"n": n, "iat": NOW - DAY}).to_string().as_bytes()),
        b64(&sig)
    )
}

/// Runs tokenlint on `input` and returns (status, stdout, stderr); checks it did not panic.
fn run(input: impl Into<Vec<u8>>, args: &[&str]) -> (i32, String, String) {
    let out = tokenlint().args(args).write_stdin(input).output().unwrap();
    let code = out.status.code().expect("exited, not killed");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(code, 101, "tokenlint panicked: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn finding<'a>(report: &'a Value, code: &str) -> Option<&'a Value> {
    let input = report["findings"].as_array().into_iter().flatten();
    let tokens = report["tokens"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|t| t["findings"].as_array().into_iter().flatten());
    input.chain(tokens).find(|f| f["code"] == code)
}

#[test]
fn ten_thousand_tokens_report_the_first_thousand_and_count_the_rest() {
    let tokens: Vec<String> = (0..10_000).map(small_token).collect();
    let input = tokens.join("\n") + "\n";
    assert!(input.len() < 1 << 20, "fits under the input cap");
    let (code, out, err) = run(input.clone(), &["--json"]);
    assert_eq!(err, "");
    // The cap is a warning: nothing is wrong with the tokens that were read.
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["tokens"], 1000);
    assert_eq!(v["tokens"][999]["source"]["span"]["line"], 1000);
    let f = finding(&v, "too-many-tokens").expect("the cap is reported");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("9000 more were not checked"),
        "{f}"
    );
    for t in [&tokens[0], &tokens[999], &tokens[1000], &tokens[9999]] {
        assert!(!out.contains(signature_of(t)));
    }
    let (code, human, _) = run(input, &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    assert!(human.contains("too-many-tokens"));
    assert!(
        human.lines().last().unwrap().starts_with("1000 tokens"),
        "{}",
        human.lines().last().unwrap()
    );
}

#[test]
fn a_100_mib_single_line_file_is_refused_by_inspect_and_bounded_in_scan() {
    // One line of 100 MiB: short tokens separated by spaces, the worst case for both commands.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    {
        use std::io::Write;
        let token = format!("{}.e30.{} ", b64(br#"{"alg":"ES256"}"#), b64(&[9; 64]));
        let chunk = token.repeat((1 << 20) / token.len());
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        while f.get_ref().metadata().unwrap().len() + (f.buffer().len() as u64) < 100 << 20 {
            f.write_all(chunk.as_bytes()).unwrap();
        }
    }
    assert!(std::fs::metadata(&path).unwrap().len() >= 100 << 20);

    // inspect: refused by the 1 MiB input cap, reading no more than that.
    tokenlint()
        .arg("--file")
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("larger than 1 MiB"))
        .stderr(predicate::str::contains("tokenlint scan"));
    let out = tokenlint()
        .args(["--json", "--file"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("larger than 1 MiB"));

    // scan: skipped as larger than --max-file-size (32 MiB by default), and said so.
    let out = tokenlint()
        .args(["scan", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["skipped"][0]["reason"], "too-large", "{v:#}");
    assert_eq!(v["summary"]["tokens"], 0);
    tokenlint()
        .arg("scan")
        .arg(&path)
        .assert()
        .stdout(predicate::str::contains(
            "not scanned, larger than --max-file-size",
        ));

    // scan with the limit raised: the first 1000 tokens are reported, and the file is listed as not
    // scanned past them (about a million tokens here; each would cost a whole report in memory).
    let out = tokenlint()
        .args(["scan", "--json", "--max-file-size", "200M"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["tokens"], 1000);
    assert_eq!(
        v["skipped"][0]["reason"], "too-many-tokens",
        "{:#}",
        v["skipped"]
    );
    assert_eq!(v["skipped"][0]["tokens"], 1000);
    let out = tokenlint()
        .args(["scan", "--max-file-size", "200M"])
        .arg(&path)
        .output()
        .unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(human.contains("the first 1000 are listed, the rest of the file was not scanned"));
}

#[test]
fn claims_nested_deeper_than_64_levels_are_bad_json_not_a_crash() {
    let token_nested = |depth: usize| {
        let claims = format!("{{\"x\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        format!(
            "{}.{}.{}",
            b64(br#"{"alg":"ES256"}"#),
            b64(claims.as_bytes()),
            b64(&[7; 64])
        )
    };
    // 100 000 levels: past serde_json's limit (128); 100: past tokenlint's (64), within serde_json's.
    for depth in [100_000, 100] {
        let (code, out, err) = run(token_nested(depth), &["--json"]);
        assert_eq!((code, err.as_str()), (1, ""));
        let v: Value = serde_json::from_str(&out).expect("the report is readable JSON");
        assert!(v["tokens"][0]["claims"].is_null());
        let f = finding(&v, "bad-json").expect("bad-json");
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .contains("nested more than 64 levels"),
            "{f}"
        );
        let (_, human, _) = run(token_nested(depth), &[]);
        assert!(human.contains("bad-json"));
    }
    // 60 levels are shown, and the JSON report stays within serde_json's default depth.
    let (code, out, _) = run(token_nested(60), &["--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("readable with the default depth limit");
    assert!(v["tokens"][0]["claims"]["x"].is_array());
    let (_, human, _) = run(token_nested(60), &[]);
    assert!(human.contains("\"x\""));
}

#[test]
fn huge_and_odd_numbers_in_time_claims_are_bad_time_claim() {
    let values = [
        json!(1e300),
        json!(u64::MAX),
        json!(i64::MAX),
        json!(-1),
        json!(-1e300),
        json!(253_402_300_800_000_000i64),
        json!("1700000000"),
        json!([1]),
    ];
    for claim in ["exp", "iat", "nbf"] {
        for v in &values {
            let mut change = serde_json::Map::new();
            change.insert(claim.to_string(), v.clone());
            let t = token_with(Value::Object(change));
            let (code, out, err) = run(t, &["--json"]);
            assert_eq!((code, err.as_str()), (1, ""), "{claim}={v}");
            let report: Value = serde_json::from_str(&out).unwrap();
            let f = finding(&report, "bad-time-claim")
                .unwrap_or_else(|| panic!("{claim}={v}: {report:#}"));
            assert!(f["message"].as_str().unwrap().contains(claim), "{f}");
        }
    }
    // A number beyond any integer type: serde_json reads it as a float, tokenlint as a bad time.
    let claims = r#"{"exp":999999999999999999999999999999999999999999}"#;
    let t = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"ES256"}"#),
        b64(claims.as_bytes()),
        b64(&[7; 64])
    );
    let (code, out, _) = run(t, &["--json"]);
    assert_eq!(code, 1);
    assert!(finding(&serde_json::from_str(&out).unwrap(), "bad-time-claim").is_some());
    // And a clock at the edge of what --now accepts does not overflow either.
    for now in ["--now=-9999999999", "--now=253402300799"] {
        let (code, _, err) = run(events_token(), &[now]);
        assert!(code == 0 || code == 1, "{now}: {err}");
    }
}

/// Bytes a terminal would act on: C0 controls but the newline, DEL, C1 controls, bidi overrides and
/// isolates.
fn acting_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        })
        .collect()
}

#[test]
fn untrusted_text_is_escaped_in_every_field_of_human_output() {
    let evil = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}gpj.exe\u{9b}31m\u{7f}";
    let header = json!({"alg": "ES256", "kid": format!("kid{evil}"), "typ": "JWT", "x5u": format!("https://x/{evil}")});
    let mut claims = events_claims();
    claims["sub"] = json!(format!("sub{evil}"));
    claims["1password.com/fts"] = json!([format!("scope{evil}")]);
    claims[format!("key{evil}")] = json!(1);
    let t = sign_es256(&header, &claims);
    let inputs = [
        // Header and claim values, claim names, scopes.
        t.clone(),
        // The method and URL of a curl command, the name of another header carrying a token.
        format!(
            "curl -X 'GET{evil}' -H 'Authorization: Bearer {t}' 'https://events.1password.com/{evil}'"
        ),
        format!("curl -H 'X-Token{evil}: {t}' https://x"),
        // A host in a fix ("Use POST https://<host>/..."): found by the fuzzer.
        "curl -X POST https://events\u{1b}[31m.1password.com/ap/v2/signinattempts -H 'Authorization: Bearer x'"
            .to_string(),
        // A JSON key.
        format!("{{\"tok{}\": \"{t}\"}}", "\\u001b[31m"),
        // Finding messages that quote the input: a damaged token, a placeholder, a scheme.
        format!("Authorization: Bearer {}{evil}{}", &t[..40], &t[40..]),
        format!("Authorization: Bearer $(op read {evil})"),
        format!("Authorization: <token{evil}>"),
    ];
    for input in &inputs {
        let (_, out, err) = run(input.clone(), &["--color", "never"]);
        assert_eq!(acting_chars(&out), vec![], "input {input:?}\n{out}");
        assert_eq!(acting_chars(&err), vec![], "input {input:?}\n{err}");
        assert!(
            out.contains("\\u{1b}") || out.contains("\\u{001b}"),
            "the escape is shown, escaped: {input:?}\n{out}"
        );
        // With colour on, the only escapes are tokenlint's own colour codes (SGR: ESC [ digits m).
        let (_, coloured, _) = run(input.clone(), &["--color", "always"]);
        let mut rest = coloured.as_str();
        while let Some(i) = rest.find('\u{1b}') {
            let seq = &rest[i + 1..];
            let end = seq.find('m').expect("an SGR sequence ends with m");
            assert!(
                seq.starts_with('[') && seq[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
                "a foreign escape sequence: {:?}",
                &seq[..end.min(20)]
            );
            rest = &seq[end..];
        }
    }
    // Bidi overrides in a claim are named, not applied.
    let (_, out, _) = run(t, &[]);
    assert!(out.contains("\\u{202e}"), "{out}");
    // What `explain` repeats of a mistyped code is escaped too.
    tokenlint()
        .args(["explain", "trunc\u{1b}[2Jated"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains('\u{1b}').not());
}

#[test]
fn a_token_given_where_a_name_or_path_belongs_is_not_repeated() {
    let t = events_token();
    let sig = signature_of(&t);
    let cases: Vec<Vec<String>> = vec![
        vec!["--env".into(), t.clone()],
        vec!["--secret-env".into(), t.clone()],
        vec!["--file".into(), t.clone()],
        vec!["--key".into(), t.clone()],
        vec!["--now".into(), t.clone()],
        vec!["--fail-on".into(), t.clone()],
        vec!["--expiry-warning".into(), t.clone()],
        vec!["--json".into(), "--file".into(), t.clone()],
        vec!["--json".into(), "--fail-on".into(), t.clone()],
    ];
    for args in &cases {
        let out = tokenlint().args(args).write_stdin("x").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
        assert!(
            !all.contains(sig),
            "{:?} repeated the signature:\n{all}",
            &args[..args.len() - 1]
        );
        assert!(
            !all.contains(&t[..60]),
            "{:?} repeated the token",
            &args[..args.len() - 1]
        );
    }
    // The message says what went wrong.
    tokenlint()
        .args(["--env", &t])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "takes the NAME of an environment variable",
        ));
    // A real name is still named when it is not set.
    tokenlint()
        .args(["--env", "TOKENLINT_TEST_UNSET_VARIABLE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "TOKENLINT_TEST_UNSET_VARIABLE is not set",
        ));
}

#[test]
fn a_token_in_a_curl_url_or_query_is_not_shown() {
    let t = events_token();
    let sig = signature_of(&t);
    for input in [
        format!(
            "curl 'https://events.1password.com/api/v2/auth/introspect?access_token={t}' -H 'Authorization: Bearer {t}'"
        ),
        format!(
            "curl 'https://user:{sig}@events.1password.com/api/v2/auth/introspect' -H 'Authorization: Bearer {t}'"
        ),
        // --oauth2-bearer took the word `Bearer`, and curl took the token for the URL.
        format!("curl --oauth2-bearer Bearer {t}"),
    ] {
        for format in ["human", "json"] {
            let (_, out, err) = run(input.clone(), &["--format", format]);
            assert!(!out.contains(sig) && !err.contains(sig), "{input}\n{out}");
        }
    }
    let (v, _) = json_of(
        &format!(
            "curl 'https://events.1password.com/api/v2/auth/introspect?access_token={t}&limit=5' -H 'Authorization: Bearer {t}'"
        ),
        &[],
    );
    assert_eq!(
        v["tokens"][0]["source"]["url"],
        "https://events.1password.com/api/v2/auth/introspect?access_token=…&limit=…"
    );
}

/// Interesting characters for the command-line property test.
fn junk() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            " ",
            "\n",
            "\r\n",
            "\t",
            ".",
            "=",
            "\"",
            "'",
            "$",
            "…",
            "\u{201c}",
            "\u{200b}",
            "\u{feff}",
            "\u{1b}[31m",
            "\u{202e}",
            "Bearer ",
            "\\\n",
            "{",
            "}",
            ":",
            "...",
        ]),
        0..6,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    // Each case runs the binary twice: few cases, the library-level property tests (tests/props.rs) run
    // thousands.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn the_binary_never_panics_and_never_shows_the_signature(
        prefix in prop::sample::select(vec!["", "Bearer ", "Authorization: Bearer ", "curl -H 'Authorization: Bearer ", "TOKEN=", "{\"token\":\""]),
        at in 0usize..600,
        inserted in junk(),
        cut in prop::option::of(0usize..600),
    ) {
        let t = events_token();
        let sig = signature_of(&t).to_string();
        let at = at.min(t.len());
        let mut s = format!("{}{inserted}{}", &t[..at], &t[at..]);
        if let Some(c) = cut {
            let mut c = c.clamp(1, s.len());
            while !s.is_char_boundary(c) {
                c -= 1;
            }
            s.truncate(c);
        }
        let input = format!("{prefix}{s}");
        let (code, out, err) = run(input.clone(), &["--json"]);
        prop_assert!(code == 0 || code == 1, "{code}: {err}");
        let v: Value = serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        prop_assert!(v["summary"].is_object());
        prop_assert!(!out.contains(&sig) && !err.contains(&sig), "{input:?}");
        let (_, human, _) = run(input.clone(), &[]);
        prop_assert!(!human.contains(&sig), "{input:?}");
        prop_assert_eq!(acting_chars(&human), vec![]);
    }

    #[test]
    fn any_bytes_on_stdin_give_a_report_or_a_clear_refusal(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let (code, out, err) = run(bytes, &["--json"]);
        prop_assert!((0..=2).contains(&code), "{code}");
        let v: Value = serde_json::from_str(&out).map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        if code == 2 {
            prop_assert!(v["error"].is_string(), "{v}");
        } else {
            prop_assert!(v["summary"].is_object(), "{v}");
            prop_assert_eq!(err, "");
        }
    }
}

#[cfg(unix)]
#[test]
fn endless_key_secret_and_ca_files_are_refused() {
    // Key files were capped at 1 MiB; --ca-cert was read whole, so /dev/zero never ended.
    for (args, says) in [
        (
            ["--introspect", "--ca-cert", "/dev/zero"],
            "larger than 1 MiB",
        ),
        (
            ["--key", "/dev/zero", "--fail-on=never"],
            "larger than 1024 KiB",
        ),
        (
            ["--secret-file", "/dev/zero", "--fail-on=never"],
            "larger than 1024 KiB",
        ),
    ] {
        tokenlint()
            .args(args)
            .write_stdin(events_token())
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

/// 1 MiB inputs shaped to make a scanner go back over what it read. Each of these took from ten seconds
/// to well over a minute before extraction was made linear; each now takes a fraction of a second.
fn hostile_inputs() -> Vec<(&'static str, String)> {
    const M: usize = (1 << 20) - 64;
    let jwt = |n: usize| "eyJ".to_string() + &"a".repeat(n);
    vec![
        (
            "wrapped lines after a header",
            "X-Trace: 1\n".to_string() + &"abcd\n".repeat(M / 5),
        ),
        (
            "curl commands",
            "curl -H 'Authorization: Bearer eyJhbGciOiJub25lIn0.e30.' https://x\n".repeat(M / 68),
        ),
        ("curl commands with no header", "curl x\n".repeat(M / 7)),
        ("nested quotes", "\"".repeat(M)),
        ("padded segments", "eyJ".to_string() + &"a==.".repeat(M / 4)),
        ("base64 segments", "eyJ".to_string() + &"+.".repeat(M / 2)),
        ("ellipses", "eyJ".to_string() + &"...a".repeat(M / 4)),
        (
            "tokens on one line",
            format!("x {} ", jwt(20)).repeat(M / 26),
        ),
        (
            "JSON-escaped tokens",
            format!("1 \"{}\"", "eyJa\\\"".repeat(M / 6)),
        ),
        (
            "doubled schemes",
            "Authorization: ".to_string() + &"Bearer ".repeat(M / 7) + "eyJ.e30.x",
        ),
        (
            "tokens in a JSON array",
            format!(
                "[{}]",
                vec!["\"eyJhbGciOiJub25lIn0.e30.\""; M / 27].join(",")
            ),
        ),
        ("whitespace runs", "eyJ".to_string() + &"\na".repeat(M / 2)),
        ("placeholders", "TOKEN=$X\n".repeat(M / 9)),
    ]
}

#[test]
fn hostile_inputs_finish_with_a_report() {
    for (what, input) in hostile_inputs() {
        assert!(input.len() <= 1 << 20, "{what}: {} bytes", input.len());
        let out = tokenlint()
            .arg("--json")
            .write_stdin(input)
            // A guard against a hang, far above the time these take (under a second in a debug build):
            // without it a quadratic regression would stall the test suite instead of failing it.
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{what}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(v["summary"]["tokens"].as_u64().unwrap() <= 1000, "{what}");
        // No token lists a flood of findings: at most five of a code, the fifth counting the rest.
        for t in v["tokens"].as_array().unwrap() {
            let mut codes: Vec<&str> = t["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["code"].as_str().unwrap())
                .collect();
            codes.sort();
            for c in codes.chunk_by(|a, b| a == b) {
                assert!(c.len() <= 5, "{what}: {} findings of {}", c.len(), c[0]);
            }
        }
    }
}
