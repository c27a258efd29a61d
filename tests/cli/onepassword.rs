//! The 1Password profile end to end: kinds, scopes, regions, lifetimes, every profile code on its case
//! and on no clean token of any region, `--profile`, `--require-feature`, `--url`, and the ranked
//! "likely cause of 401". Tokens come from `tests/support/op_tokens.rs` (built from the test key).

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::op_tokens::{ALL_HOSTS, CA_HOST, ENT_HOST, EU_HOST, TokenBuilder, US_HOST};
use crate::support::{DAY, NOW, codes, json_of, signature_of, tokenlint};

/// The codes this profile adds.
const PROFILE_CODES: [&str; 9] = [
    "no-features",
    "unknown-feature",
    "missing-feature",
    "deprecated-audience",
    "unknown-region",
    "region-mismatch",
    "wrong-endpoint",
    "wrong-token-kind",
    "unexpected-alg",
];

/// An Events token for `host` issued a day before the tests' clock (so expiring ones are still valid).
fn events(host: &str, seed: &str) -> TokenBuilder {
    TokenBuilder::events(host, seed).issued_at(NOW - DAY)
}

fn profile_codes(report: &Value) -> Vec<String> {
    codes(report)
        .into_iter()
        .filter(|c| PROFILE_CODES.contains(&c.as_str()))
        .collect()
}

fn curl(method_flags: &str, url: &str, token: &str) -> String {
    format!("curl -sS {method_flags} {url} \\\n  -H \"Authorization: Bearer {token}\"\n")
}

