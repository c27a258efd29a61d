//! A report is what tokenlint found, as plain data: one [`TokenReport`] per token found in the input, each
//! with its decoded parts, times and [`Finding`]s, plus the findings that belong to no token. Nothing here
//! analyses or prints; the rules fill a report and the renderers read it.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::profile::onepassword::{Lifetime, LikelyCause, RegionReport};

/// How bad a finding is. The order matters: `--fail-on` compares with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong with the token.
    Info,
    /// Likely trouble: some clients or servers will reject it, or it will soon stop working.
    Warning,
    /// The token will be rejected, or it is damaged.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A byte range of the input (`start..end`), with the 1-based line and column (in characters) of `start`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Span {
    /// A span with only byte offsets; [`Span::locate`] fills in line and column.
    pub fn bytes(start: usize, end: usize) -> Span {
        Span {
            start,
            end,
            line: 0,
            column: 0,
        }
    }

    /// Fills in the line and column of `start` in `input`.
    pub fn locate(mut self, input: &str) -> Span {
        let start = self.start.min(input.len());
        let before = input.get(..start).unwrap_or("");
        self.line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        self.column = before[line_start..].chars().count() + 1;
        self
    }

    /// Fills in the line and column of `start` using an index of the input: the same answer as
    /// [`Span::locate`], without reading the input up to `start` again.
    pub fn locate_in(mut self, lines: &Lines) -> Span {
        let start = self.start.min(lines.input.len());
        self.line = lines.starts.partition_point(|&s| s <= start);
        let line_start = lines.starts[self.line - 1];
        self.column = lines.chars_before(start) - lines.chars_before(line_start) + 1;
        self
    }
}

/// An index of an input for [`Span::locate_in`]: where each line starts, and how many characters come
/// before every 256th byte. Locating reads at most 256 bytes, so an input with a thousand tokens on one
/// long line is not read a thousand times.
#[derive(Debug)]
pub struct Lines<'a> {
    input: &'a str,
    /// Byte offset of each line's start; the first is 0.
    starts: Vec<usize>,
    /// Characters before byte `i * BLOCK`, for every block and the end.
    chars_at: Vec<usize>,
}

const BLOCK: usize = 256;

/// Characters in a byte slice: every byte that does not continue a UTF-8 sequence starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> Lines<'a> {
    pub fn new(input: &'a str) -> Lines<'a> {
        let bytes = input.as_bytes();
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
            .collect();
        let mut chars_at = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut total = 0;
        for block in bytes.chunks(BLOCK) {
            chars_at.push(total);
            total += count_chars(block);
        }
        chars_at.push(total);
        Lines {
            input,
            starts,
            chars_at,
        }
    }

    /// The input this index was made for.
    pub fn input(&self) -> &'a str {
        self.input
    }

    fn chars_before(&self, at: usize) -> usize {
        let block = at / BLOCK;
        self.chars_at[block] + count_chars(&self.input.as_bytes()[block * BLOCK..at])
    }
}

/// One defect or fact about the input or a token, with a stable code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable kebab-case code (`truncated`, `expired`, ...). Scripts grep and suppress these.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, specifically, for this input.
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// Where in the input it applies, when a place can be named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// How a token was obtained from the input: the form it was found in and what was peeled off around it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `bare`, `bearer`, `header`, `curl`, `assignment`, `json` or `text`.
    pub form: &'static str,
    /// The raw slice of the input the token came from.
    pub span: Span,
    /// The header name, when the token came from a header (`Authorization`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_name: Option<String>,
    /// The authorization scheme written before the token (`Bearer`), when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// The variable or key the token was assigned to (`EVENTS_API_TOKEN`, a JSON key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The URL of the request, when the input was a curl command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The HTTP method of the request, when the input was a curl command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

/// The token text, as tokenlint may show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TokenText {
    /// The first few characters, then `…`: enough to recognise, never enough to use.
    pub redacted: String,
    /// Length of the cleaned token in characters.
    pub length: usize,
    /// `sha256:` and the first 16 hex digits of the SHA-256 of the cleaned token.
    pub fingerprint: String,
    /// The whole cleaned token: only with `--show-token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The token's time claims, resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Times {
    pub issued_at: Option<String>,
    pub not_before: Option<String>,
    pub expires_at: Option<String>,
    /// `exp - iat` in seconds, when both are present and valid.
    pub lifetime_seconds: Option<i64>,
    /// The lifetime classified as 1Password issues Events tokens (30, 90, 180 days, never, custom);
    /// only for Events tokens.
    pub lifetime: Option<Lifetime>,
    #[serde(skip)]
    pub iat: Option<i64>,
    #[serde(skip)]
    pub nbf: Option<i64>,
    #[serde(skip)]
    pub exp: Option<i64>,
}

