//! Rules turn what extraction and decoding found into [`Finding`]s. Each rule is a small pure function
//! over a [`Ctx`]; each code lives in a catalogue with its default severity, a one-line summary, the fix,
//! and a long explanation (what `tokenlint explain CODE` prints). Codes are public API: scripts grep and
//! suppress them, so a code is never renamed or reused.

pub mod header;
pub mod hygiene;
pub mod online;
pub mod scan;
pub mod signature;
pub mod structure;
pub mod time;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::extract::Candidate;
use crate::jwt::Decoded;
use crate::profile::ProfileSettings;
use crate::report::{Finding, Lines, Severity, Span, Times};
use crate::verify::KeyRing;

/// One finding code, with its documentation.
#[derive(Debug)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the code means.
    pub summary: &'static str,
    /// What to do about it, in one or two sentences.
    pub fix: &'static str,
    /// Why it happens, why it matters, how to fix it: for the person whose request just got 401.
    pub explanation: &'static str,
}

impl Code {
    /// A finding of this code with its default severity.
    pub fn finding(&'static self, message: impl Into<String>, span: Option<Span>) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            message: message.into(),
            fix: self.fix.to_string(),
            span,
        }
    }
}

/// Every code tokenlint can report, family by family.
pub fn catalogue() -> impl Iterator<Item = &'static Code> {
    hygiene::CODES
        .iter()
        .chain(structure::CODES)
        .chain(header::CODES)
        .chain(time::CODES)
        .chain(signature::CODES)
        .chain(online::CODES)
        .chain(crate::profile::onepassword::CODES)
        .chain(scan::CODES)
        .copied()
}

/// Looks a code up by name.
pub fn lookup(code: &str) -> Option<&'static Code> {
    catalogue().find(|c| c.code == code)
}

/// Analysis settings that do not come from the token.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The moment time claims are compared with. Only `main` reads the clock.
    pub now: DateTime<Utc>,
    /// `expires-soon` fires when the token expires within this many seconds.
    pub expiry_warning_secs: i64,
    /// Keys to check signatures with (`--key`, `--secret-*`); empty means "not checked".
    pub keys: Arc<KeyRing>,
    /// `--profile`, `--require-feature`, `--url`, `--method`.
    pub profile: ProfileSettings,
}

/// Everything a token rule may look at.
pub struct Ctx<'a> {
    pub input: &'a str,
    /// The input's line index, for spans.
    pub lines: &'a Lines<'a>,
    pub candidate: &'a Candidate,
    pub token: &'a str,
    pub decoded: &'a Decoded,
    pub times: &'a Times,
    pub settings: &'a Settings,
}

impl Ctx<'_> {
    /// The input span of characters `from..to` of the cleaned token.
    pub fn token_span(&self, from: usize, to: usize) -> Option<Span> {
        let chars = &self.candidate.chars;
        let first = chars.get(from.min(chars.len().saturating_sub(1)))?;
        let last = chars.get(to.saturating_sub(1).min(chars.len() - 1))?;
        Some(Span::bytes(first.1, last.1 + last.0.len_utf8()).locate_in(self.lines))
    }

    /// An input span given as byte offsets.
    pub fn span(&self, start: usize, end: usize) -> Option<Span> {
        Some(Span::bytes(start, end).locate_in(self.lines))
    }

    /// The whole token's span.
    pub fn whole(&self) -> Option<Span> {
        self.token_span(0, self.candidate.chars.len())
    }
}

/// A token rule.
pub type Rule = fn(&Ctx, &mut Vec<Finding>);

/// The token rules, in the order their findings are listed.
pub const RULES: &[Rule] = &[
    hygiene::facts,
    structure::shape,
    structure::truncated,
    structure::base64,
    structure::json,
    structure::signature_length,
    header::alg_none,
    time::times,
];

/// Runs every token rule.
pub fn run(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in RULES {
        rule(ctx, &mut out);
    }
    out
}

/// The most findings of one code one token reports. A token wrapped over a thousand lines has a thousand
/// runs of inner whitespace: a finding for each says no more than five do, and would let a hostile input
/// make the report, and the time and memory it takes, as large as it likes. The last finding kept says
/// how many more there were.
pub const MAX_PER_CODE: usize = 5;

/// Counts findings by code, so that a rule with one finding per item (a whitespace run, a segment) stops
/// making them at [`MAX_PER_CODE`].
#[derive(Debug, Default)]
pub struct Tally(Vec<(&'static str, usize)>);

impl Tally {
    /// Counts one more finding of `code`; false once [`MAX_PER_CODE`] of them were counted.
    pub fn room(&mut self, code: &'static str) -> bool {
        match self.0.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => {
                *n += 1;
                *n <= MAX_PER_CODE
            }
            None => {
                self.0.push((code, 1));
                true
            }
        }
    }

    /// Says, on the last finding of each code that had more than [`MAX_PER_CODE`], how many more there
    /// were.
    pub fn close(self, out: &mut [Finding]) {
        for (code, n) in self.0 {
            if n > MAX_PER_CODE
                && let Some(f) = out.iter_mut().rev().find(|f| f.code == code)
            {
                f.message.push_str(&format!(
                    " ({} more like this one are not listed.)",
                    n - MAX_PER_CODE
                ));
            }
        }
    }
}

/// Keeps at most [`MAX_PER_CODE`] findings of each code, whichever rule, check or profile made them.
pub fn cap_per_code(findings: &mut Vec<Finding>) {
    let mut tally = Tally::default();
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len().min(64));
    for f in findings.drain(..) {
        if tally.room(f.code) {
            kept.push(f);
        }
    }
    tally.close(&mut kept);
    *findings = kept;
}

/// Shortens untrusted text for a message: at most `max` characters, control characters escaped.
pub fn quote_short(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() || crate::extract::invisible_name(c).is_some() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_five_findings_of_a_code_and_a_count_of_the_rest() {
        let mut v: Vec<Finding> = (0..12)
            .map(|i| hygiene::INNER_WHITESPACE.finding(format!("run {i}."), None))
            .chain([time::NO_EXPIRY.finding("no exp.", None)])
            .collect();
        cap_per_code(&mut v);
        let codes: Vec<&str> = v.iter().map(|f| f.code).collect();
        assert_eq!(codes.len(), 6);
        assert_eq!(codes.last(), Some(&"no-expiry"));
        assert_eq!(
            v[4].message,
            "run 4. (7 more like this one are not listed.)"
        );
        assert_eq!(v[3].message, "run 3.");
    }

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for c in catalogue() {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                c.code
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{}",
                c.code
            );
            assert!(
                c.explanation.len() > 80,
                "{} needs a real explanation",
                c.code
            );
            assert!(!c.fix.is_empty() && !c.summary.is_empty());
        }
    }
}
