//! Renderers read a [`Report`](crate::report::Report) and write it to any `Write`: for people (`human`)
//! or for programs (`json`). They never analyse; everything they show is already in the report.

pub mod explain;
pub mod human;
pub mod json;
pub mod sarif;
pub mod scan_human;
pub mod scan_json;

use chrono::{DateTime, Utc};

/// What a renderer needs besides the report.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The `now` the report was made against (for "3 days ago").
    pub now: DateTime<Utc>,
    /// Show times in the local time zone instead of UTC (human output only).
    pub local: bool,
}

/// The `tool` object of the JSON and scan JSON outputs.
#[derive(serde::Serialize)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Tool {
    pub(crate) const THIS: Tool = Tool {
        name: "tokenlint",
        version: env!("CARGO_PKG_VERSION"),
    };
}

/// A summary line coloured by the worst severity it counts: red with errors, yellow with warnings.
pub(crate) fn paint_summary(
    line: String,
    errors: usize,
    warnings: usize,
) -> colored::ColoredString {
    use colored::Colorize;
    if errors > 0 {
        line.red().bold()
    } else if warnings > 0 {
        line.yellow().bold()
    } else {
        line.green().bold()
    }
}

/// Makes untrusted text (claims, URLs, header names) safe for a terminal: control characters, ANSI
/// escapes, bidirectional controls and invisible characters are shown as `\u{..}` instead of acting.
/// Newlines are kept: the caller decides the layout.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c.is_control() && c != '\n') || crate::extract::invisible_name(c).is_some() {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sanitize_escapes_terminal_controls() {
        let s = super::sanitize("a\u{1b}[31mred\u{202e}b\nc");
        assert_eq!(s, "a\\u{001b}[31mred\\u{202e}b\nc");
    }
}