fn first_cause(report: &Value) -> &str {
    report["likely_causes"][0]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no likely cause in {report:#}"))
}

// ----- clean tokens stay silent --------------------------------------------------------------------

#[test]
fn clean_tokens_of_every_region_fire_no_profile_code() {
    for host in ALL_HOSTS {
        let tokens = [
            events(host, "clean").build(),
            events(host, "clean30").expires_after(30 * DAY).build(),
            events(host, "clean90").expires_after(90 * DAY).build(),
            events(host, "clean180").expires_after(180 * DAY).build(),
        ];
        for t in &tokens {
            let inputs = [
                format!("{t}\n"),
                curl("", &format!("https://{host}/api/v2/auth/introspect"), t),
                curl("", &format!("https://{host}/api/auth/introspect"), t),
                curl(
                    "-X POST",
                    &format!("https://{host}/api/v2/signinattempts"),
                    t,
                ),
                curl(
                    "-d '{\"limit\":10}'",
                    &format!("https://{host}/api/v1/itemusages"),
                    t,
                ),
                curl(
                    "--json '{}'",
                    &format!("https://{host}/api/v2/auditevents"),
                    t,
                ),
            ];
            for input in &inputs {
                for args in [
                    &[][..],
                    &["--profile", "1password-events"],
                    &[
                        "--require-feature",
                        "signinattempts",
                        "--require-feature",
                        "itemusages",
                        "--require-feature",
                        "auditevents",
                    ],
                ] {
                    let (v, code) = json_of(input, args);
                    assert_eq!(
                        profile_codes(&v),
                        Vec::<String>::new(),
                        "{host} {args:?}\n{input}"
                    );
                    assert_eq!(v["likely_causes"], json!([]), "{host}");
                    assert_eq!(code, 0, "{host} {args:?}");
                }
            }
            let (v, _) = json_of(t, &["--url", &format!("https://{host}/api/v2/itemusages")]);
            assert_eq!(profile_codes(&v), Vec::<String>::new(), "{host} --url");
        }
    }
}

// ----- kinds, scopes, region, lifetime in JSON -----------------------------------------------------

#[test]
fn json_carries_kind_scopes_region_and_lifetime() {
    let expected = [
        (US_HOST, "us", "1Password.com"),
        (ENT_HOST, "ent", "Enterprise"),
        (CA_HOST, "ca", "1Password.ca"),
        (EU_HOST, "eu", "1Password.eu"),
    ];
    for (host, id, name) in expected {
        let t = events(host, "json")
            .features(&["auditevents", "signinattempts"])
            .expires_after(180 * DAY)
            .build();
        let (v, _) = json_of(&t, &[]);
        let tok = &v["tokens"][0];
        assert_eq!(tok["kind"], "1password-events");
        assert_eq!(
            tok["scopes"],
            json!(["auditevents", "signinattempts"]),
            "token order"
        );
        assert_eq!(
            tok["region"],
            json!({
                "host": host,
                "name": name,
                "id": id,
                "introspect_url": format!("https://{host}/api/v2/auth/introspect"),
            })
        );
        assert_eq!(tok["times"]["lifetime"], "180d");
        assert_eq!(tok["times"]["lifetime_seconds"], 180 * DAY);
    }
    let never = json_of(&events(US_HOST, "never").build(), &[]).0;
    assert_eq!(never["tokens"][0]["times"]["lifetime"], "never");
    let custom = json_of(&events(US_HOST, "c").expires_after(45 * DAY).build(), &[]).0;
    assert_eq!(custom["tokens"][0]["times"]["lifetime"], "custom");
    assert_eq!(custom["tokens"][0]["times"]["lifetime_seconds"], 45 * DAY);
}

#[test]
fn other_1password_credentials_are_named() {
    let sa = crate::op_tokens::service_account_token("kinds");
    let (v, _) = json_of(&sa, &[]);
    assert_eq!(v["tokens"][0]["kind"], "1password-service-account");
    assert_eq!(v["tokens"][0]["region"], Value::Null);
    let connect = TokenBuilder::connect("kinds").build();
    let (v, _) = json_of(&connect, &[]);
    assert_eq!(v["tokens"][0]["kind"], "1password-connect");
    assert_eq!(v["tokens"][0]["times"]["lifetime"], Value::Null);
    assert!(
        profile_codes(&v).is_empty(),
        "a Connect token alone is fine"
    );
    tokenlint()
        .write_stdin(sa.clone())
        .assert()
        .stdout(predicate::str::contains(
            "token 1password-service-account ops_ey…",
        ))
        .stdout(predicate::str::contains(
            "kind        1Password service account token: it signs the op CLI and SDKs in; the Events API never accepts it",
        ))
        // Its JSON body holds secrets: none of it is shown.
        .stdout(predicate::str::contains(&sa[10..40]).not())
        .stdout(predicate::str::contains("A3-").not());
}

#[test]
fn the_generic_profile_knows_no_1password() {
    let eu = events(EU_HOST, "generic").hs256().build();
    let input = curl(
        "",
        "https://events.1password.com/api/v1/auth/introspect",
        &eu,
    );
    let (v, _) = json_of(&input, &["--profile", "generic"]);
    assert_eq!(v["tokens"][0]["kind"], "jwt");
    assert_eq!(v["tokens"][0]["region"], Value::Null);
    assert_eq!(v["tokens"][0]["times"]["lifetime"], Value::Null);
    assert!(profile_codes(&v).is_empty(), "{v:#}");
    // The same input under auto: three of the profile's codes.
    let (v, _) = json_of(&input, &[]);
    let mut got = profile_codes(&v);
    got.sort();
    assert_eq!(got, ["region-mismatch", "unexpected-alg", "wrong-endpoint"]);
}

// ----- every code fires on its case ----------------------------------------------------------------

fn assert_fires(input: &str, args: &[&str], code: &str) -> Value {
    let (v, exit) = json_of(input, args);
    assert_eq!(profile_codes(&v), [code], "{args:?}\n{v:#}");
    let severity = v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap()["severity"]
        .clone();
    assert_eq!(exit, if severity == "error" { 1 } else { 0 }, "{code}");
    v
}

#[test]
fn no_features_and_unknown_feature() {
    let none = events(US_HOST, "nf").features(&[]).build();
    assert_fires(&none, &[], "no-features");
    let absent = events(US_HOST, "nf")
        .without_claim("1password.com/fts")
        .build();
    let v = assert_fires(&absent, &[], "no-features");
    assert!(
        v["tokens"][0]["findings"]
            .to_string()
            .contains("1password.com/fts"),
        "names the claim"
    );
    let odd = events(CA_HOST, "uf")
        .features(&["signinattempts", "auditlogs"])
        .build();
    let v = assert_fires(&odd, &[], "unknown-feature");
    assert!(
        v["tokens"][0]["findings"]
            .to_string()
            .contains("`auditlogs`")
    );
}

#[test]
fn missing_feature_from_the_flag_the_curl_line_and_the_url() {
    let t = events(ENT_HOST, "mf").features(&["signinattempts"]).build();
    assert_fires(&t, &["--require-feature", "itemusages"], "missing-feature");
    assert_fires(
        &t,
        &["--require-feature", "Audit events"],
        "missing-feature",
    );
    let input = curl(
        "-X POST",
        "https://events.ent.1password.com/api/v2/itemusages",
        &t,
    );
    let v = assert_fires(&input, &[], "missing-feature");
    assert!(
        v["tokens"][0]["findings"]
            .to_string()
            .contains("`POST /api/v2/itemusages` needs the `itemusages` feature (Item usages)")
    );
    assert_fires(
        &t,
        &[
            "--url",
            "https://events.ent.1password.com/api/v1/auditevents",
        ],
        "missing-feature",
    );
}

#[test]
fn deprecated_audience_and_unknown_region() {
    let old = events(US_HOST, "da")
        .aud(json!(["com.1password.streamingservice"]))
        .build();
    let v = assert_fires(&old, &[], "deprecated-audience");
    assert_eq!(v["tokens"][0]["kind"], "1password-events");
    assert_eq!(v["tokens"][0]["region"], Value::Null);
    let elsewhere = events(US_HOST, "ur")
        .aud(json!("events.1password.example"))
        .build();
    assert_fires(&elsewhere, &[], "unknown-region");
}

#[test]
fn region_mismatch_from_a_curl_line_or_url() {
    let ca = events(CA_HOST, "rm").build();
    for host in [US_HOST, ENT_HOST, EU_HOST, "my.1password.ca"] {
        let input = curl("", &format!("https://{host}/api/v2/auth/introspect"), &ca);
        let v = assert_fires(&input, &[], "region-mismatch");
        assert!(
            v["tokens"][0]["findings"]
                .to_string()
                .contains("https://events.1password.ca/api/v2/auth/introspect"),
            "the fix names the right URL: {v:#}"
        );
    }
    assert_fires(
        &ca,
        &["--url", "https://events.1password.eu/api/v2/signinattempts"],
        "region-mismatch",
    );
}

#[test]
fn wrong_endpoint_for_each_classic_mistake() {
    let t = events(EU_HOST, "we").build();
    let cases = [
        (
            "",
            "/api/v1/auth/introspect",
            "the v1 introspect path is `/api/auth/introspect`",
        ),
        (
            "-d '{}'",
            "/api/v2/auth/introspect",
            "`/api/v2/auth/introspect` takes GET",
        ),
        (
            "",
            "/api/v2/signinattempts",
            "`/api/v2/signinattempts` takes POST",
        ),
        (
            "-X POST",
            "/api/v2/signinattempt",
            "did you mean `/api/v2/signinattempts`?",
        ),
        ("", "/v1/vaults", "is no Events API endpoint"),
    ];
    for (flags, path, says) in cases {
        let input = curl(flags, &format!("https://events.1password.eu{path}"), &t);
        let v = assert_fires(&input, &[], "wrong-endpoint");
        assert!(
            v["tokens"][0]["findings"].to_string().contains(says),
            "{path}: {v:#}"
        );
    }
    // --url without --method takes the endpoint's own method; --method overrides it.
    let url = "https://events.1password.eu/api/v2/itemusages";
    let (v, _) = json_of(&t, &["--url", url]);
    assert!(profile_codes(&v).is_empty());
    assert_fires(&t, &["--url", url, "--method", "get"], "wrong-endpoint");
}

#[test]
fn wrong_token_kind_where_an_events_token_is_expected() {
    let sa = crate::op_tokens::service_account_token("wk");
    let input = curl(
        "",
        "https://events.1password.com/api/v2/auth/introspect",
        &sa,
    );
    assert_fires(&input, &[], "wrong-token-kind");
    assert_fires(&sa, &["--profile", "1password-events"], "wrong-token-kind");

    let connect = TokenBuilder::connect("wk").build();
    assert_fires(
        &connect,
        &["--profile", "1password-events"],
        "wrong-token-kind",
    );
    assert_fires(
        &connect,
        &["--require-feature", "itemusages"],
        "wrong-token-kind",
    );
    assert_fires(
        &connect,
        &["--url", "https://events.1password.ca/api/v2/auditevents"],
        "wrong-token-kind",
    );
    // A Connect token sent to a Connect server is none of the profile's business.
    let (v, _) = json_of(&connect, &["--url", "http://localhost:8080/v1/vaults"]);
    assert!(profile_codes(&v).is_empty());

    // Some other JWT.
    let other = crate::support::token_with(json!({
        "iss": "https://auth.example.com", "aud": "api://example", "1password.com/fts": null,
        "1password.com/auuid": null
    }));
    let v = assert_fires(
        &other,
        &["--profile", "1password-events"],
        "wrong-token-kind",
    );
    assert_eq!(v["tokens"][0]["kind"], "jwt");

    // A damaged Events token is not "the wrong kind": its damage is the finding.
    let t = events(US_HOST, "wk").build();
    let (v, _) = json_of(&t[..200], &["--profile", "1password-events"]);
    assert!(
        !codes(&v).contains(&"wrong-token-kind".to_string()),
        "{v:#}"
    );
}

#[test]
fn unexpected_alg() {
    let t = events(EU_HOST, "ua").hs256().build();
    let v = assert_fires(&t, &[], "unexpected-alg");
    assert_eq!(
        v["tokens"][0]["kind"], "1password-events",
        "still an Events token"
    );
}

// ----- likely cause of 401 -------------------------------------------------------------------------

#[test]
fn a_curl_line_aimed_at_the_wrong_host_is_blamed_first() {
    // Wrong host, and a wrong method and a stray newline on top: the host is the cause.
    let eu = events(EU_HOST, "lc").features(&["signinattempts"]).build();
    let input = format!(
        "curl https://events.1password.com/api/v2/signinattempts -H 'Authorization: Bearer {eu} '"
    );
    let (v, _) = json_of(&input, &[]);
    assert_eq!(first_cause(&v), "region-mismatch", "{v:#}");
    assert_eq!(v["likely_causes"][0]["token"], 1);
    assert!(
        v["likely_causes"][0]["fix"]
            .as_str()
            .unwrap()
            .contains("https://events.1password.eu/api/v2/signinattempts")
    );
    tokenlint()
        .write_stdin(input)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Likely cause of 401 (most likely first)\n  1. region-mismatch: the request goes to events.1password.com (1Password.com), but the token was issued for events.1password.eu (1Password.eu)",
        ));
}