/// Whether the signature was checked, and how it went (see [`crate::verify`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// `not-checked` (no key given), `verified`, `invalid`, `no-matching-key` or `unsupported-alg`.
    pub status: &'static str,
    /// The key ID in question: the verifying key's when `verified`, else the one the token names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Where the key that verified came from: a path, `path (keys[2])`, `env:NAME`, `file:PATH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What that key is: `RSA 2048-bit`, `EC P-256`, `Ed25519`, `HMAC secret (32 bytes)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_type: Option<String>,
    /// What was tried and what it means, when keys were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Default for Signature {
    fn default() -> Self {
        Signature {
            status: "not-checked",
            kid: None,
            key: None,
            key_type: None,
            detail: None,
        }
    }
}

/// Everything tokenlint learned about one token.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TokenReport {
    /// `1password-events`, `1password-service-account`, `1password-connect`, `jwt`, `jwe` or `unknown`.
    pub kind: &'static str,
    pub token: TokenText,
    pub source: Source,
    /// Number of dot-separated segments.
    pub segments: usize,
    /// The decoded JOSE header, when it is a JSON object.
    pub header: Option<Map<String, Value>>,
    /// The decoded claims, when they are a JSON object (never for a JWE).
    pub claims: Option<Map<String, Value>>,
    /// Granted scopes, in the token's order.
    pub scopes: Vec<String>,
    /// The Events API region named by the token's `aud[0]` (Events tokens only).
    pub region: Option<RegionReport>,
    pub times: Times,
    pub signature: Signature,
    pub findings: Vec<Finding>,
    /// The online check, when `--introspect` asked for one.
    pub introspect: Option<crate::introspect::Introspection>,
    /// The cleaned token itself, for the one step that must send it (`--introspect`). Never serialised;
    /// its Debug is redacted.
    #[serde(skip)]
    pub secret: crate::secret::Secret,
}

/// The result of inspecting one input.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub tokens: Vec<TokenReport>,
    /// Findings that belong to no token (`empty-input`, a placeholder where a token should be).
    pub findings: Vec<Finding>,
    /// The error findings (and the warnings that explain one) ranked as causes of a 401, most likely
    /// first.
    pub likely_causes: Vec<LikelyCause>,
}

impl Report {
    /// Every finding, the input's and each token's.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .chain(self.tokens.iter().flat_map(|t| t.findings.iter()))
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.all_findings().map(|f| f.severity).max()
    }

    /// Counts of findings by severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for f in self.all_findings() {
            match f.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Info => c.2 += 1,
            }
        }
        c
    }
}

/// The `--fail-on` threshold: findings at or above it make the exit code 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Severity(Severity),
    Never,
}

impl FailOn {
    pub fn fails(self, worst: Option<Severity>) -> bool {
        match (self, worst) {
            (FailOn::Severity(threshold), Some(w)) => w >= threshold,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_locates_line_and_character_column() {
        let input = "first\nsé cond line";
        let at = input.find("cond").unwrap();
        let span = Span::bytes(at, at + 4).locate(input);
        assert_eq!((span.line, span.column), (2, 4));
    }

    #[test]
    fn the_index_locates_as_reading_does() {
        let long: String = "é\u{1F600}ab\n".repeat(300) + &"x".repeat(700);
        for input in [
            "",
            "a",
            "\n",
            "ab\ncd\n\nef",
            "é\nü\u{1F600}x",
            long.as_str(),
        ] {
            let lines = Lines::new(input);
            for (at, _) in input.char_indices().chain([(input.len(), ' ')]) {
                let by_reading = Span::bytes(at, at).locate(input);
                assert_eq!(
                    Span::bytes(at, at).locate_in(&lines),
                    by_reading,
                    "{input:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn fail_on_compares_with_the_worst_finding() {
        assert!(FailOn::Severity(Severity::Warning).fails(Some(Severity::Error)));
        assert!(!FailOn::Severity(Severity::Error).fails(Some(Severity::Warning)));
        assert!(!FailOn::Never.fails(Some(Severity::Error)));
        assert!(!FailOn::Severity(Severity::Info).fails(None));
    }
}
