use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::op_tokens::{
    ALL_HOSTS, CA_HOST, DAY, ENT_HOST, EU_HOST, ISSUED_AT, TokenBuilder, US_HOST, events_token,
    service_account_token,
};
use super::*;

/// Header and claims of a compact JWT, decoded the way the foundation's decoder does it.
fn decode(token: &str) -> (JsonObject, JsonObject) {
    let mut parts = token.split('.');
    let mut next = || {
        let bytes = URL_SAFE_NO_PAD
            .decode(parts.next().expect("three segments"))
            .expect("base64url");
        serde_json::from_slice::<JsonObject>(&bytes).expect("a JSON object")
    };
    (next(), next())
}

fn claims_of(builder: &TokenBuilder) -> JsonObject {
    decode(&builder.build()).1
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

fn request(method: &str, url: &str) -> Request {
    Request {
        method: method.into(),
        url: url.into(),
    }
}

/// Profile findings for a built token, as the pipeline will ask for them.
fn judge(
    token: &str,
    request: Option<&Request>,
    required: &[&'static Feature],
    expect_events: bool,
) -> Vec<Finding> {
    let (kind, header, claims) = if let Some(_sa) = recognise_service_account(token) {
        (OnePasswordKind::ServiceAccount.as_str(), None, None)
    } else {
        let (header, claims) = decode(token);
        let kind = recognise_jwt(&claims).map_or("jwt", OnePasswordKind::as_str);
        (kind, Some(header), Some(claims))
    };
    findings(&ProfileInput {
        kind,
        header: header.as_ref(),
        claims: claims.as_ref(),
        request,
        required,
        expect_events,
    })
}

// ----- the test tokens look like real ones ---------------------------------------------------------

#[test]
fn test_tokens_have_the_shape_of_real_events_tokens() {
    for host in ALL_HOSTS {
        let token = events_token(host);
        let segments: Vec<&str> = token.split('.').collect();
        assert_eq!(segments.len(), 3);
        // Reference: header 83 chars, claims 330-348, signature 86, whole token about 500-520. The
        // Enterprise host is 4 bytes longer than the others, which adds 6 characters to the claims.
        assert_eq!(segments[0].len(), 83, "header of {host}");
        assert!(segments[0].starts_with("eyJhbGciOiJFUzI1NiIs"));
        assert!(
            segments[1].starts_with("eyIx"),
            "claims start with {{\"1password.com/"
        );
        assert!(
            (330..=354).contains(&segments[1].len()),
            "claims segment {} chars for {host}",
            segments[1].len()
        );
        assert_eq!(segments[2].len(), 86, "a raw 64-byte P-256 signature");
        assert!((500..=526).contains(&token.len()), "{} chars", token.len());

        let (header, claims) = decode(&token);
        let kid = header["kid"].as_str().unwrap();
        assert!(
            kid.len() == 26
                && kid
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        let auuid = claims[ACCOUNT_CLAIM].as_str().unwrap();
        assert!(
            auuid.len() == 26
                && auuid
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
    }
}

#[test]
fn test_tokens_verify_with_the_test_public_key() {
    let pem = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/keys/es256-public.pem"
    ));
    let key = jsonwebtoken::DecodingKey::from_ec_pem(pem).unwrap();
    let token = events_token(EU_HOST);
    let (message, signature) = token.rsplit_once('.').unwrap();
    assert!(
        jsonwebtoken::crypto::verify(
            signature,
            message.as_bytes(),
            &key,
            jsonwebtoken::Algorithm::ES256
        )
        .unwrap()
    );
    // Deterministic: the same seed gives the same token, so README transcripts stay reproducible.
    assert_eq!(token, events_token(EU_HOST));
    assert_ne!(token, events_token(US_HOST));
}

// ----- kinds ---------------------------------------------------------------------------------------

#[test]
fn clean_events_tokens_of_every_region_are_events_tokens() {
    for host in ALL_HOSTS {
        let (_, claims) = decode(&events_token(host));
        assert_eq!(
            recognise_jwt(&claims),
            Some(OnePasswordKind::Events),
            "{host}"
        );
    }
}

#[test]
fn events_claims_with_another_alg_are_still_an_events_token() {
    let token = TokenBuilder::events(US_HOST, "hs").hs256().build();
    let (header, claims) = decode(&token);
    assert_eq!(recognise_jwt(&claims), Some(OnePasswordKind::Events));
    let finding = alg_finding(&header).expect("unexpected-alg");
    assert_eq!(finding.code, "unexpected-alg");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.message.contains("`HS256`"), "{}", finding.message);
    assert!(alg_finding(&decode(&events_token(US_HOST)).0).is_none());
}

#[test]
fn the_deprecated_audience_and_unknown_events_hosts_are_events_tokens() {
    let old = claims_of(&TokenBuilder::events(US_HOST, "old").aud(json!([DEPRECATED_AUDIENCE])));
    assert_eq!(recognise_jwt(&old), Some(OnePasswordKind::Events));
    let new_region =
        claims_of(&TokenBuilder::events(US_HOST, "au").aud(json!("events.1password.com.au")));
    assert_eq!(recognise_jwt(&new_region), Some(OnePasswordKind::Events));
}

#[test]
fn without_an_audience_an_events_feature_decides() {
    let claims = claims_of(&TokenBuilder::events(US_HOST, "noaud").without_claim("aud"));
    assert_eq!(recognise_jwt(&claims), Some(OnePasswordKind::Events));
    // Issuer alone says "1Password", not "Events".
    let bare = claims_of(
        &TokenBuilder::events(US_HOST, "bare")
            .without_claim("aud")
            .without_claim(FEATURES_CLAIM)
            .without_claim(ACCOUNT_CLAIM),
    );
    assert_eq!(recognise_jwt(&bare), None);
}

#[test]
fn an_events_audience_without_any_1password_marker_is_not_recognised() {
    let claims =
        json!({"iss": "https://auth.example.com", "aud": "events.1password.com", "sub": "x"});
    let Value::Object(claims) = claims else {
        unreachable!()
    };
    assert_eq!(recognise_jwt(&claims), None);
}

#[test]
fn connect_tokens_are_recognised_by_audience_feature_or_vault_claim() {
    let connect = claims_of(&TokenBuilder::connect("c1"));
    assert_eq!(recognise_jwt(&connect), Some(OnePasswordKind::Connect));
    // The audience of the test token in 1Password/connect-sdk-go.
    let early = claims_of(&TokenBuilder::connect("c2").aud(json!(["com.1password.secretservice"])));
    assert_eq!(recognise_jwt(&early), Some(OnePasswordKind::Connect));
    // An unfamiliar audience: the vault claim and vaultaccess still say Connect.
    let other = claims_of(&TokenBuilder::connect("c3").aud(json!(["com.1password.something"])));
    assert_eq!(recognise_jwt(&other), Some(OnePasswordKind::Connect));
    // But an Events audience wins: such a token is an Events token with an odd feature.
    let mixed = claims_of(&TokenBuilder::events(US_HOST, "m").features(&["vaultaccess"]));
    assert_eq!(recognise_jwt(&mixed), Some(OnePasswordKind::Events));
}

#[test]
fn service_account_tokens_are_recognised_from_the_raw_text() {
    let token = service_account_token("sa");
    assert!(token.starts_with("ops_eyJ"));
    let sa = recognise_service_account(&token).expect("recognised");
    assert_eq!(
        sa.sign_in_address.as_deref(),
        Some("https://my.1password.com")
    );
    assert!(sa.fields.iter().any(|f| f == "secretKey"));
    // Only field names come out, never the secrets.
    assert!(!format!("{sa:?}").contains("A3-"));

    // Standard base64 with padding is accepted too.
    let standard = format!(
        "ops_{}",
        base64::engine::general_purpose::STANDARD
            .encode(br#"{"signInAddress":"https://x.1password.eu","email":"a@b"}"#)
    );
    assert_eq!(
        recognise_service_account(&standard)
            .unwrap()
            .sign_in_address
            .as_deref(),
        Some("https://x.1password.eu")
    );
    // A truncated copy is still a service account token, just without details.
    let cut = &token[..40];
    assert_eq!(
        recognise_service_account(&format!("{cut}%")),
        Some(ServiceAccountToken {
            sign_in_address: None,
            fields: vec![]
        })
    );
    assert_eq!(recognise_service_account("ops_notbase64json"), None);
    assert_eq!(recognise_service_account(&events_token(US_HOST)), None);
    assert_eq!(recognise_service_account("opsx_eyJhIjoxfQ"), None);
}

#[test]
fn kind_names_are_stable() {
    assert_eq!(OnePasswordKind::Events.as_str(), "1password-events");
    assert_eq!(
        OnePasswordKind::ServiceAccount.as_str(),
        "1password-service-account"
    );
    assert_eq!(OnePasswordKind::Connect.as_str(), "1password-connect");
    assert_eq!(
        serde_json::to_value(OnePasswordKind::Connect).unwrap(),
        json!("1password-connect")
    );
}

// ----- features and endpoints ----------------------------------------------------------------------

#[test]
fn scopes_keep_token_order_and_survive_odd_shapes() {
    let claims =
        claims_of(&TokenBuilder::events(US_HOST, "s").features(&["auditevents", "signinattempts"]));
    assert_eq!(
        scopes(&claims),
        Some(vec![
            "auditevents".to_string(),
            "signinattempts".to_string()
        ])
    );
    let absent = claims_of(&TokenBuilder::events(US_HOST, "s").without_claim(FEATURES_CLAIM));
    assert_eq!(scopes(&absent), None);
    let single =
        claims_of(&TokenBuilder::events(US_HOST, "s").claim(FEATURES_CLAIM, json!("itemusages")));
    assert_eq!(scopes(&single), Some(vec!["itemusages".to_string()]));
    let odd = claims_of(
        &TokenBuilder::events(US_HOST, "s").claim(FEATURES_CLAIM, json!(["itemusages", 7])),
    );
    assert_eq!(
        scopes(&odd),
        Some(vec!["itemusages".to_string(), "7".to_string()])
    );
}

#[test]
fn each_feature_unlocks_its_v1_and_v2_endpoints() {
    let sign_in = feature("signinattempts").unwrap();
    assert_eq!(sign_in.title, "Sign-in attempts");
    let endpoints: Vec<String> = sign_in.endpoints().map(|e| e.to_string()).collect();
    assert_eq!(
        endpoints,
        ["POST /api/v1/signinattempts", "POST /api/v2/signinattempts"]
    );
    assert_eq!(feature("itemusages").unwrap().title, "Item usages");
    assert_eq!(feature("auditevents").unwrap().endpoints().count(), 2);
    assert_eq!(feature("vaultaccess"), None);
}

#[test]
fn feature_names_on_the_command_line_are_forgiving_and_suggest() {
    assert_eq!(
        parse_feature_name("Sign-in attempts").unwrap().name,
        "signinattempts"
    );
    assert_eq!(
        parse_feature_name("ITEM_USAGES").unwrap().name,
        "itemusages"
    );
    let err = parse_feature_name("itemusage").unwrap_err();
    assert!(err.contains("did you mean `itemusages`"), "{err}");
    let err = parse_feature_name("vaults").unwrap_err();
    assert!(!err.contains("did you mean"), "{err}");
    assert!(
        err.contains("signinattempts, itemusages, auditevents"),
        "{err}"
    );
}

#[test]
fn curl_method_follows_curls_rules() {
    assert_eq!(curl_method(None, false), "GET");
    assert_eq!(curl_method(None, true), "POST");
    assert_eq!(curl_method(Some("put"), true), "PUT");
    assert_eq!(curl_method(Some("GET"), true), "GET");
}

#[test]
fn every_documented_endpoint_is_known() {
    for endpoint in &ENDPOINTS {
        assert_eq!(
            check_endpoint(endpoint.method, endpoint.path),
            EndpointCheck::Known(endpoint)
        );
    }
    let check = check_endpoint("post", "/api/v2/itemusages?x=1#frag");
    assert_eq!(check.needs().map(|f| f.name), Some("itemusages"));
    assert_eq!(
        check_endpoint("GET", "/api/v2/auth/introspect").needs(),
        None
    );
    assert_eq!(check_endpoint("GET", ""), EndpointCheck::NoPath);
    assert_eq!(check_endpoint("GET", "/"), EndpointCheck::NoPath);
}

fn problem(method: &str, path: &str) -> EndpointProblem {
    match check_endpoint(method, path) {
        EndpointCheck::Wrong { problem, .. } => problem,
        other => panic!("{method} {path} should be wrong, got {other:?}"),
    }
}

#[test]
fn wrong_endpoints_say_why() {
    assert_eq!(
        problem("GET", "/api/v1/auth/introspect"),
        EndpointProblem::NoV1IntrospectPath
    );
    let EndpointProblem::WrongMethod { expected } = problem("POST", "/api/v2/auth/introspect")
    else {
        panic!()
    };
    assert_eq!(expected.method, "GET");
    let check = check_endpoint("GET", "/api/v2/signinattempts");
    assert_eq!(
        check.needs().map(|f| f.name),
        Some("signinattempts"),
        "wrong method still needs its feature"
    );
    let EndpointProblem::Typo { nearest } = problem("POST", "/api/v2/signinattempt") else {
        panic!()
    };
    assert_eq!(nearest.path, "/api/v2/signinattempts");
    let EndpointProblem::Typo { nearest } = problem("POST", "/api/v3/itemusages") else {
        panic!()
    };
    assert_eq!(nearest.path, "/api/v2/itemusages");
    let EndpointProblem::Typo { nearest } = problem("GET", "/api/v2/introspect") else {
        panic!()
    };
    assert_eq!(nearest.path, "/api/v2/auth/introspect");
    let EndpointProblem::Typo { nearest } = problem("POST", "/api/v2/auditevent/") else {
        panic!()
    };
    assert_eq!(nearest.path, "/api/v2/auditevents");
    assert_eq!(problem("GET", "/v1/vaults"), EndpointProblem::UnknownPath);
    assert_eq!(
        problem("GET", "/api/v2/users/me"),
        EndpointProblem::UnknownPath
    );
}

// ----- regions -------------------------------------------------------------------------------------

#[test]
fn the_four_regions() {
    let table: Vec<(&str, &str, &str)> = REGIONS.iter().map(|r| (r.id, r.host, r.name)).collect();
    assert_eq!(
        table,
        [
            ("us", "events.1password.com", "1Password.com"),
            ("ent", "events.ent.1password.com", "Enterprise"),
            ("ca", "events.1password.ca", "1Password.ca"),
            ("eu", "events.1password.eu", "1Password.eu"),
        ]
    );
    assert_eq!(region_for_host("EVENTS.1Password.EU.").unwrap().id, "eu");
    assert_eq!(region_for_host("my.1password.com"), None);
    assert_eq!(
        region_for_host(CA_HOST).unwrap().introspect_url(),
        "https://events.1password.ca/api/v2/auth/introspect"
    );
}

#[test]
fn region_comes_from_the_first_audience_string_or_array() {
    let array = claims_of(&TokenBuilder::events(ENT_HOST, "r"));
    assert_eq!(token_audience(&array).region().unwrap().id, "ent");
    let string = claims_of(&TokenBuilder::events(US_HOST, "r").aud(json!(EU_HOST)));
    assert_eq!(token_audience(&string).region().unwrap().id, "eu");
    let two = claims_of(&TokenBuilder::events(US_HOST, "r").aud(json!([CA_HOST, US_HOST])));
    assert_eq!(token_audience(&two).region().unwrap().id, "ca");
    let old = claims_of(&TokenBuilder::events(US_HOST, "r").aud(json!([DEPRECATED_AUDIENCE])));
    assert_eq!(token_audience(&old), TokenAudience::Deprecated);
    let url =
        claims_of(&TokenBuilder::events(US_HOST, "r").aud(json!(["https://events.1password.com"])));
    assert_eq!(
        token_audience(&url),
        TokenAudience::Unknown("https://events.1password.com".into())
    );
    let none = claims_of(&TokenBuilder::events(US_HOST, "r").without_claim("aud"));
    assert_eq!(token_audience(&none), TokenAudience::Missing);
}

#[test]
fn urls_are_split_like_curl_reads_them() {
    let u = parse_url("https://events.1password.eu/api/v2/auth/introspect?x=1").unwrap();
    assert_eq!(
        (u.host.as_str(), u.port, u.path.as_str()),
        ("events.1password.eu", None, "/api/v2/auth/introspect?x=1")
    );
    let u = parse_url("Events.1Password.com:443/api/v1/itemusages").unwrap();
    assert_eq!(
        (u.host.as_str(), u.port, u.path.as_str()),
        ("events.1password.com", Some(443), "/api/v1/itemusages")
    );
    let u = parse_url("http://user:pw@[::1]:8080/x").unwrap();
    assert_eq!(
        (u.host.as_str(), u.port, u.path.as_str()),
        ("::1", Some(8080), "/x")
    );
    let u = parse_url("https://events.1password.ca").unwrap();
    assert_eq!(u.path, "");
    assert_eq!(parse_url("https:///path"), None);
    assert_eq!(parse_url(""), None);
}

#[test]
fn hosts_are_classified() {
    assert_eq!(
        classify_host("events.1password.ca"),
        HostClass::Events(&REGIONS[2])
    );
    assert_eq!(
        classify_host("my.1password.com"),
        HostClass::OtherOnePassword
    );
    assert_eq!(
        classify_host("example.1password.eu"),
        HostClass::OtherOnePassword
    );
    assert_eq!(classify_host("not1password.com"), HostClass::Other);
    assert_eq!(classify_host("localhost"), HostClass::Other);
}

// ----- lifetime ------------------------------------------------------------------------------------

#[test]
fn lifetimes_match_the_web_ui_choices_within_tolerance() {
    let t = ISSUED_AT;
    assert_eq!(classify_lifetime(Some(t), None), Some(Lifetime::Never));
    assert_eq!(classify_lifetime(None, None), Some(Lifetime::Never));
    assert_eq!(
        classify_lifetime(Some(t), Some(t + 30 * DAY)),
        Some(Lifetime::Days30)
    );
    assert_eq!(
        classify_lifetime(Some(t), Some(t + 30 * DAY + 3600)),
        Some(Lifetime::Days30),
        "DST"
    );
    assert_eq!(
        classify_lifetime(Some(t), Some(t + 90 * DAY - 3600)),
        Some(Lifetime::Days90),
        "DST"
    );
    assert_eq!(
        classify_lifetime(Some(t), Some(t + 180 * DAY)),
        Some(Lifetime::Days180)
    );
    assert_eq!(
        classify_lifetime(Some(t), Some(t + 30 * DAY + 3 * 3600)),
        Some(Lifetime::Custom {
            seconds: 30 * DAY + 3 * 3600
        })
    );
    assert_eq!(
        classify_lifetime(Some(t), Some(t + 45 * DAY)),
        Some(Lifetime::Custom { seconds: 45 * DAY })
    );
    assert_eq!(
        classify_lifetime(None, Some(t)),
        None,
        "no iat to measure from"
    );

    let claims = claims_of(&TokenBuilder::events(US_HOST, "l").expires_after(90 * DAY));
    assert_eq!(lifetime_of(&claims), Some(Lifetime::Days90));
    assert_eq!(
        lifetime_of(&claims_of(&TokenBuilder::events(US_HOST, "l"))),
        Some(Lifetime::Never)
    );
}

#[test]
fn lifetimes_have_stable_names_and_readable_descriptions() {
    assert_eq!(Lifetime::Days180.as_str(), "180d");
    assert_eq!(Lifetime::Never.as_str(), "never");
    assert_eq!(
        serde_json::to_value(Lifetime::Custom { seconds: 1 }).unwrap(),
        json!("custom")
    );
    assert_eq!(
        Lifetime::Custom {
            seconds: 45 * DAY + 6 * 3600
        }
        .describe(),
        "custom: 45 days 6 hours"
    );
    assert_eq!(
        Lifetime::Custom { seconds: 3600 }.describe(),
        "custom: 1 hour"
    );
    assert_eq!(
        Lifetime::Custom { seconds: 90 }.describe(),
        "custom: 1 minute"
    );
    assert_eq!(
        Lifetime::Custom { seconds: -DAY }.describe(),
        "custom: -1 day"
    );
    assert!(Lifetime::Never.describe().contains("default"));
}

// ----- findings ------------------------------------------------------------------------------------

/// Every request a correct client makes with a clean token of `host`.
fn correct_requests(host: &str) -> Vec<Request> {
    let mut requests: Vec<Request> = ENDPOINTS
        .iter()
        .map(|e| request(e.method, &format!("https://{host}{}", e.path)))
        .collect();
    requests.push(request("GET", &format!("https://{host}")));
    requests.push(request(
        "POST",
        &format!("{host}/api/v2/auditevents?limit=5"),
    ));
    requests
}

#[test]
fn clean_tokens_of_every_region_are_silent_in_every_correct_request() {
    let all: Vec<&'static Feature> = FEATURES.iter().collect();
    for host in ALL_HOSTS {
        let token = events_token(host);
        assert_eq!(judge(&token, None, &[], false), vec![], "{host} alone");
        assert_eq!(
            judge(&token, None, &all, true),
            vec![],
            "{host} with every feature required"
        );
        for req in correct_requests(host) {
            assert_eq!(
                judge(&token, Some(&req), &all, true),
                vec![],
                "{host}: {req:?}"
            );
        }
        // Each web UI expiry is just as clean.
        for days in [30, 90, 180] {
            let token = TokenBuilder::events(host, "exp")
                .expires_after(days * DAY)
                .build();
            assert_eq!(judge(&token, None, &[], true), vec![], "{host} {days}d");
        }
    }
}

#[test]
fn no_features_when_the_claim_is_empty_or_absent() {
    for builder in [
        TokenBuilder::events(US_HOST, "nf").features(&[]),
        TokenBuilder::events(US_HOST, "nf").without_claim(FEATURES_CLAIM),
    ] {
        let found = judge(
            &builder.build(),
            None,
            &[feature("itemusages").unwrap()],
            false,
        );
        assert_eq!(
            codes(&found),
            ["no-features"],
            "and no redundant missing-feature"
        );
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0].fix.contains("Sign-in attempts"));
    }
}

