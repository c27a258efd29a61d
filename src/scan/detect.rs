//! Detection finds the tokens in one file's bytes. A literal prefilter (SIMD substring search for `eyJ`, how
//! every JWT header starts, since it is base64url of `{"`; and `ops_`, the prefix of 1Password service
//! account tokens) finds the few places worth a look. Around each *hit*, a bounded *window* of text (its
//! line, a shell command continued with backslashes, the lines of a token wrapped by a line break) goes
//! through the same extract → decode → rules path as `tokenlint inspect`: there is no second parser here.
//!
//! Windows are bounded (a few KiB around a token, hits on one line merged up to [`MAX_WINDOW`]), so a
//! 100 MiB file on one line costs time linear in its size. When the contextual window does not yield the
//! whole token at a hit (free text before a wrapped token, a JSON document nested in a string), the run of
//! token characters alone is extracted as a bare token: a fallback that still uses the same pipeline.
//!
//! A candidate is kept only when its header decodes to a JSON object with `alg`, or when a profile
//! recognises its kind (the hook for credentials that are not JWTs, like `ops_` service account tokens):
//! base64 that merely starts like JSON is never reported.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use base64::Engine as _;
use memchr::memmem;

use crate::analyse::{self, InputInfo};
use crate::extract::{self, Candidate};
use crate::jwt::{self, Shape};
use crate::report::{Finding, Severity, Span, TokenReport};
use crate::rules::Settings;
use crate::rules::scan::COMMITTED_TOKEN;
use crate::rules::structure::expected_signature_len;
use crate::rules::time::relative;

/// What the prefilter looks for. Only the header of a JWT reliably starts with `eyJ`: a 1Password Events
/// token's claims start with `eyIx` (`{"1password.com/...`).
pub(crate) const PREFILTER_PATTERNS: [&str; 2] = ["eyJ", "ops_"];

/// One SIMD substring finder per pattern: faster here than a multi-pattern automaton, whose
/// prefilter settles for rare single bytes.
static PREFILTER: LazyLock<[memmem::Finder<'static>; 2]> =
    LazyLock::new(|| PREFILTER_PATTERNS.map(|p| memmem::Finder::new(p.as_bytes()).into_owned()));

/// Offsets of every prefilter match, in order.
fn prefilter_hits(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let [jwt, sa] = &*PREFILTER;
    let mut a = jwt.find_iter(bytes).peekable();
    let mut b = sa.find_iter(bytes).peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(&x), Some(&y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// How far before a hit its window may start (the line, or a curl command continued with `\`).
const CONTEXT_BACK: usize = 1024;
/// How far after a token its window may end.
const CONTEXT_FORWARD: usize = 1024;
/// The longest token considered, wrapped lines included.
const MAX_RUN: usize = 64 * 1024;
/// Hits close together share a window until it reaches this size.
pub(crate) const MAX_WINDOW: usize = 64 * 1024;
/// At most this many wrapped lines are joined to a token.
const MAX_WRAPPED_LINES: usize = 64;
/// At most this many lines of a backslash-continued command are taken as context.
const MAX_CONTINUED_LINES: usize = 32;
/// How far from a token a `tokenlint:allow` comment is looked for on its line.
const ALLOW_REACH: usize = 4 * 1024;

/// The text of a suppression comment.
pub const ALLOW_MARKER: &str = "tokenlint:allow";

/// Whether a token found in a file can still be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Decodes, is not expired, and its signature has the length its `alg` produces.
    Live,
    /// Its `exp` has passed.
    Expired,
    /// Its `nbf` is in the future: it will work then.
    NotYetValid,
    /// Damaged or cut: a wrong segment count, bad base64url or JSON, a short or long signature.
    Malformed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Live => "live",
            Status::Expired => "expired",
            Status::NotYetValid => "not-yet-valid",
            Status::Malformed => "malformed",
        }
    }

    /// All statuses, in the order summaries list them.
    pub const ALL: [Status; 4] = [
        Status::Live,
        Status::NotYetValid,
        Status::Expired,
        Status::Malformed,
    ];
}

/// One token found in a file, in the file's coordinates.
#[derive(Clone, Debug)]
pub struct Found {
    /// The token as inspect reports it; every span is in the file (byte offsets, lines, columns).
    pub report: TokenReport,
    /// The cleaned token's place in the file, first character to last.
    pub span: Span,
    /// Line and column just after the token's last character.
    pub end_line: usize,
    pub end_column: usize,
    pub status: Status,
    /// `committed-token`, with the severity its status gives it.
    pub finding: Finding,
    /// A `tokenlint:allow` comment is on the token's line or the line before.
    pub allowed_by_comment: bool,
}

