//! `tokenlint inspect --introspect`: the online check, driven through the real binary against servers
//! the tests start on 127.0.0.1 (plain HTTP, which the loopback rule allows, and TLS with a CA made at
//! test time). Proxies are taken out of the environment, except where a local server plays the proxy to
//! prove where a request would have gone, so no test ever reaches the internet.

use std::process::Output;

use serde_json::{Value, json};

use crate::support::server::{Record, Reply, TestPki, TestServer};
use crate::support::*;

const PROXY_VARS: &[&str] = &[
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// A 200 answer that agrees with [`events_claims`].
fn v2_ok() -> Reply {
    Reply::json(
        200,
        "OK",
        r#"{"uuid":"K4XWZ2ABCDEFGHIJKLMNOPQRS7","issued_at":"2026-11-04T12:00:00Z","features":["auditevents","itemusages","signinattempts"],"account_uuid":"QZ7ABCDEF2GHIJKLMN3OPQRSTU"}"#,
    )
}

/// Runs tokenlint on `token` (stdin) with --introspect and `args`, without inherited proxies.
fn run(token: &str, args: &[&str]) -> Output {
    run_env(token, args, &[])
}

fn run_env(token: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = tokenlint();
    for v in PROXY_VARS {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .arg("--introspect")
        .args(args)
        .write_stdin(format!("{token}\n"))
        .output()
        .expect("runs");
    assert_no_leak(token, &out);
    out
}

/// No output, on either stream, ever holds the token or its signature.
fn assert_no_leak(token: &str, out: &Output) {
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(token), "the token leaked:\n{text}");
        assert!(
            !text.contains(signature_of(token)),
            "the signature leaked:\n{text}"
        );
    }
}