#[test]
fn unknown_feature_names_each_unknown_value() {
    let token = TokenBuilder::events(EU_HOST, "uf")
        .features(&["signinattempts", "vaultaccess", "auditlog"])
        .build();
    let found = judge(&token, None, &[], false);
    assert_eq!(codes(&found), ["unknown-feature", "unknown-feature"]);
    assert!(found[0].message.contains("`vaultaccess`"));
    assert!(found[1].message.contains("`auditlog`"));
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn missing_feature_from_the_flag_and_from_the_endpoint() {
    let token = TokenBuilder::events(US_HOST, "mf")
        .features(&["signinattempts", "auditevents"])
        .build();
    let item_usages = feature("itemusages").unwrap();

    let found = judge(&token, None, &[item_usages], false);
    assert_eq!(codes(&found), ["missing-feature"]);
    assert!(
        found[0]
            .message
            .contains("--require-feature needs the `itemusages` feature (Item usages)")
    );
    assert!(
        found[0].message.contains("signinattempts, auditevents"),
        "{}",
        found[0].message
    );
    assert!(found[0].fix.contains("\"Item usages\""));

    let req = request("POST", "https://events.1password.com/api/v2/itemusages");
    let found = judge(&token, Some(&req), &[], false);
    assert_eq!(codes(&found), ["missing-feature"]);
    assert!(
        found[0]
            .message
            .starts_with("`POST /api/v2/itemusages` needs"),
        "{}",
        found[0].message
    );

    // Both reasons, one finding.
    let found = judge(&token, Some(&req), &[item_usages], false);
    assert_eq!(codes(&found), ["missing-feature"]);
    assert!(
        found[0]
            .message
            .contains("--require-feature and `POST /api/v2/itemusages` need the")
    );

    // A GET to the events path is the wrong method and still needs the feature.
    let get = request("GET", "https://events.1password.com/api/v1/itemusages");
    assert_eq!(
        codes(&judge(&token, Some(&get), &[], false)),
        ["wrong-endpoint", "missing-feature"]
    );
}

#[test]
fn deprecated_audience_and_unknown_region() {
    let old = TokenBuilder::events(US_HOST, "da")
        .aud(json!([DEPRECATED_AUDIENCE]))
        .build();
    let found = judge(&old, None, &[], false);
    assert_eq!(codes(&found), ["deprecated-audience"]);
    assert_eq!(found[0].severity, Severity::Warning);

    let unknown = TokenBuilder::events(US_HOST, "ur")
        .aud(json!(["events.1password.de"]))
        .build();
    let found = judge(&unknown, None, &[], false);
    assert_eq!(codes(&found), ["unknown-region"]);
    assert!(found[0].message.contains("`events.1password.de`"));

    let none = TokenBuilder::events(US_HOST, "ur")
        .without_claim("aud")
        .build();
    assert_eq!(codes(&judge(&none, None, &[], false)), ["unknown-region"]);

    // Without a known region there is nothing to mismatch.
    let req = request("GET", "https://events.1password.eu/api/v2/auth/introspect");
    assert_eq!(
        codes(&judge(&unknown, Some(&req), &[], false)),
        ["unknown-region"]
    );
}

#[test]
fn region_mismatch_for_another_regions_host_or_a_non_events_host() {
    let token = events_token(EU_HOST);
    let req = request("GET", "https://events.1password.com/api/v2/auth/introspect");
    let found = judge(&token, Some(&req), &[], false);
    assert_eq!(codes(&found), ["region-mismatch"]);
    assert!(
        found[0]
            .message
            .contains("events.1password.com (1Password.com)")
    );
    assert!(
        found[0]
            .message
            .contains("events.1password.eu (1Password.eu)")
    );
    assert_eq!(
        found[0].fix,
        "Send the request to https://events.1password.eu/api/v2/auth/introspect (the host in the token's aud)."
    );

    let my = request("POST", "https://my.1password.eu/api/v2/signinattempts");
    let found = judge(&token, Some(&my), &[], false);
    assert_eq!(codes(&found), ["region-mismatch"]);
    assert!(found[0].message.contains("serves no Events API"));

    // Every pair of distinct regions mismatches.
    for a in ALL_HOSTS {
        for b in ALL_HOSTS {
            let req = request("POST", &format!("https://{b}/api/v1/auditevents"));
            let found = judge(&events_token(a), Some(&req), &[], false);
            assert_eq!(
                found.iter().any(|f| f.code == "region-mismatch"),
                a != b,
                "{a} -> {b}"
            );
        }
    }
}

#[test]
fn wrong_endpoint_messages_and_fixes() {
    let token = events_token(CA_HOST);
    let cases = [
        (
            "GET",
            "/api/v1/auth/introspect",
            "the v1 introspect path is `/api/auth/introspect`",
            "GET https://events.1password.ca/api/v2/auth/introspect",
        ),
        (
            "POST",
            "/api/v2/auth/introspect",
            "`/api/v2/auth/introspect` takes GET",
            "with no body",
        ),
        (
            "GET",
            "/api/v2/signinattempts",
            "`/api/v2/signinattempts` takes POST",
            "POST https://events.1password.ca/api/v2/signinattempts",
        ),
        (
            "POST",
            "/api/v2/signinattempt",
            "did you mean `/api/v2/signinattempts`?",
            "POST https://events.1password.ca/api/v2/signinattempts",
        ),
        (
            "GET",
            "/v1/vaults",
            "`GET /v1/vaults` is no Events API endpoint",
            "GET /api/v2/auth/introspect",
        ),
    ];
    for (method, path, message, fix) in cases {
        let req = request(method, &format!("https://events.1password.ca{path}"));
        let found = judge(&token, Some(&req), &[], false);
        let wrong = found
            .iter()
            .find(|f| f.code == "wrong-endpoint")
            .unwrap_or_else(|| panic!("{method} {path}: {found:?}"));
        assert_eq!(wrong.severity, Severity::Error);
        assert!(
            wrong.message.contains(message),
            "{method} {path}: {}",
            wrong.message
        );
        assert!(wrong.fix.contains(fix), "{method} {path}: {}", wrong.fix);
    }
    // A path on someone else's host is none of the profile's business.
    let other = request("GET", "https://proxy.example.com/whatever");
    assert_eq!(judge(&token, Some(&other), &[], false), vec![]);
}

#[test]
fn wrong_token_kind_where_an_events_token_is_expected() {
    let events_req = request("GET", "https://events.1password.com/api/v2/auth/introspect");

    let sa = service_account_token("wk");
    let found = judge(&sa, Some(&events_req), &[], false);
    assert_eq!(codes(&found), ["wrong-token-kind"]);
    assert!(
        found[0].message.starts_with("this is a 1Password service account token, but the request goes to the Events API at events.1password.com."),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("events.1password.com"));
    assert!(found[0].fix.contains("op read"));

    let connect = TokenBuilder::connect("wk").build();
    let found = judge(&connect, None, &[], true);
    assert_eq!(codes(&found), ["wrong-token-kind"]);
    assert!(found[0].message.contains("Connect"), "{}", found[0].message);

    let generic = judge(
        &connect,
        Some(&request("GET", "http://localhost:8080/v1/vaults")),
        &[],
        false,
    );
    assert_eq!(
        generic,
        vec![],
        "a Connect token to a Connect server is fine"
    );

    // --require-feature expects an Events token.
    let found = judge(&connect, None, &[feature("auditevents").unwrap()], false);
    assert_eq!(codes(&found), ["wrong-token-kind"]);

    // A wrong kind does not hide a wrong endpoint.
    let v1 = request("GET", "https://events.1password.com/api/v1/auth/introspect");
    assert_eq!(
        codes(&judge(&sa, Some(&v1), &[], false)),
        ["wrong-token-kind", "wrong-endpoint"]
    );

    let expected = [
        (
            "jwt",
            "this is a JWT that is not a 1Password Events API token, but an Events API token is expected here.",
        ),
        (
            "jwe",
            "this is an encrypted JWT (JWE), not an Events API token, but an Events API token is expected here.",
        ),
        (
            "unknown",
            "this is a string tokenlint does not recognise as a token, but an Events API token is expected here.",
        ),
    ];
    for (kind, message) in expected {
        assert_eq!(
            wrong_kind_finding(kind, &Expectation::Flag).message,
            message
        );
    }
}

#[test]
fn every_code_is_in_the_catalogue_with_its_default_severity() {
    // Build one case per code and check the code's severity agrees with CODES.
    let eu = events_token(EU_HOST);
    let cases: Vec<Vec<Finding>> = vec![
        judge(
            &TokenBuilder::events(US_HOST, "c").features(&[]).build(),
            None,
            &[],
            false,
        ),
        judge(
            &TokenBuilder::events(US_HOST, "c")
                .features(&["x", "itemusages"])
                .build(),
            None,
            &[],
            false,
        ),
        judge(
            &TokenBuilder::events(US_HOST, "c")
                .features(&["itemusages"])
                .build(),
            None,
            &[feature("auditevents").unwrap()],
            false,
        ),
        judge(
            &TokenBuilder::events(US_HOST, "c")
                .aud(json!(DEPRECATED_AUDIENCE))
                .build(),
            None,
            &[],
            false,
        ),
        judge(
            &TokenBuilder::events(US_HOST, "c").aud(json!("x")).build(),
            None,
            &[],
            false,
        ),
        judge(
            &eu,
            Some(&request("GET", "https://events.1password.com/")),
            &[],
            false,
        ),
        judge(
            &eu,
            Some(&request(
                "GET",
                "https://events.1password.eu/api/v1/auth/introspect",
            )),
            &[],
            false,
        ),
        judge(&service_account_token("c"), None, &[], true),
        judge(
            &TokenBuilder::events(US_HOST, "c").hs256().build(),
            None,
            &[],
            false,
        ),
    ];
    assert_eq!(CODES.len(), cases.len());
    for (code, found) in CODES.iter().zip(&cases) {
        assert_eq!(codes(found), [code.code], "case for {}", code.code);
        assert_eq!(found[0].severity, code.severity, "{}", code.code);
        assert!(!found[0].fix.is_empty());
        assert_eq!(
            crate::rules::lookup(code.code).map(|c| c.code),
            Some(code.code),
            "in the catalogue"
        );
    }
}

// ----- likely causes -------------------------------------------------------------------------------

fn input<'a>(code: &'a str, severity: Severity) -> CauseInput<'a> {
    CauseInput {
        code,
        severity,
        message: code,
        fix: None,
        token: None,
    }
}

