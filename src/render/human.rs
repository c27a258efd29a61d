//! Human output: a block per token (what it is, where it was found, its header, claims, scopes and
//! times, whether the signature was checked), then its findings with their fixes. Colour is decided by
//! the caller (through `colored`'s global switch); every piece of text that comes from the input is
//! passed through [`sanitize`] first.

use std::io::{self, Write};

use chrono::{DateTime, Local, Utc};
use colored::{ColoredString, Colorize};
use serde_json::{Map, Value};

use super::{RenderOptions, sanitize};
use crate::introspect::{ChosenBy, Introspection};
use crate::profile::onepassword::{self, LikelyCause, OnePasswordKind};
use crate::report::{Finding, Report, Severity, TokenReport};
use crate::rules::time::{duration_words, relative};

fn severity_label(s: Severity) -> ColoredString {
    match s {
        Severity::Error => "error".red().bold(),
        Severity::Warning => "warning".yellow().bold(),
        Severity::Info => "info".blue().bold(),
    }
}

fn label(name: &str) -> ColoredString {
    format!("{name:<11}").dimmed()
}

fn when(secs: i64, opts: &RenderOptions) -> String {
    let Some(t) = DateTime::<Utc>::from_timestamp(secs, 0) else {
        return secs.to_string();
    };
    if opts.local {
        t.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    }
}

/// Writes the whole report.
pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let n = report.tokens.len();
    for (i, t) in report.tokens.iter().enumerate() {
        token(t, i + 1, n, opts, out)?;
        writeln!(out)?;
    }
    if !report.findings.is_empty() {
        let title = if n == 0 {
            "input"
        } else {
            "input (not tied to a token)"
        };
        writeln!(out, "{}", title.bold())?;
        findings(&report.findings, out)?;
        writeln!(out)?;
    }
    let (e, w, i) = report.counts();
    let plural = |k: usize, s: &str| format!("{k} {s}{}", if k == 1 { "" } else { "s" });
    let line = format!(
        "{}, {}, {}, {}",
        plural(n, "token"),
        plural(e, "error"),
        plural(w, "warning"),
        plural(i, "info")
    );
    let line = super::paint_summary(line, e, w);
    writeln!(out, "{line}")?;
    likely_causes(&report.likely_causes, n, out)
}

/// The closing answer to "why 401?": the ranked causes, each with its fix.
fn likely_causes(causes: &[LikelyCause], tokens: usize, out: &mut dyn Write) -> io::Result<()> {
    if causes.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    let title = if causes.len() == 1 {
        "Likely cause of 401"
    } else {
        "Likely cause of 401 (most likely first)"
    };
    writeln!(out, "{}", title.bold())?;
    for (i, c) in causes.iter().enumerate() {
        let which = match c.token {
            Some(t) if tokens > 1 => format!(" (token {t})"),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {}. {}{}: {}",
            i + 1,
            c.code.bold(),
            which,
            sanitize(&c.cause)
        )?;
        writeln!(out, "     {} {}", "fix:".green(), sanitize(&c.fix))?;
    }
    Ok(())
}

fn token(
    t: &TokenReport,
    i: usize,
    n: usize,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let title = if n > 1 {
        format!("token {i} of {n}")
    } else {
        "token".to_string()
    };
    writeln!(
        out,
        "{} {} {}  ({} chars, {})",
        title.bold(),
        t.kind.cyan().bold(),
        sanitize(&t.token.redacted),
        t.token.length,
        t.token.fingerprint
    )?;
    if let Some(v) = &t.token.value {
        writeln!(out, "  {} {}", label("value"), sanitize(v))?;
    }
    if let Some(what) = kind_words(t.kind) {
        writeln!(out, "  {} {}", label("kind"), what)?;
    }
    writeln!(out, "  {} {}", label("found"), source(t))?;
    if let Some(h) = &t.header {
        writeln!(out, "  {} {}", label("header"), compact(h))?;
    }
    if let Some(c) = &t.claims {
        let pretty = serde_json::to_string_pretty(c).unwrap_or_default();
        let mut lines = pretty.lines();
        writeln!(
            out,
            "  {} {}",
            label("claims"),
            sanitize(lines.next().unwrap_or(""))
        )?;
        for l in lines {
            writeln!(out, "  {:<11} {}", "", sanitize(l))?;
        }
    } else if t.kind == "jwe" {
        writeln!(out, "  {} (encrypted)", label("claims"))?;
    }
    if t.kind == OnePasswordKind::Events.as_str() {
        events_scopes(t, out)?;
        region(t, out)?;
    } else if !t.scopes.is_empty() {
        let s: Vec<String> = t.scopes.iter().map(|s| sanitize(s)).collect();
        writeln!(out, "  {} {}", label("scopes"), s.join(", "))?;
    }
    if t.claims.is_some() {
        times(t, opts, out)?;
    }
    writeln!(out, "  {} {}", label("signature"), signature(t))?;
    if let Some(check) = &t.introspect {
        introspection(check, out)?;
    }
    if !t.findings.is_empty() {
        writeln!(out)?;
        findings(&t.findings, out)?;
    }
    Ok(())
}

