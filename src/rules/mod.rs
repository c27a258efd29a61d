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
use crate::report::{Finding, Severity, Span, Times};
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
        Some(Span::bytes(first.1, last.1 + last.0.len_utf8()).locate(self.input))
    }

    /// An input span given as byte offsets.
    pub fn span(&self, start: usize, end: usize) -> Option<Span> {
        Some(Span::bytes(start, end).locate(self.input))
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