#[test]
fn causes_are_ranked_by_certainty_not_by_order_found() {
    let found = [
        input("expired", Severity::Error),
        input("missing-feature", Severity::Error),
        input("truncated", Severity::Error),
        input("region-mismatch", Severity::Error),
        input("wrong-token-kind", Severity::Error),
        input("surrounding-whitespace", Severity::Error),
    ];
    let ranked: Vec<String> = likely_causes(&found).into_iter().map(|c| c.code).collect();
    assert_eq!(
        ranked,
        [
            "wrong-token-kind",
            "region-mismatch",
            "truncated",
            "surrounding-whitespace",
            "expired",
            "missing-feature"
        ]
    );
}

#[test]
fn warnings_do_not_explain_a_401_except_the_deprecated_audience() {
    let found = [
        input("unknown-feature", Severity::Warning),
        input("unexpected-alg", Severity::Warning),
        input("deprecated-audience", Severity::Warning),
    ];
    let ranked = likely_causes(&found);
    assert_eq!(ranked.len(), 1);
    assert_eq!(ranked[0].code, "deprecated-audience");
    assert!(likely_causes(&[input("unknown-region", Severity::Warning)]).is_empty());
    // Stray whitespace is only a warning, but Events clients do not trim: it explains a 401.
    assert_eq!(
        likely_causes(&[input("surrounding-whitespace", Severity::Warning)]).len(),
        1
    );
    assert!(likely_causes(&[input("no-expiry", Severity::Info)]).is_empty());
}