#[test]
fn a_service_account_token_is_blamed_first() {
    let sa = crate::op_tokens::service_account_token("lc");
    let input = curl(
        "",
        "https://events.1password.com/api/v2/auth/introspect",
        &sa,
    );
    let (v, _) = json_of(&input, &[]);
    assert_eq!(first_cause(&v), "wrong-token-kind");
    let (v, _) = json_of(&sa, &["--profile", "1password-events"]);
    assert_eq!(first_cause(&v), "wrong-token-kind");
    tokenlint()
        .write_stdin(input)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "  1. wrong-token-kind: this is a 1Password service account token",
        ))
        .stdout(predicate::str::contains(
            "op read \"op://<vault>/<item>/credential\"",
        ));
}

#[test]
fn a_token_without_the_needed_scope_is_blamed_first() {
    let t = events(US_HOST, "lc")
        .features(&["signinattempts", "itemusages"])
        .build();
    let input = curl(
        "-X POST",
        "https://events.1password.com/api/v2/auditevents",
        &t,
    );
    let (v, _) = json_of(&input, &[]);
    assert_eq!(first_cause(&v), "missing-feature");
    let (v, _) = json_of(&t, &["--require-feature", "auditevents"]);
    assert_eq!(first_cause(&v), "missing-feature");
    assert!(
        v["likely_causes"][0]["fix"]
            .as_str()
            .unwrap()
            .contains("\"Audit events\"")
    );
}

