//! Property tests of the library: whatever the input, analysis finishes without a panic, the JSON
//! renderer writes valid JSON, and no rendered output (human or JSON) carries a token's signature unless
//! `--show-token` asked for it. Inputs are arbitrary text and mutations of real-shaped tokens: cut
//! anywhere, wrapped, characters inserted, replaced or deleted, segments swapped, quotes and prefixes
//! added. Case counts are bounded so `cargo test` stays fast; raise them locally with
//! `PROPTEST_CASES=5000 cargo test --test props`.

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};

use tokenlint::analyse::{InputInfo, analyse};
use tokenlint::jwt::b64url;
use tokenlint::render::{self, RenderOptions};
use tokenlint::report::Report;
use tokenlint::rules::Settings;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_796_385_600, 0).unwrap()
}

fn settings() -> Settings {
    Settings {
        now: now(),
        expiry_warning_secs: 7 * 86_400,
        keys: Default::default(),
        profile: Default::default(),
    }
}

fn json_out(report: &Report) -> String {
    let mut buf = Vec::new();
    render::json::render(report, "2026-12-04T12:00:00Z", &mut buf).expect("renders");
    String::from_utf8(buf).expect("JSON output is UTF-8")
}

fn human_out(report: &Report) -> String {
    let mut buf = Vec::new();
    let opts = RenderOptions {
        now: now(),
        local: false,
    };
    render::human::render(report, &opts, &mut buf).expect("renders");
    String::from_utf8(buf).expect("human output is UTF-8")
}

/// Runs the whole pipeline and both renderers; checks the JSON parses. Returns (json, human).
fn run(input: &str, show_token: bool) -> (String, String) {
    let info = InputInfo {
        from_argv: false,
        show_token,
    };
    let report = analyse(input, &info, &settings());
    let json = json_out(&report);
    let parsed: Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}) for input {input:?}:\n{json}"));
    assert_eq!(parsed["schema_version"], 1);
    (json, human_out(&report))
}

/// A token with a real shape: a JOSE header, claims, and a signature of random bytes.
#[derive(Clone, Debug)]
struct Shaped {
    header: String,
    claims: String,
    signature: String,
}

impl Shaped {
    fn token(&self) -> String {
        format!("{}.{}.{}", self.header, self.claims, self.signature)
    }
}

fn shaped() -> impl Strategy<Value = Shaped> {
    let alg = prop::sample::select(vec!["ES256", "HS256", "RS256", "none", "XYZ", "EdDSA"]);
    let claims = (
        prop::option::of(0i64..4_000_000_000),
        prop::option::of(0i64..4_000_000_000_000),
        prop::option::of("[a-z ]{0,12}"),
        any::<bool>(),
    );
    // 48 bytes and more: a signature segment of at least 64 characters, far longer than any prefix
    // tokenlint may show.
    let sig = prop::collection::vec(any::<u8>(), 48..260);
    (alg, claims, sig).prop_map(|(alg, (iat, exp, sub, events), sig)| {
        let header = json!({"alg": alg, "kid": "kb3hcmxdqbrh4ab7fbbz6e2vya", "typ": "JWT"});
        let mut c = serde_json::Map::new();
        if events {
            c.insert("1password.com/fts".into(), json!(["signinattempts"]));
            c.insert("aud".into(), json!(["events.1password.com"]));
        }
        if let Some(i) = iat {
            c.insert("iat".into(), json!(i));
        }
        if let Some(e) = exp {
            c.insert("exp".into(), json!(e));
        }
        if let Some(s) = sub {
            c.insert("sub".into(), json!(s));
        }
        Shaped {
            header: b64url(header.to_string().as_bytes()),
            claims: b64url(Value::Object(c).to_string().as_bytes()),
            signature: b64url(&sig),
        }
    })
}

/// Characters that mean something to extraction, cleaning, shells or terminals.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            ' ', '\n', '\r', '\t', '.', '=', '"', '\'', '`', '$', '{', '}', '<', '>', '[', ']', ':',
            ';', '|', '&', '\\', '-', '_', '+', '/', '%', '#', '*', ',',
            '\u{2026}', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{200B}', '\u{FEFF}',
            '\u{00A0}', '\u{202E}', '\u{2066}', '\u{1b}', '\u{7}', '\u{0}', '\u{85}', '\u{2028}',
        ]),
        1 => any::<char>(),
    ]
}