#[test]
fn unranked_errors_come_last_with_their_own_fix() {
    let found = [
        CauseInput {
            code: "signature-invalid",
            severity: Severity::Error,
            message: "the signature does not match the key",
            fix: Some("Check the key."),
            token: Some(2),
        },
        input("bad-json", Severity::Error),
        input("made-up-code", Severity::Error),
        input("expired", Severity::Error),
    ];
    let ranked = likely_causes(&found);
    let order: Vec<&str> = ranked.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        order,
        ["bad-json", "expired", "signature-invalid", "made-up-code"]
    );
    // Without a fix of its own a cause gets its code's catalogue fix, or a pointer to `explain`.
    assert_eq!(ranked[0].fix, crate::rules::lookup("bad-json").unwrap().fix);
    assert_eq!(ranked[1].fix, crate::rules::lookup("expired").unwrap().fix);
    assert_eq!(ranked[2].fix, "Check the key.");
    assert_eq!(ranked[2].token, Some(2));
    assert_eq!(ranked[3].fix, "See `tokenlint explain` for this code.");
}

fn first_cause(findings: &[Finding]) -> LikelyCause {
    likely_causes(&as_cause_inputs(findings))
        .into_iter()
        .next()
        .expect("a cause")
}

#[test]
fn the_three_classic_401s_get_the_right_cause_first() {
    // A curl line aimed at the wrong region's host, with a wrong path on top.
    let eu = TokenBuilder::events(EU_HOST, "classic")
        .features(&["signinattempts"])
        .build();
    let req = request("POST", "https://events.1password.com/api/v2/itemusage");
    let found = judge(&eu, Some(&req), &[], false);
    let cause = first_cause(&found);
    assert_eq!(cause.code, "region-mismatch");
    assert!(
        cause
            .fix
            .contains("https://events.1password.eu/api/v2/itemusages"),
        "{}",
        cause.fix
    );

    // A service account token sent to the Events API.
    let req = request("POST", "https://events.1password.com/api/v2/auditevents");
    let cause = first_cause(&judge(
        &service_account_token("classic"),
        Some(&req),
        &[],
        false,
    ));
    assert_eq!(cause.code, "wrong-token-kind");

    // A token without the scope the endpoint needs.
    let us = TokenBuilder::events(US_HOST, "classic")
        .features(&["signinattempts"])
        .build();
    let req = request("POST", "https://events.1password.com/api/v2/auditevents");
    let cause = first_cause(&judge(&us, Some(&req), &[], false));
    assert_eq!(cause.code, "missing-feature");
    assert!(cause.fix.contains("Audit events"));
}