/// The most tokens reported for one file. Each token found costs a whole report in memory: one 32 MiB
/// file of short tokens (under the default --max-file-size) took 1.4 GB and 17 s. A file with this many is
/// a dump or a fixture, not a leak to fix token by token; its scan stops and says so.
pub const MAX_TOKENS_PER_FILE: usize = 1000;

/// Finds every token in `bytes` (one file's content), stopping once more than [`MAX_TOKENS_PER_FILE`]
/// were found: a result longer than that means the rest of the file was not scanned.
pub fn detect(bytes: &[u8], settings: &Settings) -> Vec<Found> {
    let mut d = Detector {
        bytes,
        settings,
        locator: Locator::new(bytes),
        seen: HashSet::new(),
        out: Vec::new(),
    };
    // Only hits whose header is worth a window: most `eyJ` in a tree is base64 that is no token, and
    // a window costs a full extraction.
    let mut hits = prefilter_hits(bytes)
        .filter(|&p| word_start(bytes, p))
        .filter(|&p| bytes[p..].starts_with(b"ops_") || worth_a_window(bytes, p))
        .map(|p| (p, token_run(bytes, p)))
        .peekable();
    let mut prev_end = 0;
    while let Some((p, run)) = hits.next() {
        if d.out.len() > MAX_TOKENS_PER_FILE {
            break;
        }
        // A window starts after the previous window (or, when that one stopped growing at MAX_WINDOW,
        // at its own hit), so the locator only moves forward.
        let start = context_start(bytes, p, prev_end.min(p));
        let mut end = context_end(bytes, run);
        let mut group = vec![(p, run)];
        while let Some(&(q, r)) = hits.peek() {
            if q >= end || end - start >= MAX_WINDOW {
                break;
            }
            hits.next();
            end = end.max(context_end(bytes, r));
            group.push((q, r));
        }
        d.window(start, end, &group);
        prev_end = end;
    }
    d.out
}