const PREFIXES: &[&str] = &[
    "",
    "Bearer ",
    "bearer:",
    "Bearer Bearer ",
    "Authorization: Bearer ",
    "Authorization: ",
    "authorization:Bearer",
    "Proxy-Authorization: Token ",
    "curl -H 'Authorization: Bearer ",
    "curl -H \"Authorization: Bearer ",
    "curl https://events.1password.com/api/v2/auth/introspect -H Authorization:Bearer\\ ",
    "curl --oauth2-bearer ",
    "curl -X POST https://events.1password.com/api/v2/itemusages?token=",
    "curl -H \u{201C}Authorization: Bearer ",
    "curl -H 'Authorization: Bearer x' https://events.1password.com/",
    "curl -H 'Authorization: Bearer x' https://user:",
    "curl -X ",
    "EVENTS_API_TOKEN=",
    "export EVENTS_API_TOKEN=\"",
    "$env:EVENTS_API_TOKEN = '",
    "token: ",
    "{\"token\": \"",
    "{\"headers\": {\"Authorization\": \"Bearer ",
    "[\"",
    "the log said token ",
    "GET /api?access_token=",
    "$",
    "<",
    "[",
    "{{",
    "\"",
    "'",
    "\u{201C}",
    "\u{FEFF}",
    "  \t",
];

const SUFFIXES: &[&str] = &[
    "",
    "\n",
    "\r\n",
    "'",
    "\"",
    "' https://events.1password.com/api/v2/auth/introspect",
    "\" https://events.1password.eu/api/v2/signinattempts -d '{}'",
    "\"}",
    "\"}}",
    "\"]",
    "\": 1}",
    "@events.1password.com/api/v2/auth/introspect",
    " -H 'Authorization: Bearer x' https://events.1password.eu/api/v2/signinattempts",
    ">",
    "]",
    "}}",
    "...",
    "\u{2026}",
    "\u{201D}",
    " was rejected.",
    " \\\n  -s",
];