fn compact(m: &Map<String, Value>) -> String {
    sanitize(&serde_json::to_string(m).unwrap_or_default())
}

fn source(t: &TokenReport) -> String {
    let s = &t.source;
    let place = format!("line {}, column {}", s.span.line, s.span.column);
    let what = match s.form {
        "bare" => "the token alone".to_string(),
        "bearer" => "a `Bearer` value".to_string(),
        "header" => format!(
            "the `{}:` header",
            sanitize(s.header_name.as_deref().unwrap_or("Authorization"))
        ),
        "curl" => format!(
            "the `{}` header of a curl command",
            sanitize(s.header_name.as_deref().unwrap_or("Authorization"))
        ),
        "assignment" => format!(
            "the assignment to `{}`",
            sanitize(s.name.as_deref().unwrap_or("?"))
        ),
        "json" => match s.name.as_ref().or(s.header_name.as_ref()) {
            Some(k) => format!("the JSON value of `{}`", sanitize(k)),
            None => "a JSON string".to_string(),
        },
        _ => "text".to_string(),
    };
    let mut line = format!("{what} ({place})");
    if let Some(url) = &s.url {
        line.push_str(&format!(
            " → {} {}",
            sanitize(s.method.as_deref().unwrap_or("GET")),
            sanitize(url)
        ));
    }
    line
}

fn times(t: &TokenReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let now = opts.now.timestamp();
    let tm = &t.times;
    if let Some(iat) = tm.iat {
        writeln!(
            out,
            "  {} {} ({})",
            label("issued"),
            when(iat, opts),
            relative(iat, now)
        )?;
    }
    if let Some(nbf) = tm.nbf {
        writeln!(
            out,
            "  {} {} ({})",
            label("not before"),
            when(nbf, opts),
            relative(nbf, now)
        )?;
    }
    match tm.exp {
        Some(exp) if exp <= now => writeln!(
            out,
            "  {} {} ({})",
            label("expires"),
            when(exp, opts),
            format!("expired {}", relative(exp, now)).red()
        )?,
        Some(exp) => writeln!(
            out,
            "  {} {} (expires {})",
            label("expires"),
            when(exp, opts),
            relative(exp, now)
        )?,
        None => writeln!(out, "  {} never (no exp claim)", label("expires"))?,
    }
    match (tm.lifetime, tm.lifetime_seconds) {
        (Some(l), _) => writeln!(out, "  {} {}", label("lifetime"), l.describe())?,
        (None, Some(l)) => writeln!(out, "  {} {}", label("lifetime"), duration_words(l))?,
        (None, None) => {}
    }
    Ok(())
}

/// A line saying what a 1Password credential is: the kind name alone does not tell a person that a
/// service account token is useless for the Events API.
fn kind_words(kind: &str) -> Option<String> {
    let what = match kind {
        "1password-service-account" => {
            "1Password service account token: it signs the op CLI and SDKs in; the Events API never \
             accepts it"
        }
        "1password-connect" => {
            "1Password Connect server token: it is for your own Connect server; the Events API never \
             accepts it"
        }
        _ => return None,
    };
    Some(what.to_string())
}

/// An Events token's features, each with what it reads and the endpoints it unlocks.
fn events_scopes(t: &TokenReport, out: &mut dyn Write) -> io::Result<()> {
    if t.scopes.is_empty() {
        return writeln!(
            out,
            "  {} {}",
            label("scopes"),
            "none: this token can read no events".red()
        );
    }
    let width = t
        .scopes
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    for (i, s) in t.scopes.iter().enumerate() {
        let name = if i == 0 { label("scopes") } else { label("") };
        let what = match onepassword::feature(s) {
            Some(f) => {
                let mut endpoints: Vec<String> = f.endpoints().map(|e| e.to_string()).collect();
                endpoints.reverse(); // v2 first: it is the current version
                format!("{}: {}", f.title, endpoints.join(", "))
            }
            None => "not a documented Events feature".yellow().to_string(),
        };
        writeln!(out, "  {} {:<width$}  {}", name, sanitize(s), what)?;
    }
    Ok(())
}