fn json_run(token: &str, server: &TestServer, extra: &[&str]) -> (Value, i32, String) {
    let url = server.base_url();
    let mut args = vec!["--json", "--events-url", url.as_str()];
    args.extend_from_slice(extra);
    let out = run(token, &args);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (
        v,
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The server received exactly one clean introspect request carrying exactly this token.
fn assert_one_introspect(record: &Record, token: &str) {
    assert_eq!(record.connections, 1, "{record:?}");
    assert_eq!(record.requests.len(), 1);
    let r = &record.requests[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.target, "/api/v2/auth/introspect");
    assert_eq!(r.header_count("authorization"), 1);
    assert_eq!(
        r.header("authorization").unwrap(),
        format!("Bearer {token}")
    );
    assert_eq!(
        r.header("user-agent").unwrap(),
        format!("tokenlint/{}", env!("CARGO_PKG_VERSION"))
    );
    assert!(r.body.is_empty());
}

#[test]
fn an_accepted_token_is_reported_with_what_the_server_said() {
    let t = events_token();
    let server = TestServer::start(v2_ok());
    let (v, code, _) = json_run(&t, &server, &[]);
    assert_one_introspect(&server.finish(), &t);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(codes(&v), ["no-expiry"]);
    let i = &v["tokens"][0]["introspect"];
    assert_eq!(i["sent"], true);
    assert_eq!(i["verdict"], "accepted");
    assert_eq!(i["target"]["chosen_by"], "events-url");
    assert!(
        i["target"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/api/v2/auth/introspect")
    );
    let r = &i["response"];
    assert_eq!(r["status"], 200);
    assert_eq!(r["shape"], "v2");
    assert_eq!(r["uuid"], "K4XWZ2ABCDEFGHIJKLMNOPQRS7");
    assert_eq!(r["issued_at"], "2026-11-04T12:00:00Z");
    assert_eq!(
        r["features"],
        json!(["auditevents", "itemusages", "signinattempts"])
    );
    assert_eq!(r["account_uuid"], "QZ7ABCDEF2GHIJKLMN3OPQRSTU");
}

#[test]
fn without_the_flag_there_is_no_introspect_object() {
    let (v, _) = json_of(&events_token(), &[]);
    assert!(v["tokens"][0].get("introspect").is_none(), "{v:#}");
}

#[test]
fn the_human_report_has_an_online_section() {
    let t = events_token();
    let server = TestServer::start(v2_ok());
    let out = run(&t, &["--events-url", &server.base_url()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "online      GET {}/api/v2/auth/introspect (sent: the URL given with --events-url)",
            server.base_url()
        )),
        "{text}"
    );
    assert!(
        text.contains("200 OK: the server accepts this token"),
        "{text}"
    );
    assert!(
        text.contains("features   auditevents, itemusages, signinattempts"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_v1_answer_is_read_too() {
    let server = TestServer::start(Reply::json(
        200,
        "OK",
        r#"{"UUID":"K4XWZ2ABCDEFGHIJKLMNOPQRS7","IssuedAt":"2026-11-04T12:00:00Z","Features":["signinattempts","itemusages","auditevents"]}"#,
    ));
    let (v, code, _) = json_run(&events_token(), &server, &[]);
    assert_eq!(code, 0);
    let r = &v["tokens"][0]["introspect"]["response"];
    assert_eq!(r["shape"], "v1");
    assert_eq!(r["uuid"], "K4XWZ2ABCDEFGHIJKLMNOPQRS7");
    assert_eq!(r["features"][0], "signinattempts");
}

#[test]
fn a_401_is_rejected_by_server_with_the_likely_cause() {
    let server = TestServer::start(Reply::json(
        401,
        "Unauthorized",
        r#"{"Error":{"Message":"Unauthorized"}}"#,
    ));
    let (v, code, _) = json_run(&events_token(), &server, &[]);
    assert_eq!(code, 1);
    let f = v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "rejected-by-server")
        .expect("rejected-by-server");
    assert_eq!(f["severity"], "error");
    let m = f["message"].as_str().unwrap();
    assert!(m.contains("401") && m.contains("\"Unauthorized\""), "{m}");
    assert!(m.contains("revoked"), "{m}");
    assert_eq!(v["tokens"][0]["introspect"]["verdict"], "rejected");
    assert_eq!(
        v["tokens"][0]["introspect"]["response"]["server_message"],
        "Unauthorized"
    );
}

#[test]
fn a_429_is_rate_limited_with_retry_after_when_sent() {
    let server = TestServer::start(Reply::http(
        429,
        "Too Many Requests",
        &[("Retry-After", "42")],
        b"",
    ));
    let (v, code, _) = json_run(&events_token(), &server, &[]);
    assert_eq!(code, 0, "a warning does not fail by default");
    let i = &v["tokens"][0]["introspect"];
    assert_eq!(i["verdict"], "rate-limited");
    assert_eq!(i["response"]["retry_after"], "42");
    let f = &v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .last()
        .unwrap();
    assert_eq!(f["code"], "rate-limited");
    let m = f["message"].as_str().unwrap();
    assert!(
        m.contains("wait 42") && m.contains("600") && m.contains("30000"),
        "{m}"
    );

    let server = TestServer::start(Reply::http(429, "Too Many Requests", &[], b""));
    let (v, code, _) = json_run(&events_token(), &server, &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    let f = &v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .last()
        .unwrap();
    assert!(f["message"].as_str().unwrap().contains("no Retry-After"));
    assert_eq!(
        v["tokens"][0]["introspect"]["response"]["retry_after"],
        Value::Null
    );
}

#[test]
fn a_500_and_a_redirect_are_inconclusive() {
    let server = TestServer::start(Reply::http(500, "Internal Server Error", &[], b"oops"));
    let (v, _, _) = json_run(&events_token(), &server, &[]);
    assert!(codes(&v).contains(&"introspect-inconclusive".to_string()));
    assert_eq!(v["tokens"][0]["introspect"]["verdict"], "server-error");
    let summary = v["tokens"][0]["introspect"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("says nothing about the token"),
        "{summary}"
    );

    let server = TestServer::start(Reply::http(
        302,
        "Found",
        &[("Location", "/somewhere-else")],
        b"",
    ));
    let (v, _, _) = json_run(&events_token(), &server, &[]);
    let record = server.finish();
    assert_eq!(record.requests.len(), 1, "the redirect was followed");
    assert_eq!(v["tokens"][0]["introspect"]["verdict"], "redirect");
    assert_eq!(
        v["tokens"][0]["introspect"]["response"]["location"],
        "/somewhere-else"
    );
}

#[test]
fn server_features_and_account_are_compared_with_the_claims() {
    let server = TestServer::start(Reply::json(
        200,
        "OK",
        r#"{"uuid":"U","features":["auditevents"],"account_uuid":"AAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
    ));
    let (v, code, _) = json_run(&events_token(), &server, &[]);
    assert_eq!(code, 0);
    let mut got = codes(&v);
    got.sort();
    assert_eq!(
        got,
        [
            "no-expiry",
            "server-account-differs",
            "server-features-differ"
        ]
    );
    let msgs: Vec<&str> = v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("does not grant itemusages, signinattempts")),
        "{msgs:?}"
    );
}

#[test]
fn a_token_with_offline_errors_is_not_sent_at_all() {
    let expired = token_with(json!({"exp": NOW - DAY}));
    let server = TestServer::start(v2_ok());
    let (v, code, _) = json_run(&expired, &server, &[]);
    let record = server.finish();
    assert_eq!(record.connections, 0, "something was sent: {record:?}");
    assert_eq!(code, 1);
    assert!(codes(&v).contains(&"expired".to_string()));
    let i = &v["tokens"][0]["introspect"];
    assert_eq!(i["sent"], false);
    let why = i["not_sent_reason"].as_str().unwrap();
    assert!(
        why.contains("1 error (expired)") && why.contains("--force"),
        "{why}"
    );

    // Truncated: the same, and the human report says why.
    let t = events_token();
    let truncated = &t[..t.len() - 20];
    let server = TestServer::start(v2_ok());
    let out = run(truncated, &["--events-url", &server.base_url()]);
    assert_eq!(server.finish().connections, 0);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("not sent: the offline checks found"),
        "{text}"
    );
}

#[test]
fn force_sends_a_token_with_offline_errors_and_the_401_names_them() {
    let expired = token_with(json!({"exp": NOW - DAY}));
    let server = TestServer::start(Reply::json(
        401,
        "Unauthorized",
        r#"{"Error":{"Message":"Unauthorized"}}"#,
    ));
    let (v, code, _) = json_run(&expired, &server, &["--force"]);
    assert_one_introspect(&server.finish(), &expired);
    assert_eq!(code, 1);
    let f = v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "rejected-by-server")
        .unwrap();
    assert!(
        f["message"].as_str().unwrap().contains("has expired"),
        "{f}"
    );
}

#[test]
fn a_region_that_disagrees_with_aud_is_a_mismatch_and_sends_nothing() {
    // A local server plays the HTTPS proxy: had tokenlint tried to reach events.1password.eu, it would
    // have asked this proxy for a tunnel. Nothing reaches the internet either way.
    let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
    let env = [("HTTPS_PROXY", proxy.base_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = run_env(&events_token(), &["--json", "--region", "eu"], &env);
    assert_eq!(proxy.finish().connections, 0, "something was sent");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["tokens"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "region-mismatch")
        .expect("region-mismatch");
    assert_eq!(f["severity"], "error");
    let m = f["message"].as_str().unwrap();
    assert!(
        m.contains("events.1password.com") && m.contains("events.1password.eu"),
        "{m}"
    );
    assert_eq!(v["tokens"][0]["introspect"]["sent"], false);

    // The same with an --events-url naming another region's host.
    let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
    let env = [("HTTPS_PROXY", proxy.base_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = run_env(
        &events_token(),
        &["--json", "--events-url", "https://events.1password.ca"],
        &env,
    );
    assert_eq!(proxy.finish().connections, 0, "something was sent");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(codes(&v).contains(&"region-mismatch".to_string()));
}

#[test]
fn force_with_a_region_goes_to_that_host_through_the_proxy() {
    let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
    let env = [("HTTPS_PROXY", proxy.base_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = events_token();
    let proxy_at = proxy.authority();
    let out = run_env(&t, &["--region", "eu", "--force"], &env);
    let record = proxy.finish();
    assert_eq!(record.requests.len(), 1);
    assert_eq!(record.requests[0].method, "CONNECT");
    assert_eq!(record.requests[0].target, "events.1password.eu:443");
    assert!(record.requests[0].header("authorization").is_none());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("events.1password.eu") && err.contains(&format!("through proxy {proxy_at}")),
        "{err}"
    );
}

#[test]
fn the_audience_host_is_used_by_default_and_no_proxy_is_honoured() {
    // The token's aud is events.1password.com: with HTTPS_PROXY set, the tunnel is asked for that host.
    let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
    let url = proxy.base_url();
    let out = run_env(&events_token(), &[], &[("HTTPS_PROXY", url.as_str())]);
    let record = proxy.finish();
    assert_eq!(record.requests[0].target, "events.1password.com:443");
    assert_eq!(out.status.code(), Some(2));

    // NO_PROXY naming the host sends it direct instead; here a direct https attempt must not happen,
    // so aim at a loopback TLS server through --events-url and check the proxy stays idle.
    let pki = TestPki::new();
    let server = TestServer::start_tls(v2_ok(), pki.server_config.clone());
    let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &pki.ca_pem).unwrap();
    let (purl, surl) = (proxy.base_url(), server.base_url());
    let out = run_env(
        &events_token(),
        &["--events-url", &surl, "--ca-cert", ca.to_str().unwrap()],
        &[("HTTPS_PROXY", purl.as_str()), ("NO_PROXY", "127.0.0.1")],
    );
    assert_eq!(proxy.finish().connections, 0);
    assert_eq!(server.finish().requests.len(), 1);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn tls_with_the_ca_cert_works_and_without_it_fails_clearly() {
    let pki = TestPki::new();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("corporate-root.pem");
    std::fs::write(&ca, &pki.ca_pem).unwrap();
    let t = events_token();

    let server = TestServer::start_tls(v2_ok(), pki.server_config.clone());
    assert!(server.base_url().starts_with("https://127.0.0.1:"));
    let (v, code, _) = json_run(&t, &server, &["--ca-cert", ca.to_str().unwrap()]);
    assert_one_introspect(&server.finish(), &t);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["tokens"][0]["introspect"]["verdict"], "accepted");

    let server = TestServer::start_tls(v2_ok(), pki.server_config.clone());
    let (v, code, stderr) = json_run(&t, &server, &[]);
    let record = server.finish();
    assert_eq!(record.requests.len(), 0);
    assert_eq!(record.tls_failures, 1);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("certificate not trusted")
            && stderr.contains("--ca-cert")
            && stderr.contains(&format!("TLS handshake with {}", record_host(&v))),
        "{stderr}"
    );
    let e = &v["tokens"][0]["introspect"]["error"];
    assert_eq!(e["step"], "tls");
}

fn record_host(v: &Value) -> String {
    v["tokens"][0]["introspect"]["target"]["host"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_silent_server_times_out_with_exit_2_naming_the_host() {
    let server = TestServer::start(Reply::Silent);
    let (v, code, stderr) = json_run(&events_token(), &server, &["--timeout", "1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&server.authority()), "{stderr}");
    assert!(stderr.contains("timed out"), "{stderr}");
    assert_eq!(v["tokens"][0]["introspect"]["error"]["step"], "timeout");
    assert_eq!(v["tokens"][0]["introspect"]["sent"], true);
    assert_eq!(server.finish().requests.len(), 1);
}

#[test]
fn a_body_over_the_cap_is_a_clear_failure() {
    let server = TestServer::start(Reply::http(200, "OK", &[], &vec![b'x'; 1024 * 1024 + 1]));
    let (_, code, stderr) = json_run(&events_token(), &server, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("1 MiB"), "{stderr}");
}

#[test]
fn a_closed_port_is_a_connect_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = run(&events_token(), &["--events-url", &url]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("connecting to 127.0.0.1:{port} failed")),
        "{err}"
    );
}

#[test]
fn unsafe_or_meaningless_flags_are_refused_before_anything_is_sent() {
    let t = events_token();
    let out = run(&t, &["--events-url", "http://events.1password.com"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unencrypted"), "{err}");
    assert!(out.stdout.is_empty());

    // The online flags need --introspect.
    tokenlint()
        .args(["--region", "eu"])
        .write_stdin(t.clone())
        .assert()
        .code(2);
    tokenlint()
        .args([
            "--introspect",
            "--region",
            "eu",
            "--events-url",
            "https://x.example",
        ])
        .write_stdin(t.clone())
        .assert()
        .code(2);

    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("x.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    let out = run(&t, &["--ca-cert", not_pem.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BEGIN CERTIFICATE"));
}

#[test]
fn a_token_whose_audience_is_not_an_events_host_is_not_sent_anywhere() {
    // A generic JWT for some other API: nothing about it says where an introspect endpoint would be.
    let t = sign_es256(
        &json!({"alg": "ES256", "typ": "JWT"}),
        &json!({"aud": "api.example.com", "sub": "someone", "iat": NOW - DAY, "exp": NOW + 30 * DAY}),
    );
    let out = run(&t, &["--json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("api.example.com") && err.contains("--region"),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tokens"][0]["introspect"]["sent"], false);
    assert_eq!(v["tokens"][0]["introspect"]["target"], Value::Null);
}

#[test]
fn every_online_code_is_explained() {
    for code in [
        "region-mismatch",
        "rejected-by-server",
        "rate-limited",
        "server-features-differ",
        "server-account-differs",
        "introspect-inconclusive",
    ] {
        tokenlint()
            .args(["explain", code])
            .assert()
            .success()
            .stdout(predicates::str::contains(code));
    }
}