/// One change to a token's text.
#[derive(Clone, Debug)]
enum Mutation {
    /// Keep only the first part (a fraction of the length, in per mille).
    Cut(u16),
    /// Break into lines of this width.
    Wrap(u8, &'static str),
    Insert(u16, char),
    Replace(u16, char),
    Delete(u16, u8),
    /// Swap two dot-separated segments.
    Swap(u8, u8),
    /// Duplicate a segment (or drop one: `Swap` with itself then `Delete`).
    Duplicate(u8),
    Surround(&'static str, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (0u16..1000).prop_map(Mutation::Cut),
        1 => (1u8..120, prop::sample::select(vec!["\n", "\r\n", " ", "\\\n", "\n  "]))
            .prop_map(|(w, s)| Mutation::Wrap(w, s)),
        3 => (0u16..1000, interesting_char()).prop_map(|(at, c)| Mutation::Insert(at, c)),
        2 => (0u16..1000, interesting_char()).prop_map(|(at, c)| Mutation::Replace(at, c)),
        2 => (0u16..1000, 1u8..20).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (0u8..5, 0u8..5).prop_map(|(a, b)| Mutation::Swap(a, b)),
        1 => (0u8..5).prop_map(Mutation::Duplicate),
        2 => (prop::sample::select(PREFIXES), prop::sample::select(SUFFIXES))
            .prop_map(|(p, s)| Mutation::Surround(p, s)),
    ]
}

/// The character index `per_mille` of the way through `s`, as a byte offset.
fn at(s: &str, per_mille: u16) -> usize {
    let n = s.chars().count();
    let k = n * per_mille as usize / 1000;
    s.char_indices().nth(k).map_or(s.len(), |(i, _)| i)
}

fn apply(s: &str, m: &Mutation) -> String {
    match m {
        Mutation::Cut(p) => s[..at(s, *p)].to_string(),
        Mutation::Wrap(w, sep) => {
            let chars: Vec<char> = s.chars().collect();
            chars
                .chunks(*w as usize)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(sep)
        }
        Mutation::Insert(p, c) => {
            let i = at(s, *p);
            format!("{}{c}{}", &s[..i], &s[i..])
        }
        Mutation::Replace(p, c) => {
            let i = at(s, *p);
            let rest = &s[i..];
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            format!("{}{c}{}", &s[..i], &rest[skip..])
        }
        Mutation::Delete(p, n) => {
            let i = at(s, *p);
            let rest: String = s[i..].chars().skip(*n as usize).collect();
            format!("{}{rest}", &s[..i])
        }
        Mutation::Swap(a, b) => {
            let mut parts: Vec<&str> = s.split('.').collect();
            let (a, b) = (*a as usize, *b as usize);
            if a < parts.len() && b < parts.len() {
                parts.swap(a, b);
            }
            parts.join(".")
        }
        Mutation::Duplicate(a) => {
            let mut parts: Vec<&str> = s.split('.').collect();
            if let Some(p) = parts.get(*a as usize).copied() {
                parts.insert(*a as usize, p);
            }
            parts.join(".")
        }
        Mutation::Surround(p, x) => format!("{p}{s}{x}"),
    }
}

/// The longest piece of a signature that output may hold: the redacted prefix shows at most 12
/// characters of a token, and a wrong scheme at most 19. Anything longer is a leak.
const WINDOW: usize = 24;

fn assert_no_signature(out: &str, sig: &str, input: &str) {
    let chars: Vec<char> = sig.chars().collect();
    for w in chars.windows(WINDOW) {
        let piece: String = w.iter().collect();
        assert!(
            !out.contains(&piece),
            "output holds {piece:?}, part of the signature {sig:?}\ninput {input:?}\noutput:\n{out}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_text_never_panics_and_gives_valid_json(input in "\\PC{0,400}") {
        run(&input, false);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        // The CLI refuses non-UTF-8 input; the library sees what is left after a lossy decode.
        run(&String::from_utf8_lossy(&bytes), false);
    }

    #[test]
    fn text_of_interesting_characters_never_panics(
        chars in prop::collection::vec(interesting_char(), 0..300),
        word in prop::sample::select(PREFIXES),
    ) {
        let s: String = chars.into_iter().collect();
        run(&format!("{word}{s}"), false);
        run(&format!("{s}{word}eyJhbGciOiJub25lIn0.e30.{s}"), false);
    }

    #[test]
    fn mutated_tokens_never_panic_and_never_show_the_signature(
        t in shaped(),
        ms in prop::collection::vec(mutation(), 0..5),
    ) {
        let mut input = t.token();
        for m in &ms {
            input = apply(&input, m);
        }
        let (json, human) = run(&input, false);
        assert_no_signature(&json, &t.signature, &input);
        assert_no_signature(&human, &t.signature, &input);
    }

    #[test]
    fn several_mutated_tokens_in_one_input(
        ts in prop::collection::vec((shaped(), prop::collection::vec(mutation(), 0..3)), 1..6),
        sep in prop::sample::select(vec!["\n", " ", "\r\n", "\n\n", ", ", "\\\n"]),
    ) {
        let pieces: Vec<String> = ts
            .iter()
            .map(|(t, ms)| ms.iter().fold(t.token(), |s, m| apply(&s, m)))
            .collect();
        let input = pieces.join(sep);
        let (json, human) = run(&input, false);
        for (t, _) in &ts {
            assert_no_signature(&json, &t.signature, &input);
            assert_no_signature(&human, &t.signature, &input);
        }
    }

    #[test]
    fn show_token_shows_the_whole_token(
        t in shaped(),
        p in prop::sample::select(vec!["", "Bearer ", "Authorization: Bearer ", "TOKEN=", "{\"token\":\""]),
    ) {
        // The counterpart of the redaction property: the check above can fail, because the signature
        // is there to be found when it is asked for.
        let closer = if p.starts_with('{') { "\"}" } else { "" };
        let (json, human) = run(&format!("{p}{}{closer}", t.token()), true);
        prop_assert!(json.contains(&t.signature));
        prop_assert!(human.contains(&t.signature));
    }

    #[test]
    fn nested_claims_are_bad_json_or_shown_never_a_crash(depth in 1usize..200, kind in 0u8..3) {
        let (open, close, per_level) = match kind {
            0 => ("[", "]", 1),
            1 => ("{\"a\":", "}", 1),
            _ => ("{\"a\":[", "]}", 2),
        };
        let claims_depth = 1 + depth * per_level;
        let claims = format!("{{\"x\":{}1{}}}", open.repeat(depth), close.repeat(depth));
        let token = format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"ES256"}"#),
            b64url(claims.as_bytes()),
            b64url(&[7; 64])
        );
        let (json, human) = run(&token, false);
        let v: Value = serde_json::from_str(&json).unwrap();
        let codes: Vec<&str> = v["tokens"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        if claims_depth > tokenlint::jwt::MAX_DEPTH {
            prop_assert!(v["tokens"][0]["claims"].is_null());
            prop_assert!(codes.contains(&"bad-json"), "{codes:?}");
            prop_assert!(human.contains("nested more than 64 levels"));
        } else {
            prop_assert!(human.contains("\"x\""));
            prop_assert!(!codes.contains(&"bad-json"), "{codes:?}");
        }
    }
}

/// Scans one file holding `content` and renders the result every way `tokenlint scan` can: JSON (which
/// must parse), SARIF (which must parse) and human. Returns the three outputs.
fn scan_file(content: &[u8]) -> [String; 3] {
    use tokenlint::scan::{ScanOptions, scan};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.txt");
    std::fs::write(&path, content).unwrap();
    let opts = ScanOptions {
        paths: vec![path],
        threads: 1,
        ..ScanOptions::default()
    };
    let report = scan(&opts, &settings()).expect("a scan of one readable file runs");
    let mut json = Vec::new();
    render::scan_json::render(&report, "2026-12-04T12:00:00Z", &mut json).unwrap();
    let json = String::from_utf8(json).unwrap();
    serde_json::from_str::<Value>(&json)
        .unwrap_or_else(|e| panic!("invalid scan JSON ({e}):\n{json}"));
    let mut sarif = Vec::new();
    render::sarif::render(&report, dir.path(), &mut sarif).unwrap();
    let sarif = String::from_utf8(sarif).unwrap();
    serde_json::from_str::<Value>(&sarif)
        .unwrap_or_else(|e| panic!("invalid SARIF ({e}):\n{sarif}"));
    let mut human = Vec::new();
    render::scan_human::render(&report, &mut human).unwrap();
    [json, sarif, String::from_utf8(human).unwrap()]
}

proptest! {
    // Each case writes and scans a file: fewer cases than the in-memory properties.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn scan_never_panics_and_never_shows_the_signature(
        ts in prop::collection::vec((shaped(), prop::collection::vec(mutation(), 0..3)), 1..4),
        sep in prop::sample::select(vec!["\n", " ", "\r\n", "\n// ", "\", \"", "\\\n"]),
        junk in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let pieces: Vec<String> = ts
            .iter()
            .map(|(t, ms)| ms.iter().fold(t.token(), |s, m| apply(&s, m)))
            .collect();
        let mut content = pieces.join(sep).into_bytes();
        content.extend_from_slice(&junk);
        for out in scan_file(&content) {
            for (t, _) in &ts {
                assert_no_signature(&out, &t.signature, &String::from_utf8_lossy(&content));
            }
        }
    }
}

