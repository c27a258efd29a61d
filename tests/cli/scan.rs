//! `tokenlint scan`: trees with planted tokens in every form, ignored and binary files, the git index,
//! each suppression, baselines, SARIF against the published schema, and a real `git commit` stopped by
//! the hook.

use std::path::Path;
use std::process::Command as Process;

use serde_json::{Value, json};

use crate::support::*;

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// `tokenlint scan ARGS` in `dir`, JSON output parsed.
fn scan_json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = tokenlint()
        .current_dir(dir)
        .arg("scan")
        .arg("--format=json")
        .args(args)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code().expect("exit code"))
}

/// (path, line, column, status) of each reported result.
fn places(v: &Value) -> Vec<(String, u64, u64, String)> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["column"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn paths(v: &Value) -> Vec<String> {
    places(v).into_iter().map(|p| p.0).collect()
}

/// Runs git in `dir` with the machine's and the user's configuration left out.
fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Process::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TOKENLINT_NOW", NOW_RFC3339)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git_ok(dir.path(), &["init", "-q"]);
    git_ok(dir.path(), &["config", "user.email", "test@example.com"]);
    git_ok(dir.path(), &["config", "user.name", "Test"]);
    git_ok(dir.path(), &["config", "commit.gpgsign", "false"]);
    dir
}

fn expired_token() -> String {
    token_with(json!({"exp": NOW - 3 * DAY}))
}

#[test]
fn finds_planted_tokens_in_every_form() {
    let t = events_token();
    let (a, b) = t.split_at(200);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "config/siem.env",
        format!("# SIEM\nEVENTS_API_TOKEN={t}\n"),
    );
    write(
        d,
        "deploy/values.yaml",
        format!("events:\n  token: \"{t}\"\n"),
    );
    write(
        d,
        "app/settings.json",
        format!("{{\"events\": {{\"token\": \"{t}\"}}}}\n"),
    );
    write(
        d,
        "scripts/poll.sh",
        format!(
            "#!/bin/sh\ncurl -sS \\\n  -H \"Authorization: Bearer {t}\" \\\n  https://events.1password.com/api/v2/auth/introspect\n"
        ),
    );
    write(
        d,
        "docs/callback.md",
        format!("Open https://example.com/cb?token={t}&x=1 to log in.\n"),
    );
    write(d, "docs/wrapped.txt", format!("The token:\n{a}\n{b}\n"));
    write(
        d,
        "logs/app.log",
        format!("{{\"level\":\"error\",\"body\":\"{{\\\"token\\\": \\\"{t}\\\"}}\"}}\n"),
    );
    write(
        d,
        "logs/wrapped.json",
        format!("{{\"jwt\": \"{a}\\n{b}\"}}\n"),
    );
    write(d, ".env", format!("TOKEN='{t}'\n"));
    let (v, code) = scan_json(d, &[]);
    assert_eq!(code, 1, "{v:#}");
    let want = vec![
        (".env", 1, 8),
        ("app/settings.json", 1, 23),
        ("config/siem.env", 2, 18),
        ("deploy/values.yaml", 2, 11),
        ("docs/callback.md", 1, 35),
        ("docs/wrapped.txt", 2, 1),
        ("logs/app.log", 1, 40),
        ("logs/wrapped.json", 1, 10),
        ("scripts/poll.sh", 3, 29),
    ];
    let got: Vec<(String, u64, u64, String)> = places(&v);
    let want: Vec<(String, u64, u64, String)> = want
        .into_iter()
        .map(|(p, l, c)| (p.to_string(), l, c, "live".to_string()))
        .collect();
    assert_eq!(got, want, "{v:#}");
    let fp = v["results"][0]["token"]["fingerprint"].clone();
    for r in v["results"].as_array().unwrap() {
        assert_eq!(r["token"]["fingerprint"], fp, "{r:#}");
        assert_eq!(r["severity"], "error");
        assert_eq!(r["findings"][0]["code"], "committed-token");
        assert_eq!(r["kind"], "1password-events");
    }
    assert_eq!(v["summary"]["tokens"], 9);
    assert_eq!(v["summary"]["live"], 9);
    assert_eq!(v["summary"]["files_with_tokens"], 9);
}