/// Does a hit at `p` start a word (a token cannot begin in the middle of base64 or of another token)?
fn word_start(bytes: &[u8], p: usize) -> bool {
    p == 0 || !(is_token_byte(bytes[p - 1]) || bytes[p - 1] == b'.')
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Token characters from `from`, with the dots between segments, `=` (padding, a defect inspect
/// reports) and `…` (a cut the rules report).
fn token_bytes_end(bytes: &[u8], from: usize, limit: usize) -> usize {
    let mut e = from;
    while e < limit {
        let b = bytes[e];
        if is_token_byte(b) || b == b'.' || b == b'=' {
            e += 1;
        } else if bytes[e..limit].starts_with("…".as_bytes()) {
            e += 3;
        } else {
            break;
        }
    }
    e
}

/// The end of the token that starts at `p`: its characters, then, while the token is still incomplete,
/// following lines made only of token characters (a token wrapped by a line break) and `\n` escapes
/// inside a JSON string.
fn token_run(bytes: &[u8], p: usize) -> usize {
    let limit = (p + MAX_RUN).min(bytes.len());
    let mut e = token_bytes_end(bytes, p, limit);
    let mut joined = 0;
    while joined < MAX_WRAPPED_LINES && e < limit {
        let next = if bytes[e] == b'\\' {
            json_escape_continues(bytes, e, limit)
        } else {
            wrapped_line_continues(bytes, e, limit)
        };
        let Some(from) = next else { break };
        if !incomplete(&bytes[p..e]) {
            break;
        }
        let ne = token_bytes_end(bytes, from, limit);
        if ne == from {
            break;
        }
        e = ne;
        joined += 1;
    }
    // A single dot after a token ends a sentence; `...` is a cut, and stays.
    if e > p + 1 && bytes[e - 1] == b'.' && !bytes[..e].ends_with(b"...") {
        e -= 1;
    }
    e
}

/// After a token that ends its line: where the next line's token characters start, if that line is
/// nothing but token characters (and perhaps a closing quote).
fn wrapped_line_continues(bytes: &[u8], e: usize, limit: usize) -> Option<usize> {
    let mut k = e;
    while k < limit && matches!(bytes[k], b' ' | b'\t' | b'\r') {
        k += 1;
    }
    if k >= limit || bytes[k] != b'\n' {
        return None;
    }
    let mut s = k + 1;
    while s < limit && matches!(bytes[s], b' ' | b'\t') {
        s += 1;
    }
    let ne = token_bytes_end(bytes, s, limit);
    // `=` inside a line makes it an assignment (`KEY=value`), not the rest of a token: padding only
    // ever ends a segment.
    let body = &bytes[s..ne];
    let padding = body.iter().rev().take_while(|&&b| b == b'=').count();
    if memchr::memchr(b'=', &body[..body.len() - padding]).is_some() {
        return None;
    }
    let mut t = ne;
    while t < limit && matches!(bytes[t], b'"' | b'\'' | b',' | b';') {
        t += 1;
    }
    while t < limit && matches!(bytes[t], b' ' | b'\t' | b'\r') {
        t += 1;
    }
    let line_ends = t >= bytes.len() || bytes[t] == b'\n';
    // A line that is itself a whole token is the next token, not the rest of this one.
    let own_token = bytes[s..ne].starts_with(b"eyJ") && !incomplete(&bytes[s..ne]);
    (ne > s && line_ends && !own_token).then_some(s)
}

/// At a backslash: the position after `\n`, `\r\n` or `\t` escapes, when a JSON string continues there.
fn json_escape_continues(bytes: &[u8], e: usize, limit: usize) -> Option<usize> {
    let mut k = e;
    while k + 1 < limit && bytes[k] == b'\\' && matches!(bytes[k + 1], b'n' | b'r' | b't') {
        k += 2;
    }
    (k > e && k < limit && is_token_byte(bytes[k])).then_some(k)
}

/// Is this (possibly wrapped) token text still missing a part? Fewer than three segments, an empty
/// last segment, or a signature shorter than its `alg` produces.
pub(crate) fn incomplete(raw: &[u8]) -> bool {
    let dots = memchr::memchr_iter(b'.', raw).count();
    if dots < 2 {
        return true;
    }
    let mut token = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'\\' && i + 1 < raw.len() && matches!(raw[i + 1], b'n' | b'r' | b't') {
            i += 2;
            continue;
        }
        if !b.is_ascii_whitespace() {
            token.push(b as char);
        }
        i += 1;
    }
    if token.ends_with('.') {
        return true;
    }
    let d = jwt::decode(&token);
    let Some(header) = d.header.object() else {
        return false;
    };
    if header.contains_key("enc") {
        return dots < 4;
    }
    match (d.shape, d.alg().and_then(expected_signature_len)) {
        (Shape::Jws, Some((bytes, _))) => d.segments[2].len < (bytes * 4).div_ceil(3),
        _ => false,
    }
}

/// Is the hit at `p` worth a window? Its header segment must end with a dot (a header alone, as
/// documentation shows it, is no token) and decode to a JSON object with `alg`. The header is read as
/// extraction would clean it: line breaks and `\n`-style escapes (a wrapped header) and characters that
/// are not ASCII (a zero-width space pasted in) are skipped; a space ends it. Bounded, so noise costs
/// little however long its line.
fn worth_a_window(bytes: &[u8], p: usize) -> bool {
    let limit = (p + MAX_HEADER).min(bytes.len());
    let mut header = Vec::with_capacity(128);
    let mut i = p;
    let mut dotted = false;
    while i < limit {
        let b = bytes[i];
        match b {
            b'.' => {
                dotted = true;
                break;
            }
            b'\\' if i + 1 < limit && matches!(bytes[i + 1], b'n' | b'r' | b't') => i += 2,
            _ if is_token_byte(b) => {
                header.push(b);
                i += 1;
            }
            // Whitespace is a wrap only when it holds a line break; a space ends the header.
            _ if b.is_ascii_whitespace() => {
                let ws = bytes[i..limit]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                if memchr::memchr(b'\n', &bytes[i..i + ws]).is_none() {
                    break;
                }
                i += ws;
            }
            _ if !b.is_ascii() => i += 1,
            _ => break,
        }
    }
    if !dotted {
        return false;
    }
    if header.len() % 4 == 1 {
        header.pop();
    }
    let Ok(json) = HEADER_B64.decode(&header) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&json)
        .is_ok_and(|h| h.contains_key("alg"))
}

/// The longest header looked at (with the whitespace of a wrap).
const MAX_HEADER: usize = 1024;

