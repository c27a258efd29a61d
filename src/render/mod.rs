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