#[test]
fn status_decides_the_severity_and_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let t = events_token();
    write(d, "expired.env", format!("A={}\n", expired_token()));
    write(d, "cut.md", format!("token: {}...\n", &t[..150]));
    write(
        d,
        "later.env",
        format!("B={}\n", token_with(json!({"nbf": NOW + DAY}))),
    );
    let (v, code) = scan_json(d, &[]);
    assert_eq!(
        code, 1,
        "a token that becomes valid tomorrow is live: {v:#}"
    );
    let statuses: Vec<(String, String)> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_string(),
                r["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("malformed".to_string(), "info".to_string()),
            ("expired".to_string(), "warning".to_string()),
            ("not-yet-valid".to_string(), "error".to_string()),
        ]
    );
    std::fs::remove_file(d.join("later.env")).unwrap();
    let (_, code) = scan_json(d, &[]);
    assert_eq!(
        code, 0,
        "expired and damaged tokens warn; by default only errors fail"
    );
    let (_, code) = scan_json(d, &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    let (_, code) = scan_json(d, &["--fail-on", "info"]);
    assert_eq!(code, 1);
    std::fs::remove_file(d.join("expired.env")).unwrap();
    let (_, code) = scan_json(d, &["--fail-on", "warning"]);
    assert_eq!(code, 0);
}

#[test]
fn eyj_noise_is_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "noise.js",
        format!(
            "const a = \"{}\";\n// eyJump eyJ\nconst h = \"{}.{}.x\";\nlet ops_count = 1;\n",
            b64(br#"{"name":"a JSON blob","n":1}"#),
            b64(br#"{"typ":"JWT"}"#),
            b64(b"{}")
        ),
    );
    let (v, code) = scan_json(d, &[]);
    assert_eq!(code, 0);
    assert_eq!(v["results"], json!([]));
    assert_eq!(v["summary"]["files_scanned"], 1);
}

#[test]
fn gitignored_binary_and_git_internal_files_are_skipped_and_counted() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Not a git repository: .gitignore still counts, so a tree scans the same with or without .git.
    write(d, ".gitignore", "target/\n*.log\n");
    write(d, "target/debug/out.env", format!("A={t}\n"));
    write(d, "run.log", format!("A={t}\n"));
    write(d, "sub/.ignore", "private.env\n");
    write(d, "sub/private.env", format!("A={t}\n"));
    write(d, ".git/config", format!("[remote]\n  token = {t}\n"));
    let mut blob = b"\x89PNG\r\n\x1a\n\0\0".to_vec();
    blob.extend_from_slice(format!("A={t}\n").as_bytes());
    write(d, "image.png", &blob);
    write(d, ".env", format!("A={t}\n"));
    let (v, _) = scan_json(d, &[]);
    assert_eq!(paths(&v), vec![".env"], "{v:#}");
    assert_eq!(v["summary"]["skipped_binary"], 1);
    let (v, _) = scan_json(d, &["--no-ignore"]);
    assert_eq!(
        paths(&v),
        vec![".env", "run.log", "sub/private.env", "target/debug/out.env"]
    );
    // Files named on the command line are scanned even when ignored, as pre-commit passes them.
    let (v, _) = scan_json(d, &["run.log", "sub/private.env"]);
    assert_eq!(paths(&v), vec!["run.log", "sub/private.env"]);
}

#[test]
fn files_over_the_size_limit_are_listed_not_scanned() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "big.txt", format!("{}\nA={t}\n", "x".repeat(4096)));
    write(d, "small.env", format!("A={t}\n"));
    let (v, code) = scan_json(d, &["--max-file-size", "2K"]);
    assert_eq!(code, 1);
    assert_eq!(paths(&v), vec!["small.env"]);
    assert_eq!(v["summary"]["skipped_too_large"], 1);
    assert_eq!(v["skipped"][0]["path"], "big.txt");
    assert_eq!(v["skipped"][0]["reason"], "too-large");
    let human = tokenlint()
        .current_dir(d)
        .args(["scan", "--max-file-size", "2K"])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("1 file over --max-file-size"), "{text}");
    assert!(text.contains("big.txt"), "{text}");
    let (_, code) = scan_json(d, &["--max-file-size", "lots"]);
    assert_eq!(code, 2);
}