const HEADER_B64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// Where the window for a hit at `p` starts: its line, and the lines before it that end with a
/// backslash (a continued shell command), within [`CONTEXT_BACK`] and never before `floor`.
fn context_start(bytes: &[u8], p: usize, floor: usize) -> usize {
    let lo = p.saturating_sub(CONTEXT_BACK).max(floor);
    let mut ws = match memchr::memrchr(b'\n', &bytes[lo..p]) {
        Some(i) => lo + i + 1,
        None if lo == floor => lo,
        None => char_boundary_forward(bytes, lo),
    };
    for _ in 0..MAX_CONTINUED_LINES {
        if ws <= lo || ws == 0 {
            break;
        }
        let prev_end = ws - 1; // the '\n'
        let prev = trim_cr(&bytes[lo..prev_end]);
        if !prev.ends_with(b"\\") {
            break;
        }
        match memchr::memrchr(b'\n', &bytes[lo..prev_end]) {
            Some(i) => ws = lo + i + 1,
            // The command starts on the first line of the file, or at the limit of the context.
            None => {
                ws = if lo == 0 || lo == floor {
                    lo
                } else {
                    char_boundary_forward(bytes, lo)
                };
                break;
            }
        }
    }
    ws
}

/// Where the window for a token ending at `run` ends: the end of its line, and the following lines while
/// a line ends with a backslash, within [`CONTEXT_FORWARD`].
fn context_end(bytes: &[u8], run: usize) -> usize {
    let hi = (run + CONTEXT_FORWARD).min(bytes.len());
    let mut we = match memchr::memchr(b'\n', &bytes[run..hi]) {
        Some(i) => run + i,
        None if hi == bytes.len() => hi,
        None => return char_boundary_back(bytes, hi),
    };
    for _ in 0..MAX_CONTINUED_LINES {
        if we >= hi || !trim_cr(&bytes[run.min(we)..we]).ends_with(b"\\") {
            break;
        }
        match memchr::memchr(b'\n', &bytes[we + 1..hi]) {
            Some(i) => we = we + 1 + i,
            None => {
                we = hi;
                break;
            }
        }
    }
    we
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn char_boundary_forward(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

fn char_boundary_back(bytes: &[u8], mut i: usize) -> usize {
    while i > 0 && i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

/// The bytes as text, with each byte that is not UTF-8 replaced by `?`: one byte for one byte, so every
/// offset in the text is the same offset in the file.
pub(crate) fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let mut s = String::with_capacity(bytes.len());
            for chunk in bytes.utf8_chunks() {
                s.push_str(chunk.valid());
                s.extend(std::iter::repeat_n('?', chunk.invalid().len()));
            }
            Cow::Owned(s)
        }
    }
}

/// Line and column of byte offsets, for offsets asked in increasing order (linear in the file overall).
struct Locator<'a> {
    bytes: &'a [u8],
    at: usize,
    /// 1-based line of `at`.
    line: usize,
    /// Characters between the start of that line and `at`.
    col: usize,
}

impl<'a> Locator<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Locator {
            bytes,
            at: 0,
            line: 1,
            col: 0,
        }
    }

    /// (line, characters before `off` on its line).
    fn at(&mut self, off: usize) -> (usize, usize) {
        if off < self.at {
            *self = Locator::new(self.bytes);
        }
        let seg = &self.bytes[self.at..off];
        match memchr::memrchr(b'\n', seg) {
            Some(i) => {
                self.line += memchr::memchr_iter(b'\n', seg).count();
                self.col = count_chars(&seg[i + 1..]);
            }
            None => self.col += count_chars(seg),
        }
        self.at = off;
        (self.line, self.col)
    }
}

fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x & 0xC0) != 0x80).count()
}

/// Where a piece of text sits in the file: its byte offset, and the line and column of that offset.
#[derive(Clone, Copy)]
struct Base {
    offset: usize,
    line: usize,
    col: usize,
}

impl Base {
    /// Moves a span located in the piece of text into the file.
    fn apply(self, span: &mut Span) {
        if span.line == 1 {
            span.column += self.col;
        }
        span.line += self.line - 1;
        span.start += self.offset;
        span.end += self.offset;
    }
}

/// A candidate worth reporting, already in file coordinates.
struct Kept {
    /// File offsets of the token's first and last characters.
    first: usize,
    last: usize,
    chars: usize,
    found: Found,
}

struct Detector<'a> {
    bytes: &'a [u8],
    settings: &'a Settings,
    locator: Locator<'a>,
    /// File offsets of tokens already reported.
    seen: HashSet<usize>,
    out: Vec<Found>,
}

