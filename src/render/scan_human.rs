//! Human output of `tokenlint scan`: the tokens grouped by file, each with its place, status, redacted
//! prefix and fingerprint and what it means; then one summary that counts everything, skipped files
//! included. Paths and messages pass through [`sanitize`]: a file name can hold terminal escapes too.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use super::sanitize;
use crate::report::Severity;
use crate::rules::scan::COMMITTED_TOKEN;
use crate::scan::{Hit, ScanReport, SkipReason, Status, human_bytes};

fn severity_label(s: Severity) -> ColoredString {
    let text = format!("{:<7}", s.as_str());
    match s {
        Severity::Error => text.red().bold(),
        Severity::Warning => text.yellow().bold(),
        Severity::Info => text.blue().bold(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes the report.
pub fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let active: Vec<&Hit> = report.active().collect();
    let mut current: Option<&str> = None;
    for h in &active {
        if current != Some(h.path.as_str()) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", sanitize(&h.path).bold())?;
            current = Some(&h.path);
        }
        hit(h, out)?;
    }
    if !active.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            "fix:".green(),
            COMMITTED_TOKEN.fix.replace("  ", " ")
        )?;
        writeln!(
            out,
            "     A fixture that must stay: add `tokenlint:allow` on its line, or its fingerprint to .tokenlintignore."
        )?;
        writeln!(out)?;
    }
    summary(report, out)
}

fn hit(h: &Hit, out: &mut dyn Write) -> io::Result<()> {
    let f = &h.found;
    let r = &f.report;
    let place = format!("{}:{}", f.span.line, f.span.column);
    writeln!(
        out,
        "  {:<9} {} {} {}  {}",
        place.dimmed(),
        severity_label(f.finding.severity),
        f.status.as_str().bold(),
        crate::scan::detect::describe_kind(r.kind).cyan(),
        format!(
            "{} ({} chars, {})",
            sanitize(&r.token.redacted),
            r.token.length,
            r.token.fingerprint
        )
        .dimmed()
    )?;
    writeln!(out, "            {}", sanitize(&f.finding.message))?;
    let mut notes = Vec::new();
    if let Some(w) = where_found(h) {
        notes.push(w);
    }
    let details: Vec<&str> = r.findings.iter().map(|x| x.code).collect();
    if !details.is_empty() {
        let mut d = details.clone();
        d.dedup();
        notes.push(format!("details: {}", d.join(", ")));
    }
    if !notes.is_empty() {
        writeln!(out, "            {}", notes.join("; ").dimmed())?;
    }
    Ok(())
}

/// Where in the text the token sat, when that says more than the line does.
fn where_found(h: &Hit) -> Option<String> {
    let s = &h.found.report.source;
    Some(match s.form {
        "assignment" => format!("assigned to `{}`", sanitize(s.name.as_deref()?)),
        "header" | "curl" => format!(
            "in the `{}` header{}",
            sanitize(s.header_name.as_deref().unwrap_or("Authorization")),
            if s.form == "curl" {
                " of a curl command"
            } else {
                ""
            }
        ),
        "json" => format!(
            "the JSON value of `{}`",
            sanitize(s.name.as_deref().or(s.header_name.as_deref())?)
        ),
        _ => return None,
    })
}

fn summary(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let n = report.active().count();
    let (e, w, i) = report.counts();
    let suppressed = report.suppressed().count();
    let mut line = if n == 0 {
        "no tokens found".to_string()
    } else {
        let statuses: Vec<String> = Status::ALL
            .iter()
            .filter_map(|&s| {
                let k = report.count_status(s);
                (k > 0).then(|| format!("{k} {}", s.as_str()))
            })
            .collect();
        format!(
            "{} in {}: {} ({}, {}, {})",
            plural(n, "token", "tokens"),
            plural(report.files_with_tokens(), "file", "files"),
            statuses.join(", "),
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings"),
            plural(i, "info", "infos"),
        )
    };
    if suppressed > 0 {
        line.push_str(&format!("; {suppressed} suppressed"));
    }
    let line = super::paint_summary(line, e, w);
    writeln!(out, "{line}")?;
    let st = &report.stats;
    let mut scanned = format!(
        "scanned {} ({}) in {:.2} s",
        plural(st.files_scanned as usize, "file", "files"),
        human_bytes(st.bytes_scanned),
        st.elapsed.as_secs_f64()
    );
    let mut skipped = Vec::new();
    if st.binary_skipped > 0 {
        skipped.push(plural(
            st.binary_skipped as usize,
            "binary file",
            "binary files",
        ));
    }
    if st.too_large > 0 {
        skipped.push(format!(
            "{} over --max-file-size",
            plural(st.too_large as usize, "file", "files")
        ));
    }
    if st.unreadable > 0 {
        skipped.push(plural(
            st.unreadable as usize,
            "unreadable file",
            "unreadable files",
        ));
    }
    if !skipped.is_empty() {
        scanned.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    if let Some(root) = &report.repo_root {
        scanned.push_str(&format!(
            "; staged files, paths relative to {}",
            sanitize(&root.display().to_string())
        ));
    }
    writeln!(out, "{}", scanned.dimmed())?;
    for s in &report.skipped {
        let why = match &s.reason {
            SkipReason::TooLarge(size) => format!(
                "{}: not scanned, larger than --max-file-size",
                human_bytes(*size)
            ),
            SkipReason::Unreadable(e) => format!("not scanned: {}", sanitize(e)),
            SkipReason::TooManyTokens(n) => {
                format!(
                    "more than {n} tokens: the first {n} are listed, the rest of the file was not scanned"
                )
            }
        };
        writeln!(out, "  {} {}", sanitize(&s.path).yellow(), why)?;
    }
    Ok(())
}