#[test]
fn damage_outranks_expiry_and_scope() {
    let t = events(US_HOST, "dmg")
        .issued_at(NOW - 40 * DAY)
        .expires_after(30 * DAY)
        .features(&["signinattempts"])
        .build();
    let (a, b) = t.split_at(250);
    let input = format!("{a}\n{b}");
    let (v, _) = json_of(&input, &["--require-feature", "itemusages"]);
    let order: Vec<&str> = v["likely_causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        ["inner-whitespace", "expired", "missing-feature"],
        "{v:#}"
    );
}

#[test]
fn no_likely_cause_section_without_an_error() {
    let old = events(US_HOST, "quiet")
        .features(&["signinattempts", "auditlogs"])
        .build();
    tokenlint()
        .write_stdin(old)
        .assert()
        .success()
        .stdout(predicate::str::contains("Likely cause").not());
}

// ----- human output --------------------------------------------------------------------------------

#[test]
fn human_output_names_scopes_endpoints_region_and_lifetime() {
    let t = events(CA_HOST, "human")
        .features(&["itemusages", "auditevents"])
        .expires_after(30 * DAY)
        .build();
    tokenlint()
        .write_stdin(t)
        .assert()
        .success()
        .stdout(predicate::str::contains("token 1password-events eyJhbGciOiJF…"))
        .stdout(predicate::str::contains(
            "  scopes      itemusages   Item usages: POST /api/v2/itemusages, POST /api/v1/itemusages\n              auditevents  Audit events: POST /api/v2/auditevents, POST /api/v1/auditevents\n",
        ))
        .stdout(predicate::str::contains(
            "  region      1Password.ca (ca): events.1password.ca\n  introspect  GET https://events.1password.ca/api/v2/auth/introspect\n",
        ))
        .stdout(predicate::str::contains("  lifetime    30 days (a web UI choice)\n"));
    let none = events(CA_HOST, "human").features(&[]).build();
    tokenlint()
        .write_stdin(none)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "  scopes      none: this token can read no events",
        ));
}