impl Detector<'_> {
    fn window(&mut self, start: usize, end: usize, group: &[(usize, usize)]) {
        let text = text_of(&self.bytes[start..end]);
        let (line, col) = self.locator.at(start);
        let base = Base {
            offset: start,
            line,
            col,
        };
        let extraction = extract::extract(&text);
        let mut kept: Vec<Kept> = extraction
            .candidates
            .iter()
            .filter_map(|c| self.keep(&text, c, base))
            .collect();
        for &(p, run) in group {
            let covering = kept.iter().position(|k| k.first <= p && p <= k.last);
            if covering.is_some_and(|i| kept[i].found.status != Status::Malformed) {
                continue;
            }
            // The context gave no token here, or a damaged one (free text before a wrapped token, a
            // value that ran on into other text): extract the run of token characters alone. A quote
            // before it is kept when the run goes on through JSON escapes, so the string is decoded.
            let from = if p > 0 && self.bytes[p - 1] == b'"' && self.bytes[p..run].contains(&b'\\')
            {
                p - 1
            } else {
                p
            };
            let narrow = text_of(&self.bytes[from..run]);
            let (line, col) = self.locator.at(from);
            let nbase = Base {
                offset: from,
                line,
                col,
            };
            let best = extract::extract(&narrow)
                .candidates
                .iter()
                .filter_map(|c| self.keep(&narrow, c, nbase))
                .max_by_key(|k| (k.found.status != Status::Malformed, k.chars));
            match (best, covering) {
                (Some(b), Some(i)) if b.found.status != Status::Malformed => kept[i] = b,
                (Some(b), None) => kept.push(b),
                _ => {}
            }
        }
        for k in kept {
            if self.seen.insert(k.first) {
                self.out.push(k.found);
            }
        }
    }

    /// Runs inspect's analysis on a candidate and keeps it if it is a token worth reporting.
    fn keep(&self, text: &str, c: &Candidate, base: Base) -> Option<Kept> {
        let (&(_, first), &(last_ch, last)) = (c.chars.first()?, c.chars.last()?);
        // A cheap look at the header first: most hits in a noisy file are base64 that is no token, and
        // the full analysis (which locates every finding in the window) is for tokens.
        let text_of_token = c.text();
        if !text_of_token.starts_with("ops_") && !header_has_alg(&text_of_token) {
            return None;
        }
        let mut report = analyse::token_report(text, c, &InputInfo::default(), self.settings);
        let has_alg = report
            .header
            .as_ref()
            .is_some_and(|h| h.contains_key("alg"));
        if !has_alg && !profile_recognised(report.kind) {
            return None;
        }
        let end = last + last_ch.len_utf8();
        let mut span = Span::bytes(first, end).locate(text);
        let mut after = Span::bytes(end, end).locate(text);
        base.apply(&mut span);
        base.apply(&mut after);
        base.apply(&mut report.source.span);
        for f in &mut report.findings {
            if let Some(s) = &mut f.span {
                base.apply(s);
            }
        }
        let status = status_of(&report, self.settings.now.timestamp());
        let mut finding = committed_finding(&report, status, self.settings.now.timestamp());
        finding.span = Some(span);
        let allowed_by_comment = allow_comment_near(self.bytes, span.start)
            || allow_comment_near(self.bytes, report.source.span.start);
        Some(Kept {
            first: base.offset + first,
            last: base.offset + last,
            chars: c.chars.len(),
            found: Found {
                report,
                span,
                end_line: after.line,
                end_column: after.column,
                status,
                finding,
                allowed_by_comment,
            },
        })
    }
}

fn header_has_alg(token: &str) -> bool {
    let header = token.split('.').next().unwrap_or("");
    if header.len() == token.len() {
        return false;
    }
    jwt::decode(header)
        .segments
        .first()
        .and_then(|s| s.bytes.as_deref())
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
        .is_some_and(|v| v.get("alg").is_some())
}

/// The hook for credentials that are not JWTs: a kind a profile recognised (for instance a 1Password
/// service account token, `ops_...`) is reported even without a JWT header. The generic kinds say
/// nothing beyond the shape.
fn profile_recognised(kind: &str) -> bool {
    !matches!(kind, "jwt" | "jwe" | "unknown")
}

/// Codes that say a token is damaged: it cannot work as written.
const MALFORMED_CODES: &[&str] = &[
    "not-a-jwt",
    "segment-count",
    "bad-base64url",
    "padded-base64",
    "bad-json",
    "truncated",
    "signature-length",
];