#[test]
fn staged_scans_the_index_not_the_working_copy() {
    let t = events_token();
    let repo = git_repo();
    let d = repo.path();
    // Staged with a token, then cleaned in the working copy only: the commit would hold the token.
    write(d, "a.env", format!("A={t}\n"));
    write(d, "notes.txt", "nothing here\n");
    git_ok(d, &["add", "a.env", "notes.txt"]);
    write(d, "a.env", "A=$EVENTS_API_TOKEN\n");
    // In the working copy only: not part of the commit.
    write(d, "b.env", format!("B={t}\n"));
    let (v, code) = scan_json(d, &["--staged"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(paths(&v), vec!["a.env"]);
    assert_eq!(v["summary"]["files_scanned"], 2);
    let (v, _) = scan_json(d, &[]);
    assert_eq!(paths(&v), vec!["b.env"], "the working copy says otherwise");
    // After a commit, only what changes is staged; paths stay relative to the top of the repository.
    git_ok(d, &["commit", "-q", "--no-verify", "-m", "first"]);
    write(d, "sub/c.env", format!("C={t}\n"));
    git_ok(d, &["add", "sub/c.env"]);
    let (v, _) = scan_json(&d.join("sub"), &["--staged"]);
    assert_eq!(paths(&v), vec!["sub/c.env"]);
    let (v, code) = scan_json(d, &["--staged", "notes.txt"]);
    assert_eq!((paths(&v).len(), code), (0, 0), "a pathspec limits it");
}

#[test]
fn staged_outside_a_repository_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = tokenlint()
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["scan", "--staged"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--staged"), "{err}");
    let out = tokenlint()
        .current_dir(dir.path())
        .args(["scan", "no-such-dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-dir"));
}

#[test]
fn allow_comments_suppress_on_the_same_or_the_previous_line() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "same.env",
        format!("A={t} # tokenlint:allow test fixture\n"),
    );
    write(
        d,
        "above.rs",
        format!("// tokenlint:allow: signed with the test key\nconst T: &str = \"{t}\";\n"),
    );
    write(d, "far.env", format!("# tokenlint:allow\n\nA={t}\n"));
    let (v, code) = scan_json(d, &[]);
    assert_eq!(code, 1);
    assert_eq!(paths(&v), vec!["far.env"], "a blank line breaks the link");
    let suppressed: Vec<(&str, &str)> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap(),
                s["suppressed_by"]["by"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        vec![("above.rs", "comment"), ("same.env", "comment")]
    );
    assert_eq!(v["summary"]["suppressed"], 2);
    std::fs::remove_file(d.join("far.env")).unwrap();
    let (_, code) = scan_json(d, &[]);
    assert_eq!(code, 0);
}

#[test]
fn tokenlintignore_suppresses_fingerprints_and_paths() {
    let t = events_token();
    let other = token_with(json!({"sub": "ANOTHERSUBJECT234567ABCDEF"}));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "src/a.env", format!("A={t}\n"));
    write(d, "src/b.env", format!("B={other}\n"));
    write(d, "testdata/fixture.env", format!("C={other}\n"));
    let (v, _) = scan_json(d, &[]);
    assert_eq!(v["results"].as_array().unwrap().len(), 3);
    let fp = v["results"][0]["token"]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    write(
        d,
        ".tokenlintignore",
        format!("# the sample token from the docs\n{fp}  # shared test token\ntestdata/\n"),
    );
    let (v, code) = scan_json(d, &[]);
    assert_eq!(code, 1);
    assert_eq!(paths(&v), vec!["src/b.env"]);
    let by: Vec<&str> = v["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["suppressed_by"]["detail"].as_str().unwrap())
        .collect();
    assert!(by[0].contains(&fp), "{by:?}");
    assert!(by[1].contains("testdata/"), "{by:?}");
    // Found from a subdirectory too, and globs stay relative to the ignore file.
    let (v, _) = scan_json(&d.join("src"), &["."]);
    assert_eq!(paths(&v), vec!["b.env"]);
    // --ignore-file names another one.
    write(d, "other-ignore", "src/\n");
    let (v, code) = scan_json(d, &["--ignore-file", "other-ignore"]);
    assert_eq!(
        (paths(&v), code),
        (vec!["testdata/fixture.env".to_string()], 1)
    );
    write(d, ".tokenlintignore", "sha256:nothex\n");
    let (v, code) = scan_json(d, &[]);
    assert_eq!(code, 2);
    assert!(v["error"].as_str().unwrap().contains("line 1"), "{v}");
}