#[test]
fn nothing_prints_the_token() {
    let eu = events(EU_HOST, "leak").features(&["x"]).hs256().build();
    let input = curl(
        "-d '{}'",
        "https://events.1password.com/api/v1/auth/introspect",
        &eu,
    );
    for args in [
        &[][..],
        &["--json"],
        &[
            "--profile",
            "1password-events",
            "--require-feature",
            "itemusages",
        ],
    ] {
        let out = tokenlint()
            .args(args)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains(signature_of(&eu)), "{args:?}");
        assert!(!text.contains(&eu[100..160]), "{args:?}");
    }
}

// ----- flags and explain ---------------------------------------------------------------------------

#[test]
fn bad_profile_flags_exit_2_with_advice() {
    let t = events(US_HOST, "flags").build();
    tokenlint()
        .args(["--require-feature", "itemusage"])
        .write_stdin(t.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--require-feature: unknown feature `itemusage`: did you mean `itemusages`?",
        ));
    tokenlint()
        .args(["--json", "--require-feature", "vaults"])
        .write_stdin(t.clone())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("\"error\""));
    tokenlint()
        .args(["--method", "POST"])
        .write_stdin(t.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--url"));
    tokenlint()
        .args(["--url", "https:///nohost"])
        .write_stdin(t.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no host"));
    tokenlint()
        .args(["--profile", "1password"])
        .write_stdin(t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("1password-events"));
}

#[test]
fn explain_covers_every_profile_code() {
    let list = tokenlint().arg("explain").output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout).to_string();
    for code in PROFILE_CODES {
        assert!(list.contains(code), "{code} listed");
        tokenlint()
            .args(["explain", code])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(code))
            .stdout(predicate::str::contains("Fix:"));
    }
    tokenlint()
        .args(["explain", "wrong-endpoint"])
        .assert()
        .stdout(predicate::str::contains(
            "  GET  /api/v2/auth/introspect    (v1, deprecated: GET /api/auth/introspect)\n  POST /api/v2/signinattempts",
        ));
}

#[test]
fn help_teaches_the_profile_flags() {
    tokenlint()
        .args(["inspect", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--require-feature <NAME>"))
        .stdout(predicate::str::contains("--url <URL>"))
        .stdout(predicate::str::contains("1password-events"));
}
