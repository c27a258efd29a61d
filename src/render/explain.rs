//! `tokenlint explain`: the catalogue of codes as text for people.

use std::io::{self, Write};

use colored::Colorize;

use crate::rules::{self, Code};

/// Lists every code with its severity and one line.
pub fn list(out: &mut dyn Write) -> io::Result<()> {
    let codes: Vec<&Code> = rules::catalogue().collect();
    let width = codes.iter().map(|c| c.code.len()).max().unwrap_or(0);
    for c in codes {
        writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            c.code.bold(),
            c.severity.as_str(),
            c.summary
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Run `tokenlint explain CODE` for why it happens and how to fix it."
    )
}

/// The long explanation of one code.
pub fn one(c: &Code, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} ({})", c.code.bold(), c.severity.as_str())?;
    writeln!(out, "{}", c.summary)?;
    writeln!(out)?;
    for line in layout(c.explanation, 78) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for (i, line) in wrap(c.fix, 73).into_iter().enumerate() {
        writeln!(out, "{} {line}", if i == 0 { "Fix: " } else { "     " })?;
    }
    Ok(())
}

/// Codes close to a mistyped one, for the error message.
pub fn suggestions(code: &str) -> Vec<&'static str> {
    let code = code.to_ascii_lowercase();
    rules::catalogue()
        .filter(|c| {
            c.code.contains(&code)
                || code.contains(c.code)
                || c.code.split('-').any(|w| w.len() > 3 && code.contains(w))
        })
        .map(|c| c.code)
        .collect()
}

/// Lays out an explanation: a blank line separates paragraphs, which are wrapped; a line indented by
/// two spaces (a table of endpoints, a command) is kept as written.
fn layout(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, lines: &mut Vec<String>| {
        lines.extend(wrap(paragraph, width));
        paragraph.clear();
    };
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut lines);
            lines.push(String::new());
        } else if line.starts_with("  ") {
            flush(&mut paragraph, &mut lines);
            lines.push(line.to_string());
        } else {
            paragraph.push(' ');
            paragraph.push_str(line);
        }
    }
    flush(&mut paragraph, &mut lines);
    lines
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}
