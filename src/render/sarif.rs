//! SARIF 2.1.0 output of `tokenlint scan`, for code-scanning services (GitHub code scanning, GitLab,
//! Azure DevOps) and SARIF viewers. One run, one rule (`committed-token`), one result per token with its
//! level from the token's status. Suppressed tokens are results too, with a `suppressions` entry
//! (`inSource` for a `tokenlint:allow` comment, `external` for `.tokenlintignore` and baselines), so a
//! viewer can show what was accepted. Files that were not scanned become tool execution notifications.
//! `partialFingerprints` carries the token's fingerprint, so services track a token across line moves.
//!
//! The output is checked against the published SARIF 2.1.0 schema in the tests.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::report::Severity;
use crate::rules::scan::COMMITTED_TOKEN;
use crate::scan::{Hit, ScanReport, SkipReason, human_bytes};

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base every relative path is resolved against (`originalUriBaseIds`).
const BASE_ID: &str = "%SRCROOT%";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path for a URI reference: unreserved characters and `/` stay, every other byte is
/// `%XX`.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_uri(abs: &Path, dir: bool) -> String {
    let mut s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    if dir && !s.ends_with('/') {
        s.push('/');
    }
    format!("file://{}", uri_path(&s))
}

fn artifact(path: &str) -> Value {
    if Path::new(path).is_absolute() {
        json!({ "uri": file_uri(Path::new(path), false) })
    } else {
        json!({ "uri": uri_path(path), "uriBaseId": BASE_ID })
    }
}

fn result(h: &Hit) -> Value {
    let f = &h.found;
    let r = &f.report;
    let mut details: Vec<&str> = r.findings.iter().map(|x| x.code).collect();
    details.dedup();
    let mut v = json!({
        "ruleId": COMMITTED_TOKEN.code,
        "ruleIndex": 0,
        "kind": "fail",
        "level": level(f.finding.severity),
        "message": { "text": f.finding.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&h.path),
                "region": {
                    "startLine": f.span.line,
                    "startColumn": f.span.column,
                    "endLine": f.end_line,
                    "endColumn": f.end_column,
                    "byteOffset": f.span.start,
                    "byteLength": f.span.end - f.span.start,
                }
            }
        }],
        "partialFingerprints": { "tokenFingerprint/v1": r.token.fingerprint },
        "properties": {
            "status": f.status.as_str(),
            "tokenKind": r.kind,
            "redacted": r.token.redacted,
            "length": r.token.length,
            "fingerprint": r.token.fingerprint,
            "scopes": r.scopes,
            "expiresAt": r.times.expires_at,
            "details": details,
        }
    });
    if let Some(s) = &h.suppressed {
        v["suppressions"] = json!([{
            "kind": if s.by == "comment" { "inSource" } else { "external" },
            "status": "accepted",
            "justification": format!("{}: {}", s.by, s.detail),
        }]);
    }
    v
}

/// Writes the report as a SARIF 2.1.0 log. `base` is the directory relative paths start from.
pub fn render(report: &ScanReport, base: &Path, out: &mut dyn Write) -> io::Result<()> {
    let notifications: Vec<Value> = report
        .skipped
        .iter()
        .map(|s| {
            let text = match &s.reason {
                SkipReason::TooLarge(size) => format!(
                    "not scanned: {} is larger than --max-file-size",
                    human_bytes(*size)
                ),
                SkipReason::Unreadable(e) => format!("not scanned: {e}"),
                SkipReason::TooManyTokens(n) => {
                    format!("only the first {n} tokens are reported; the rest of the file was not scanned")
                }
            };
            json!({
                "level": "warning",
                "message": { "text": text },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact(&s.path) } }],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "tokenlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": [{
                        "id": COMMITTED_TOKEN.code,
                        "name": "CommittedToken",
                        "shortDescription": { "text": COMMITTED_TOKEN.summary },
                        "fullDescription": { "text": COMMITTED_TOKEN.explanation },
                        "help": { "text": COMMITTED_TOKEN.fix },
                        "defaultConfiguration": { "level": "error" },
                        "properties": {
                            "tags": ["security", "secret", "token"],
                            "precision": "high",
                            "security-severity": "8.0",
                        }
                    }]
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                BASE_ID: { "uri": file_uri(base, true) }
            },
            "columnKind": "unicodeCodePoints",
            "results": report.hits.iter().map(result).collect::<Vec<_>>(),
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_path("src/a b/ü.env"), "src/a%20b/%C3%BC.env");
        assert_eq!(file_uri(Path::new("/repo/x"), true), "file:///repo/x/");
        assert_eq!(artifact("/abs/x.env")["uri"], "file:///abs/x.env");
        assert_eq!(artifact("rel/x.env")["uriBaseId"], BASE_ID);
    }
}