#[test]
fn scan_finds_a_clean_token_and_shows_only_its_prefix() {
    // The counterpart of the scan property: the token is found, so its absence from the output means
    // something.
    let sig = b64url(&[0x3c; 64]);
    let token = format!(
        "{}.{}.{sig}",
        b64url(br#"{"alg":"ES256","typ":"JWT"}"#),
        b64url(br#"{"iss":"x","iat":1700000000}"#)
    );
    let [json, sarif, human] = scan_file(format!("TOKEN={token}\n").as_bytes());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["tokens"], 1, "{json}");
    for out in [&json, &sarif, &human] {
        assert!(out.contains("eyJhbGciOiJF"), "{out}");
        assert_no_signature(out, &sig, "");
    }
}

#[test]
fn a_huge_curl_url_and_method_are_cut_where_each_candidate_copies_them() {
    // Every candidate of a curl command carries its URL and method: a 500 KiB URL copied onto a
    // thousand headers would be 500 MB.
    let headers = "-H 'Authorization: Bearer eyJhbGciOiJub25lIn0.e30.' ".repeat(50);
    let input = format!(
        "curl -X {} {headers}https://x/{}",
        "P".repeat(5000),
        "a".repeat(100_000)
    );
    let e = tokenlint::extract::extract(&input);
    assert_eq!(e.candidates.len(), 50);
    for c in &e.candidates {
        let url = c.url.as_deref().unwrap();
        assert!(
            url.len() <= 8192 + 3 && url.ends_with('\u{2026}'),
            "{}",
            url.len()
        );
        assert!(c.method.as_deref().unwrap().len() <= 32 + 3);
    }
}

#[test]
fn only_the_first_sixteen_segments_are_decoded() {
    let token = vec!["e30"; 40].join(".");
    let d = tokenlint::jwt::decode(&token);
    assert_eq!(d.segments.len(), 40);
    assert!(d.segments[15].bytes.is_some());
    assert!(d.segments[16].bytes.is_none() && d.segments[39].defects.is_empty());
    assert_eq!(d.segments[39].start, 39 * 4);
    let (json, _) = run(&token, false);
    assert!(json.contains("\"segments\": 40"), "{json}");
}

// Inputs the property tests and the fuzzer found, kept as plain tests so they never come back.

#[test]
fn curl_option_with_a_multibyte_second_character() {
    // `-…` made `&w[..2]` slice inside a character: a panic.
    run(
        "curl https://events.1password.com/api/v2/auth/introspect -H Authorization:Bearer\\ .\r-\u{2026}",
        false,
    );
    run(
        "curl -\u{e9}x https://x -H 'Authorization: Bearer eyJhbGciOiJub25lIn0.e30.'",
        false,
    );
}

#[test]
fn a_token_behind_a_dollar_or_in_angle_brackets_is_not_quoted_as_a_placeholder() {
    // Placeholders are quoted (40 characters) in their finding: `$` or `<...>` around a token made it
    // one, and a token whose signature came first showed 40 characters of it.
    let sig = b64url(&[0x5a; 64]);
    let token = format!("{sig}.e30.{}", b64url(br#"{"alg":"ES256"}"#));
    for input in [format!("${token}"), format!("<{token}>")] {
        let (json, human) = run(&input, false);
        assert_no_signature(&json, &sig, &input);
        assert_no_signature(&human, &sig, &input);
    }
    // Still placeholders: a variable, a PowerShell variable, a template, a tag.
    for p in [
        "$EVENTS_API_TOKEN",
        "$env:EVENTS_API_TOKEN",
        "${{ secrets.TOKEN }}",
        "<token>",
    ] {
        assert!(tokenlint::extract::is_placeholder_text(p), "{p}");
    }
}

#[test]
fn a_token_before_an_equals_sign_is_not_shown_as_a_variable_name() {
    // `NAME=value` showed NAME, and NAME could be a whole token followed by ` =`.
    let sig = b64url(&[0; 64]);
    let token = format!("{}.e30.{sig}", b64url(br#"{"alg":"ES256"}"#));
    for input in [
        format!("{token} =eyJ"),
        format!("{token}: x"),
        format!("{token}=abc"),
    ] {
        let (json, human) = run(&input, false);
        assert_no_signature(&json, &sig, &input);
        assert_no_signature(&human, &sig, &input);
    }
}

#[test]
fn a_token_in_a_url_path_is_not_quoted_by_wrong_endpoint() {
    let sig = b64url(&[0; 64]);
    let token = format!("{}.e30.{sig}", b64url(br#"{"alg":"ES256"}"#));
    for path in [token.clone(), format!("{token}/signinattempts")] {
        let input =
            format!("curl -H 'Authorization: Bearer x' https://events.1password.com/{path}");
        let (json, human) = run(&input, false);
        assert!(json.contains("wrong-endpoint"), "{json}");
        assert_no_signature(&json, &sig, &input);
        assert_no_signature(&human, &sig, &input);
    }
}

#[test]
fn debug_output_of_a_candidate_does_not_show_the_token() {
    // A `{:?}` in an error or a test failure must not print the token (secret.rs says why).
    let sig = b64url(&[0x6b; 64]);
    let token = format!("{}.e30.{sig}", b64url(br#"{"alg":"ES256"}"#));
    let e = tokenlint::extract::extract(&format!(
        "curl -H 'Authorization: Bearer {token}' 'https://x/?t={token}'"
    ));
    assert_eq!(e.candidates.len(), 1);
    let shown = format!("{:?}", e.candidates);
    assert!(shown.contains("characters, redacted"), "{shown}");
    assert_no_signature(&shown, &sig, "");
}

#[test]
fn a_json_escape_cut_before_a_multibyte_character() {
    // Found by the fuzzer (extract): `\u` followed by fewer than four hex digits and then `…` made the
    // decoded range end inside the `…`, and slicing there panicked.
    run("Authoe\u{0}Q\"eyJ\\ujUi\u{2026}ation: t", false);
    run("1 \"eyJa\\u12\u{e9}\"", false);
}
