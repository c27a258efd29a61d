//! JSON output of `tokenlint scan`: its own versioned wire format (`"kind": "scan"`), separate from
//! inspect's and from the internal types, so refactoring never changes what scripts parse. Within
//! [`SCHEMA_VERSION`] fields may be added, never renamed, removed or given a new meaning. The README
//! documents the schema. Claims are left out on purpose: scan output lands in CI logs and code-scanning
//! uploads, and claims can name people; the status, kind, scopes and times say what matters.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::{Finding, Severity};
use crate::scan::suppress::Suppression;
use crate::scan::{Hit, ScanReport, SkipReason, Status};

/// The version of the scan JSON schema written by this build.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Token<'a> {
    redacted: &'a str,
    length: usize,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct Source<'a> {
    form: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    header_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheme: Option<&'a str>,
}

#[derive(Serialize)]
struct Times<'a> {
    issued_at: &'a Option<String>,
    not_before: &'a Option<String>,
    expires_at: &'a Option<String>,
}

#[derive(Serialize)]
struct Result<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// Byte offsets of the token in the file.
    start: usize,
    end: usize,
    kind: &'a str,
    status: &'static str,
    severity: Severity,
    message: &'a str,
    token: Token<'a>,
    source: Source<'a>,
    scopes: &'a [String],
    times: Times<'a>,
    /// `committed-token` first, then what inspect reports about the token.
    findings: Vec<&'a Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_by: Option<&'a Suppression>,
}

#[derive(Serialize)]
struct Skipped<'a> {
    path: &'a str,
    /// `too-large`, `unreadable`, or `too-many-tokens` (the first `tokens` are reported, the rest of
    /// the file was not scanned).
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<usize>,
}

#[derive(Serialize)]
struct Summary {
    tokens: usize,
    files_with_tokens: usize,
    live: usize,
    not_yet_valid: usize,
    expired: usize,
    malformed: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    files_scanned: u64,
    bytes_scanned: u64,
    skipped_binary: u64,
    skipped_too_large: u64,
    unreadable: u64,
}

#[derive(Serialize)]
struct Wire<'a> {
    schema_version: u32,
    kind: &'static str,
    tool: super::Tool,
    now: &'a str,
    results: Vec<Result<'a>>,
    suppressed: Vec<Result<'a>>,
    skipped: Vec<Skipped<'a>>,
    summary: Summary,
}

fn result(h: &Hit) -> Result<'_> {
    let f = &h.found;
    let r = &f.report;
    let mut findings = vec![&f.finding];
    findings.extend(r.findings.iter());
    Result {
        path: &h.path,
        line: f.span.line,
        column: f.span.column,
        end_line: f.end_line,
        end_column: f.end_column,
        start: f.span.start,
        end: f.span.end,
        kind: r.kind,
        status: f.status.as_str(),
        severity: f.finding.severity,
        message: &f.finding.message,
        token: Token {
            redacted: &r.token.redacted,
            length: r.token.length,
            fingerprint: &r.token.fingerprint,
        },
        // The URL of a curl command is left out: it may carry the token itself (`?token=`).
        source: Source {
            form: r.source.form,
            name: r.source.name.as_deref(),
            header_name: r.source.header_name.as_deref(),
            scheme: r.source.scheme.as_deref(),
        },
        scopes: &r.scopes,
        times: Times {
            issued_at: &r.times.issued_at,
            not_before: &r.times.not_before,
            expires_at: &r.times.expires_at,
        },
        findings,
        suppressed_by: h.suppressed.as_ref(),
    }
}

/// Writes the report as one pretty-printed JSON object and a newline.
pub fn render(report: &ScanReport, now: &str, out: &mut dyn Write) -> io::Result<()> {
    let (errors, warnings, infos) = report.counts();
    let st = &report.stats;
    let wire = Wire {
        schema_version: SCHEMA_VERSION,
        kind: "scan",
        tool: super::Tool::THIS,
        now,
        results: report.active().map(result).collect(),
        suppressed: report.suppressed().map(result).collect(),
        skipped: report
            .skipped
            .iter()
            .map(|s| match &s.reason {
                SkipReason::TooLarge(size) => Skipped {
                    path: &s.path,
                    reason: "too-large",
                    size: Some(*size),
                    error: None,
                    tokens: None,
                },
                SkipReason::Unreadable(e) => Skipped {
                    path: &s.path,
                    reason: "unreadable",
                    size: None,
                    error: Some(e),
                    tokens: None,
                },
                SkipReason::TooManyTokens(n) => Skipped {
                    path: &s.path,
                    reason: "too-many-tokens",
                    size: None,
                    error: None,
                    tokens: Some(*n),
                },
            })
            .collect(),
        summary: Summary {
            tokens: report.active().count(),
            files_with_tokens: report.files_with_tokens(),
            live: report.count_status(Status::Live),
            not_yet_valid: report.count_status(Status::NotYetValid),
            expired: report.count_status(Status::Expired),
            malformed: report.count_status(Status::Malformed),
            errors,
            warnings,
            infos,
            suppressed: report.suppressed().count(),
            files_scanned: st.files_scanned,
            bytes_scanned: st.bytes_scanned,
            skipped_binary: st.binary_skipped,
            skipped_too_large: st.too_large,
            unreadable: st.unreadable,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