#[test]
fn baseline_round_trip() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "old/a.env", format!("A={t}\n"));
    write(d, "old/b.env", format!("B={}\n", expired_token()));
    let (_, code) = scan_json(d, &[]);
    assert_eq!(code, 1);
    let (_, code) = scan_json(d, &["--baseline", "tokenlint-baseline.json"]);
    assert_eq!(
        code, 2,
        "a baseline that does not exist yet is an error unless written"
    );
    let out = tokenlint()
        .current_dir(d)
        .args([
            "scan",
            "--baseline",
            "tokenlint-baseline.json",
            "--write-baseline",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote 2 tokens"));
    let text = std::fs::read_to_string(d.join("tokenlint-baseline.json")).unwrap();
    assert!(
        !text.contains(signature_of(&t)) && !text.contains("eyJ"),
        "{text}"
    );
    let baseline: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(baseline["schema_version"], 1);
    assert_eq!(baseline["entries"][0]["path"], "old/a.env");
    // The existing tokens are accepted; a new one is not.
    let (v, code) = scan_json(d, &["--baseline", "tokenlint-baseline.json"]);
    assert_eq!(
        (code, v["summary"]["suppressed"].as_u64()),
        (0, Some(2)),
        "{v:#}"
    );
    write(d, "new.env", format!("N={t}\n"));
    let (v, code) = scan_json(d, &["--baseline", "tokenlint-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        paths(&v),
        vec!["new.env"],
        "same token, new place: reported"
    );
    // The baseline is found relative to itself, from any directory.
    let (v, _) = scan_json(
        &d.join("old"),
        &["--baseline", "../tokenlint-baseline.json"],
    );
    assert_eq!(v["results"], json!([]));
}

#[test]
fn sarif_is_valid_against_the_published_schema() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "live file.env", format!("A={t}\n"));
    write(d, "old.env", format!("A={}\n", expired_token()));
    write(d, "cut.txt", format!("{}...\n", &t[..150]));
    write(d, "allowed.env", format!("A={t} # tokenlint:allow\n"));
    write(d, "big.txt", format!("{}\n", "y".repeat(5000)));
    let out = tokenlint()
        .current_dir(d)
        .args(["scan", "--format", "sarif", "--max-file-size", "4K"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let schema: Value =
        serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "committed-token");
    let results = run["results"].as_array().unwrap();
    let by_uri = |uri: &str| {
        results
            .iter()
            .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri)
            .unwrap_or_else(|| panic!("{uri} in {results:#?}"))
    };
    let live = by_uri("live%20file.env");
    assert_eq!(live["level"], "error");
    assert_eq!(
        live["locations"][0]["physicalLocation"]["region"]["startColumn"],
        3
    );
    assert_eq!(by_uri("old.env")["level"], "warning");
    assert_eq!(by_uri("cut.txt")["level"], "note");
    assert_eq!(by_uri("allowed.env")["suppressions"][0]["kind"], "inSource");
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("--max-file-size")
    );
}

#[test]
fn no_output_shows_a_token() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.env", format!("A={t}\n"));
    write(
        d,
        "curl.sh",
        format!("curl 'https://events.1password.com/x?token={t}' -H 'Authorization: Bearer {t}'\n"),
    );
    for format in ["human", "json", "sarif"] {
        let out = tokenlint()
            .current_dir(d)
            .args(["scan", "--format", format])
            .output()
            .unwrap();
        let all = [out.stdout, out.stderr].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(!text.contains(signature_of(&t)), "{format}: {text}");
        assert!(!text.contains(&t[..100]), "{format}");
    }
}