#[test]
fn findings_never_contain_the_token() {
    let token = TokenBuilder::events(EU_HOST, "leak")
        .features(&["x"])
        .hs256()
        .build();
    let req = request("GET", "https://events.1password.com/api/v1/auth/introspect");
    let signature = token.rsplit('.').next().unwrap();
    for f in judge(&token, Some(&req), &[feature("itemusages").unwrap()], true) {
        for text in [&f.message, &f.fix] {
            assert!(
                !text.contains(signature) && !text.contains(&token[..40]),
                "{}: {text}",
                f.code
            );
        }
    }
}

#[test]
fn a_bare_url_is_checked_with_the_method_its_endpoint_takes() {
    assert_eq!(
        documented_method("https://events.1password.com/api/v2/itemusages"),
        "POST"
    );
    assert_eq!(
        documented_method("events.1password.eu/api/v1/signinattempts?x"),
        "POST"
    );
    assert_eq!(
        documented_method("https://events.1password.com/api/v2/auth/introspect"),
        "GET"
    );
    assert_eq!(
        documented_method("https://events.1password.com/api/v2/itemusage"),
        "GET"
    );
    assert_eq!(documented_method("not a url at all"), "GET");
}

#[test]
fn wrong_token_kind_only_when_the_kind_is_certain() {
    let req = request("GET", "https://events.1password.com/api/v2/auth/introspect");
    let expect = |kind: &str, claims: Option<&JsonObject>, request: Option<&Request>| {
        codes(&findings(&ProfileInput {
            kind,
            header: None,
            claims,
            request,
            required: &[],
            expect_events: true,
        }))
    };
    // Text of no known kind, or a JWT whose claims did not decode: maybe a damaged Events token.
    assert!(expect("unknown", None, Some(&req)).is_empty());
    assert!(expect("jwt", None, None).is_empty());
    // Known to be something else.
    let other = JsonObject::new();
    assert_eq!(expect("jwt", Some(&other), None), ["wrong-token-kind"]);
    assert_eq!(expect("jwe", None, None), ["wrong-token-kind"]);
    assert_eq!(
        expect("1password-connect", None, None),
        ["wrong-token-kind"]
    );
}