/// The token's region and where to introspect it.
fn region(t: &TokenReport, out: &mut dyn Write) -> io::Result<()> {
    let Some(r) = &t.region else {
        return writeln!(
            out,
            "  {} unknown (aud names no Events API host)",
            label("region")
        );
    };
    writeln!(
        out,
        "  {} {} ({}): {}",
        label("region"),
        r.name,
        r.id,
        r.host
    )?;
    writeln!(out, "  {} GET {}", label("introspect"), r.introspect_url)
}

/// The signature line: always present, so "decoded" is never mistaken for "verified".
fn signature(t: &TokenReport) -> String {
    let sig = &t.signature;
    let detail = sanitize(sig.detail.as_deref().unwrap_or(""));
    match sig.status {
        "not-checked" if is_onepassword_events(t) => format!(
            "{} (decoded only: no key was given). 1Password does not publish the keys that sign \
             Events API tokens; confirm this one online with --introspect",
            "not checked".yellow()
        ),
        "not-checked" => format!(
            "{} (decoded only: no key was given, so nothing says who made this token)",
            "not checked".yellow()
        ),
        "verified" => format!("{}: {detail}", "verified".green().bold()),
        "invalid" => format!("{}: {detail}", "INVALID".red().bold()),
        "no-matching-key" => format!("{}: {detail}", "no matching key".yellow().bold()),
        "unsupported-alg" => format!(
            "{}: {detail}",
            "not checked (unsupported algorithm)".yellow().bold()
        ),
        other => format!("{other}: {detail}"),
    }
}

/// A 1Password Events API token: the profile's kind when it knows it, else 1Password's issuer.
fn is_onepassword_events(t: &TokenReport) -> bool {
    t.kind == "1password-events"
        || t.claims
            .as_ref()
            .and_then(|c| c.get("iss"))
            .and_then(Value::as_str)
            == Some("com.1password.b5")
}

/// The online check: where the token went (or why it did not), and what the server said.
fn introspection(check: &Introspection, out: &mut dyn Write) -> io::Result<()> {
    let pad = format!("  {:<11} ", "");
    let mut first = true;
    let mut line = |text: String, out: &mut dyn Write| -> io::Result<()> {
        if first {
            first = false;
            writeln!(out, "  {} {text}", label("online"))
        } else {
            writeln!(out, "{pad}{text}")
        }
    };
    if let Some(target) = &check.target {
        let why = match target.chosen_by() {
            ChosenBy::Audience => "the host the token's `aud` names",
            ChosenBy::Region => "the host chosen with --region",
            ChosenBy::EventsUrl => "the URL given with --events-url",
        };
        let verb = if check.sent { "sent" } else { "would go" };
        line(
            format!("GET {} ({verb}: {why})", sanitize(target.url())),
            out,
        )?;
    }
    if let Some(reason) = &check.not_sent_reason {
        line(
            format!("{} {}", "not sent:".yellow().bold(), sanitize(reason)),
            out,
        )?;
    }
    if let Some(e) = &check.error {
        line(
            format!("{} {}", "no answer:".red().bold(), sanitize(&e.message)),
            out,
        )?;
    }
    if let (Some(summary), Some(r)) = (&check.summary, &check.response) {
        let summary = sanitize(summary);
        let summary = match r.status {
            200 => summary.green(),
            401 => summary.red(),
            _ => summary.yellow(),
        };
        line(summary.to_string(), out)?;
        if let Some(f) = &r.features {
            let f: Vec<String> = f.iter().map(|s| sanitize(s)).collect();
            line(format!("features   {}", f.join(", ")), out)?;
        }
        for (name, value) in [
            ("uuid      ", &r.uuid),
            ("issued    ", &r.issued_at),
            ("account   ", &r.account_uuid),
        ] {
            if let Some(v) = value {
                line(format!("{name} {}", sanitize(v)), out)?;
            }
        }
    }
    Ok(())
}

fn findings(list: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in list {
        let at = f
            .span
            .map(|s| format!(" (line {}, column {})", s.line, s.column))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}[{}] {}{}",
            severity_label(f.severity),
            f.code.bold(),
            sanitize(&f.message),
            at.dimmed()
        )?;
        writeln!(out, "      {} {}", "fix:".green(), sanitize(&f.fix))?;
    }
    Ok(())
}