#[test]
fn human_output_groups_tokens_by_file() {
    let t = events_token();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "config/siem.env",
        format!("EVENTS_API_TOKEN={t}\nBACKUP={t}\n"),
    );
    write(d, "old.env", format!("A={}\n", expired_token()));
    let out = tokenlint().current_dir(d).arg("scan").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour off a terminal");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "config/siem.env");
    assert!(lines[1].trim_start().starts_with("1:18"), "{text}");
    assert!(
        lines[1].contains("error") && lines[1].contains("live"),
        "{text}"
    );
    assert!(lines[1].contains("sha256:"), "{text}");
    assert!(text.contains("assigned to `EVENTS_API_TOKEN`"), "{text}");
    let old = lines.iter().position(|l| *l == "old.env").expect(&text);
    assert!(lines[old + 1].contains("warning") && lines[old + 1].contains("expired"));
    assert!(
        text.contains("3 tokens in 2 files: 2 live, 1 expired (2 errors, 1 warning, 0 infos)"),
        "{text}"
    );
    assert!(text.contains("scanned 2 files"), "{text}");
}

#[test]
fn explain_covers_committed_token() {
    let out = tokenlint()
        .args(["explain", "committed-token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("committed-token (error)"), "{text}");
    assert!(text.contains("tokenlint:allow"), "{text}");
}

#[test]
fn the_pre_commit_hook_blocks_a_live_token_and_lets_others_through() {
    let repo = git_repo();
    let d = repo.path();
    let hook = d.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\n# tokenlint: stop commits that hold a live token\nexec \"{}\" scan --staged\n",
            env!("CARGO_BIN_EXE_tokenlint")
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let commits = |d: &Path| {
        String::from_utf8(git(d, &["rev-list", "--all", "--count"]).stdout)
            .unwrap()
            .trim()
            .parse::<u32>()
            .unwrap_or(0)
    };

    write(d, "README.md", "# demo\n");
    git_ok(d, &["add", "README.md"]);
    git_ok(d, &["commit", "-q", "-m", "clean"]);
    assert_eq!(commits(d), 1);

    // A live token: the commit does not happen, and the hook says why.
    write(
        d,
        "config/siem.env",
        format!("EVENTS_API_TOKEN={}\n", events_token()),
    );
    git_ok(d, &["add", "config/siem.env"]);
    let out = git(d, &["commit", "-q", "-m", "add the SIEM config"]);
    assert!(!out.status.success());
    // git sends a hook's output to its stderr.
    let said = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
    assert!(
        said.contains("config/siem.env") && said.contains("live"),
        "{said}"
    );
    assert_eq!(commits(d), 1);

    // Replaced by an expired token: a warning, and the commit goes through.
    write(
        d,
        "config/siem.env",
        format!("EVENTS_API_TOKEN={}\n", expired_token()),
    );
    git_ok(d, &["add", "config/siem.env"]);
    let out = git(d, &["commit", "-q", "-m", "expired token only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(commits(d), 2);

    // A live test fixture, allowed where it is written.
    write(
        d,
        "tests/fixture.rs",
        format!(
            "// tokenlint:allow: signed by the test key, accepted nowhere\nconst T: &str = \"{}\";\n",
            events_token()
        ),
    );
    git_ok(d, &["add", "tests/fixture.rs"]);
    let out = git(d, &["commit", "-q", "-m", "fixture"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(commits(d), 3);
}

#[test]
fn one_password_kinds_are_named_and_service_account_tokens_found() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/1password");
    for f in ["curl-service-account.sh", "connect.txt"] {
        std::fs::copy(root.join(f), d.join(f)).unwrap();
    }
    write(
        d,
        "siem.env",
        format!("EVENTS_API_TOKEN={}\n", events_token()),
    );
    let (v, code) = scan_json(d, &[]);
    assert_eq!(code, 1);
    let kinds: Vec<(&str, &str, &str)> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap(),
                r["kind"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("connect.txt", "1password-connect", "live"),
            (
                "curl-service-account.sh",
                "1password-service-account",
                "live"
            ),
            ("siem.env", "1password-events", "live"),
        ]
    );
    assert!(
        v["results"][2]["message"]
            .as_str()
            .unwrap()
            .contains("live 1Password Events API token with the scopes signinattempts")
    );
}