fn status_of(r: &TokenReport, now: i64) -> Status {
    // A credential a profile recognises without a JWT header (an `ops_` service account token) is not
    // damaged for having no dots: that is its shape.
    let not_a_jwt_is_its_shape = r.header.is_none() && profile_recognised(r.kind);
    let damaged = r.findings.iter().any(|f| {
        MALFORMED_CODES.contains(&f.code) && !(not_a_jwt_is_its_shape && f.code == "not-a-jwt")
    });
    if damaged {
        Status::Malformed
    } else if r.times.exp.is_some_and(|e| e <= now) {
        Status::Expired
    } else if r.times.nbf.is_some_and(|n| n > now) {
        Status::NotYetValid
    } else {
        Status::Live
    }
}

/// What a person calls a kind of token: the profile's name for the kinds it recognises.
pub fn describe_kind(kind: &str) -> &str {
    match kind {
        "jwt" => "JWT",
        "jwe" => "encrypted JWT (JWE)",
        "unknown" => "token",
        other => crate::profile::onepassword::describe_kind(other),
    }
}

fn committed_finding(r: &TokenReport, status: Status, now: i64) -> Finding {
    let what = describe_kind(r.kind);
    let unsigned = r
        .header
        .as_ref()
        .and_then(|h| h.get("alg"))
        .and_then(|a| a.as_str())
        .is_some_and(|a| a.eq_ignore_ascii_case("none"));
    let date = |t: i64| {
        crate::rules::time::rfc3339(t)
            .map(|s| s[..10].to_string())
            .unwrap_or_default()
    };
    let (severity, message) = match status {
        Status::Live if unsigned => (
            Severity::Info,
            format!(
                "an unsigned {what} (`alg: none`) is committed here: anyone can write one, so it is no \
                 secret, but whatever accepts it is open to forgery."
            ),
        ),
        Status::Live => {
            let scopes = if r.scopes.is_empty() {
                String::new()
            } else {
                format!(" with the scopes {}", r.scopes.join(", "))
            };
            let expiry = match r.times.exp {
                Some(e) => format!("until it expires {} ({})", relative(e, now), date(e)),
                None => "until it is revoked (it never expires)".to_string(),
            };
            (
                Severity::Error,
                format!(
                    "a live {what}{scopes} is committed here: anyone who can read this file can use it {expiry}."
                ),
            )
        }
        Status::NotYetValid => {
            let nbf = r.times.nbf.unwrap_or(now);
            (
                Severity::Error,
                format!(
                    "a {what} that becomes valid {} ({}) is committed here: it will work then.",
                    relative(nbf, now),
                    date(nbf)
                ),
            )
        }
        Status::Expired => {
            let exp = r.times.exp.unwrap_or(now);
            (
                Severity::Warning,
                format!(
                    "an expired {what} is committed here (expired {}, {}): it no longer works, but it \
                     shows where and how tokens are kept.",
                    relative(exp, now),
                    date(exp)
                ),
            )
        }
        Status::Malformed => {
            let mut codes: Vec<&str> = r
                .findings
                .iter()
                .map(|f| f.code)
                .filter(|c| MALFORMED_CODES.contains(c))
                .collect();
            codes.dedup();
            (
                Severity::Info,
                format!(
                    "a damaged {what} is committed here ({}): it cannot work as written, but the rest of it \
                     may be elsewhere.",
                    codes.join(", ")
                ),
            )
        }
    };
    let mut f = COMMITTED_TOKEN.finding(message, None);
    f.severity = severity;
    f
}

/// Is `tokenlint:allow` written on the line of `at`, or on the line before it?
fn allow_comment_near(bytes: &[u8], at: usize) -> bool {
    let finder = memchr::memmem::Finder::new(ALLOW_MARKER);
    let (ls, le) = line_around(bytes, at);
    if finder.find(&bytes[ls..le]).is_some() {
        return true;
    }
    if ls == 0 || bytes[ls - 1] != b'\n' {
        return false;
    }
    let (pls, ple) = line_around(bytes, ls - 1);
    finder.find(&bytes[pls..ple]).is_some()
}

/// The line that holds byte `at`, at most [`ALLOW_REACH`] either side of it.
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let lo = at.saturating_sub(ALLOW_REACH);
    let hi = (at + ALLOW_REACH).min(bytes.len());
    // The byte at `at` may itself be the '\n' that ends the line before.
    let ls = memchr::memrchr(b'\n', &bytes[lo..at]).map_or(lo, |i| lo + i + 1);
    let le = memchr::memchr(b'\n', &bytes[at..hi]).map_or(hi, |i| at + i);
    (ls, le)
}

#[cfg(test)]
mod tests;
