//! JSON output: a versioned wire format, separate from the internal report so that refactoring never
//! changes what scripts parse. `schema_version` changes only when a field changes meaning or goes away;
//! new fields may be added within a version. The README documents the schema.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::introspect::Introspection;
use crate::profile::onepassword::{LikelyCause, RegionReport};
use crate::report::{Finding, Report, Signature, Source, TokenReport, TokenText};

/// The version of the JSON schema written by this build.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Summary {
    tokens: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct Times<'a> {
    issued_at: &'a Option<String>,
    not_before: &'a Option<String>,
    expires_at: &'a Option<String>,
    lifetime_seconds: Option<i64>,
    /// `30d`, `90d`, `180d`, `never` or `custom` (Events tokens only).
    lifetime: Option<&'static str>,
}

#[derive(Serialize)]
struct Token<'a> {
    kind: &'a str,
    token: &'a TokenText,
    source: &'a Source,
    segments: usize,
    header: &'a Option<Map<String, Value>>,
    claims: &'a Option<Map<String, Value>>,
    scopes: &'a [String],
    region: &'a Option<RegionReport>,
    times: Times<'a>,
    signature: &'a Signature,
    findings: &'a [Finding],
    /// Present only with `--introspect`.
    #[serde(skip_serializing_if = "Option::is_none")]
    introspect: Option<&'a Introspection>,
}

#[derive(Serialize)]
struct Wire<'a> {
    schema_version: u32,
    tool: super::Tool,
    now: String,
    tokens: Vec<Token<'a>>,
    findings: &'a [Finding],
    likely_causes: &'a [LikelyCause],
    summary: Summary,
}

fn token(t: &TokenReport) -> Token<'_> {
    Token {
        kind: t.kind,
        token: &t.token,
        source: &t.source,
        segments: t.segments,
        header: &t.header,
        claims: &t.claims,
        scopes: &t.scopes,
        region: &t.region,
        times: Times {
            issued_at: &t.times.issued_at,
            not_before: &t.times.not_before,
            expires_at: &t.times.expires_at,
            lifetime_seconds: t.times.lifetime_seconds,
            lifetime: t.times.lifetime.map(|l| l.as_str()),
        },
        signature: &t.signature,
        findings: &t.findings,
        introspect: t.introspect.as_ref(),
    }
}

/// Writes the report as one pretty-printed JSON object and a newline.
pub fn render(report: &Report, now: &str, out: &mut dyn Write) -> io::Result<()> {
    let (errors, warnings, infos) = report.counts();
    let wire = Wire {
        schema_version: SCHEMA_VERSION,
        tool: super::Tool::THIS,
        now: now.to_string(),
        tokens: report.tokens.iter().map(token).collect(),
        findings: &report.findings,
        likely_causes: &report.likely_causes,
        summary: Summary {
            tokens: report.tokens.len(),
            errors,
            warnings,
            infos,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}

/// Writes `{"error": "..."}`: what JSON mode prints instead of a report when tokenlint cannot run.
pub fn render_error(message: &str, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &serde_json::json!({ "error": message }))?;
    writeln!(out)
}
