//! Extraction turns messy text into [`Candidate`]s: the places in the input where a token is, or should
//! be. It recognises a bare token, `Bearer <token>`, an `Authorization:` header line, a curl command (one
//! line or continued with backslashes, quoted either way), `NAME=token` and `export NAME="token"` lines,
//! `key: token` lines, JSON documents, and tokens sitting anywhere in free text.
//!
//! Each candidate keeps the byte span it came from, the cleaned token (each character with its offset in
//! the input, so later findings can point back), and a list of [`Fact`]s: everything cleaning peeled off or
//! noticed. Cleaning never hides a defect: the rules turn every fact that would break a request into a
//! finding.

/// A character of the input with its byte offset.
pub type Located = (char, usize);

/// The form a candidate was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Bare,
    Bearer,
    Header,
    Curl,
    Assignment,
    Json,
    Text,
}

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Bare => "bare",
            Form::Bearer => "bearer",
            Form::Header => "header",
            Form::Curl => "curl",
            Form::Assignment => "assignment",
            Form::Json => "json",
            Form::Text => "text",
        }
    }
}

/// How the shell would treat a `$VAR` in a curl command or an assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// Not in a shell context: the text is sent as it is.
    Literal,
    /// Inside single quotes: the shell does not expand it, the server receives the literal text.
    ShellSingle,
    /// Unquoted or inside double quotes: the shell expands it when the command runs.
    ShellExpanded,
}

/// Something extraction peeled off or noticed. Spans are byte ranges of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// Whitespace before or after the token; `what` names it ("a trailing carriage return").
    SurroundingWhitespace {
        start: usize,
        end: usize,
        what: String,
    },
    /// Whitespace inside the token (a wrapped line).
    InnerWhitespace {
        start: usize,
        end: usize,
        what: String,
    },
    /// An invisible or look-alike character (zero-width space, BOM, NBSP, bidi control ...).
    Invisible { at: usize, ch: char },
    /// A typographic quote around or in the token.
    SmartQuote { at: usize, ch: char },
    /// Plain quotes around a bare token, where they are not syntax.
    Quoted {
        start: usize,
        end: usize,
        quote: char,
    },
    /// `...` or `…`: the token was cut when it was copied.
    Ellipsis { start: usize, end: usize },
    /// A header value with no scheme before the token.
    MissingScheme { at: usize },
    /// `Bearer Bearer <token>`.
    DoubleBearer { start: usize, end: usize },
    /// `Bearer:` or `Bearer<token>`: the scheme is not followed by one space.
    MalformedScheme {
        start: usize,
        end: usize,
        text: String,
    },
    /// A scheme other than Bearer (`Basic`, `Token`).
    WrongScheme {
        start: usize,
        end: usize,
        scheme: String,
    },
}

/// A place in the input where a token is, or should be. Its characters are the token: `Debug` does
/// not show them, and they are zeroed when the candidate is dropped.
#[derive(Clone)]
pub struct Candidate {
    pub form: Form,
    /// Byte range of the raw slice the token came from (with any quotes and scheme).
    pub start: usize,
    pub end: usize,
    /// The cleaned token, each character with its offset in the input.
    pub chars: Vec<Located>,
    pub facts: Vec<Fact>,
    pub header_name: Option<String>,
    pub scheme: Option<String>,
    pub name: Option<String>,
    pub url: Option<String>,
    pub method: Option<String>,
}

impl std::fmt::Debug for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("form", &self.form)
            .field("start", &self.start)
            .field("end", &self.end)
            .field(
                "chars",
                &format_args!("({} characters, redacted)", self.chars.len()),
            )
            .field("facts", &self.facts)
            .field("header_name", &self.header_name)
            .field("scheme", &self.scheme)
            .field("name", &self.name)
            .field("url", &self.url.as_ref().map(|_| "(redacted)"))
            .field("method", &self.method)
            .finish()
    }
}

impl Drop for Candidate {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.chars);
    }
}

impl Candidate {
    /// The cleaned token text.
    pub fn text(&self) -> String {
        self.chars.iter().map(|&(c, _)| c).collect()
    }
}

/// Where a token should be but a placeholder or variable stands instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub quoting: Quoting,
    pub form: Form,
}

/// Everything found in one input.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    pub candidates: Vec<Candidate>,
    pub placeholders: Vec<Placeholder>,
    /// What was recognised around a missing token ("a curl command with no Authorization header"), to
    /// explain an input with no token.
    pub notes: Vec<String>,
    /// Candidates and placeholders found after [`MAX_CANDIDATES`] were kept: counted, not kept.
    pub skipped: usize,
}

/// The most candidates plus placeholders one extraction keeps. An input with more (a log, a dump) is
/// not one request; keeping them all would make the work and the report grow without bound.
pub const MAX_CANDIDATES: usize = 1000;

impl Extraction {
    fn full(&self) -> bool {
        self.candidates.len() + self.placeholders.len() >= MAX_CANDIDATES
    }

    /// Adds a note once: a thousand curl commands without a header need one note, not a thousand.
    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// Finds every token candidate and placeholder in `input`.
pub fn extract(input: &str) -> Extraction {
    let mut out = Extraction::default();
    // The one newline that ends the input is how lines end, not part of any token.
    let body_end = if input.ends_with('\n') {
        input.len() - 1
    } else {
        input.len()
    };
    let body = &input[..body_end];
    if body.trim().is_empty() {
        return out;
    }
    if looks_like_json(body) {
        json_strings(input, body_end, &mut out);
        return out;
    }
    if is_bare(body) {
        bare(input, body_end, &mut out);
        return out;
    }
    lines(input, body_end, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------------
// Character classes

pub(crate) fn is_b64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0b' | '\x0c')
}

/// Characters that are invisible or look like a space, and break a token that contains them.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "zero-width space (U+200B)",
        '\u{200C}' => "zero-width non-joiner (U+200C)",
        '\u{200D}' => "zero-width joiner (U+200D)",
        '\u{2060}' => "word joiner (U+2060)",
        '\u{FEFF}' => "byte order mark (U+FEFF)",
        '\u{00A0}' => "no-break space (U+00A0)",
        '\u{202F}' => "narrow no-break space (U+202F)",
        '\u{00AD}' => "soft hyphen (U+00AD)",
        '\u{180E}' => "Mongolian vowel separator (U+180E)",
        '\u{200E}' => "left-to-right mark (U+200E)",
        '\u{200F}' => "right-to-left mark (U+200F)",
        '\u{061C}' => "Arabic letter mark (U+061C)",
        '\u{202A}'..='\u{202E}' => "bidirectional control (U+202A..U+202E)",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate (U+2066..U+2069)",
        '\u{2028}' => "line separator (U+2028)",
        '\u{2029}' => "paragraph separator (U+2029)",
        '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => "typographic space",
        _ => return None,
    })
}

pub fn is_smart_quote(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{2032}'
            | '\u{2033}'
            | '\u{FF02}'
            | '\u{FF07}'
    )
}

/// Characters a pasted token is made of, defects included: used to decide that a whole input is one token.
fn is_bare_char(c: char) -> bool {
    is_b64url(c)
        || matches!(c, '.' | '=' | '+' | '/' | '"' | '\'' | '\u{2026}')
        || is_ws(c)
        || is_smart_quote(c)
        || invisible_name(c).is_some()
}

fn describe_ws(chars: &[char], place: &str) -> String {
    let name = |c: char| match c {
        ' ' => "space",
        '\t' => "tab",
        '\r' => "carriage return (\\r)",
        '\n' => "line feed (\\n)",
        _ => "whitespace character",
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == c {
            n += 1;
        }
        if n == 1 {
            parts.push(format!("a {}", name(c)));
        } else {
            let plural = match c {
                ' ' => "spaces".to_string(),
                '\t' => "tabs".to_string(),
                '\r' => "carriage returns (\\r)".to_string(),
                '\n' => "line feeds (\\n)".to_string(),
                _ => "whitespace characters".to_string(),
            };
            parts.push(format!("{n} {plural}"));
        }
        i += n;
    }
    let list = parts.join(" and ");
    if place.is_empty() {
        list
    } else {
        format!("{list} {place}")
    }
}

// ---------------------------------------------------------------------------------------------------
// Cleaning a value

/// Options for [`clean`]: what counts as syntax in the context the value came from.
#[derive(Clone, Copy)]
struct CleanOpts {
    /// Plain quotes around the value are part of the syntax (shell, `.env`, YAML), not a defect.
    quotes_are_syntax: bool,
    /// Report surrounding whitespace (it is part of what a client sends).
    report_surrounding: bool,
}

/// Result of cleaning a raw value.
enum Cleaned {
    Token(Vec<Located>, Vec<Fact>),
    Placeholder(Vec<Located>),
    Nothing,
}

fn clean(raw: &[Located], opts: CleanOpts) -> Cleaned {
    let mut facts = Vec::new();
    // Peeling works on a slice: copying the value once per quote pair made `""""...` quadratic.
    let mut v: &[Located] = trim_ws(raw, &mut facts, opts.report_surrounding);
    // Plain quotes around the value. In a shell, .env or YAML context the outer pair is syntax; any
    // further pair is part of the value and would be sent.
    let mut syntax_pair = opts.quotes_are_syntax;
    while let (Some(&(first, fs)), Some(&(last, ls))) = (v.first(), v.last()) {
        if v.len() < 2 || first != last || !(first == '"' || first == '\'') {
            break;
        }
        if !syntax_pair {
            facts.push(Fact::Quoted {
                start: fs,
                end: ls + 1,
                quote: first,
            });
        }
        syntax_pair = false;
        v = trim_ws(&v[1..v.len() - 1], &mut facts, true);
    }
    let mut v: Vec<Located> = v.to_vec();
    // Smart quotes and invisible characters anywhere: recorded and removed.
    v.retain(|&(c, at)| {
        if is_smart_quote(c) {
            facts.push(Fact::SmartQuote { at, ch: c });
            false
        } else if invisible_name(c).is_some() {
            facts.push(Fact::Invisible { at, ch: c });
            false
        } else {
            true
        }
    });
    let v = trim_ws(&v, &mut facts, true);
    // Whitespace inside: a wrapped or broken line.
    let mut kept = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if is_ws(v[i].0) {
            let s = i;
            while i < v.len() && is_ws(v[i].0) {
                i += 1;
            }
            let run: Vec<char> = v[s..i].iter().map(|x| x.0).collect();
            facts.push(Fact::InnerWhitespace {
                start: v[s].1,
                end: v[i - 1].1 + v[i - 1].0.len_utf8(),
                what: describe_ws(&run, ""),
            });
        } else {
            kept.push(v[i]);
            i += 1;
        }
    }
    let mut v = kept;
    if v.is_empty() {
        return Cleaned::Nothing;
    }
    if is_placeholder(&v) {
        return Cleaned::Placeholder(v);
    }
    // An ellipsis: the token was cut. Removed at the end so what is left still decodes and shows.
    strip_ellipsis(&mut v, &mut facts);
    if v.is_empty() {
        return Cleaned::Nothing;
    }
    Cleaned::Token(v, facts)
}

/// `v` without the whitespace around it.
fn trim_ws<'a>(v: &'a [Located], facts: &mut Vec<Fact>, report: bool) -> &'a [Located] {
    let lead = v.iter().take_while(|x| is_ws(x.0)).count();
    if lead == v.len() {
        return &[];
    }
    let trail = v.iter().rev().take_while(|x| is_ws(x.0)).count();
    if report && lead > 0 {
        let run: Vec<char> = v[..lead].iter().map(|x| x.0).collect();
        facts.push(Fact::SurroundingWhitespace {
            start: v[0].1,
            end: v[lead - 1].1 + 1,
            what: describe_ws(&run, "before the token"),
        });
    }
    if report && trail > 0 {
        let n = v.len();
        let run: Vec<char> = v[n - trail..].iter().map(|x| x.0).collect();
        facts.push(Fact::SurroundingWhitespace {
            start: v[n - trail].1,
            end: v[n - 1].1 + 1,
            what: describe_ws(&run, "after the token"),
        });
    }
    &v[lead..v.len() - trail]
}

fn strip_ellipsis(v: &mut Vec<Located>, facts: &mut Vec<Fact>) {
    // Anywhere in the token: `…`, or three or more dots in a row (a JWT never has two in a row).
    let mut i = 0;
    let mut found = Vec::new();
    while i < v.len() {
        if v[i].0 == '\u{2026}' {
            found.push((i, i + 1));
            i += 1;
        } else if v[i].0 == '.' {
            let s = i;
            while i < v.len() && v[i].0 == '.' {
                i += 1;
            }
            if i - s >= 3 {
                found.push((s, i));
            }
        } else {
            i += 1;
        }
    }
    for &(s, e) in &found {
        facts.push(Fact::Ellipsis {
            start: v[s].1,
            end: v[e - 1].1 + v[e - 1].0.len_utf8(),
        });
    }
    // Only a trailing ellipsis is removed: text after one in the middle is of unknown place.
    if let Some(&(s, e)) = found.last()
        && e == v.len()
    {
        v.truncate(s);
    }
}

/// Is this value a stand-in for a token: a variable, a template, a "YOUR_TOKEN_HERE"?
pub fn is_placeholder_text(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    let inner_ident =
        |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if let Some(rest) = t.strip_prefix('$') {
        // $VAR, ${VAR}, $(cmd), ${{ secrets.X }}, $env:VAR. A name and nothing after it: `$eyJ...` with
        // dots is a token with junk before it, and a placeholder's text is quoted in the report.
        return rest.starts_with('{')
            || rest.starts_with('(')
            || (rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'));
    }
    if t.len() >= 3 && t.starts_with('%') && t.ends_with('%') && inner_ident(&t[1..t.len() - 1]) {
        return true;
    }
    if (t.starts_with("{{") && t.ends_with("}}"))
        || (t.starts_with("{%") && t.ends_with("%}"))
        || (t.starts_with('<') && t.ends_with('>') && t.len() > 2 && !t.contains('.'))
        || (t.starts_with('`') && t.ends_with('`') && t.len() > 2)
        || (t.starts_with('[') && t.ends_with(']') && t.len() > 2 && !t.contains('.'))
        || (t.starts_with("--") && t.ends_with("--") && t.len() > 4)
        || (t.starts_with("__") && t.ends_with("__") && t.len() > 4)
    {
        return true;
    }
    if matches!(
        lower.as_str(),
        "undefined" | "null" | "none" | "nil" | "[object object]" | "redacted" | "changeme"
    ) {
        return true;
    }
    // xxxx, ****, ....
    let mut cs = t.chars();
    let first = cs.next().unwrap_or(' ');
    if t.chars().count() >= 3
        && matches!(first, 'x' | 'X' | '*' | '.' | '#')
        && cs.all(|c| c == first)
    {
        return true;
    }
    // YOUR_TOKEN_HERE, your-api-token, TOKEN, REPLACE_ME: words only, naming what should be there.
    if t.len() <= 64
        && t.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-' || c == ' ')
    {
        const WORDS: [&str; 9] = [
            "token", "your", "here", "replace", "insert", "paste", "secret", "bearer_", "change",
        ];
        return WORDS.iter().any(|w| lower.contains(w));
    }
    false
}

fn is_placeholder(v: &[Located]) -> bool {
    let s: String = v.iter().map(|x| x.0).collect();
    is_placeholder_text(&s)
}

// ---------------------------------------------------------------------------------------------------
// Forms

fn located(input: &str, start: usize, end: usize) -> Vec<Located> {
    input[start..end]
        .char_indices()
        .map(|(i, c)| (c, start + i))
        .collect()
}

fn candidate(
    form: Form,
    start: usize,
    end: usize,
    chars: Vec<Located>,
    facts: Vec<Fact>,
) -> Candidate {
    Candidate {
        form,
        start,
        end,
        chars,
        facts,
        header_name: None,
        scheme: None,
        name: None,
        url: None,
        method: None,
    }
}

fn looks_like_json(body: &str) -> bool {
    let t = body.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok()
}

fn is_bare(body: &str) -> bool {
    let words = split_ws(body);
    if (words.len() > 1 && scheme_word(words[0].1)) || starts_with_bearer(body.trim()) {
        return false;
    }
    // `NAME=value`: padding `=` only ever ends a segment.
    let assignment_like = body
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'=' && is_b64url(w[1] as char));
    if assignment_like || !body.chars().all(is_bare_char) {
        return placeholder_line(body);
    }
    true
}

/// A single line that is only a placeholder (`$EVENTS_API_TOKEN`, `<your token>`).
fn placeholder_line(body: &str) -> bool {
    !body.trim().contains('\n') && is_placeholder_text(body.trim().trim_matches(['"', '\'']))
}

/// A whole input made of token characters: one token, possibly wrapped, or several complete tokens.
fn bare(input: &str, end: usize, out: &mut Extraction) {
    let body = &input[..end];
    let words: Vec<(usize, &str)> = split_ws(body);
    let complete = |w: &str| {
        let w = w.trim_matches(['"', '\'']);
        w.starts_with("eyJ") && w.split('.').count() >= 3
    };
    let many = words.len() > 1 && words.iter().all(|(_, w)| complete(w));
    let pieces: Vec<(usize, usize)> = if many {
        words.iter().map(|&(s, w)| (s, s + w.len())).collect()
    } else {
        vec![(0, end)]
    };
    for (s, e) in pieces {
        let raw = located(input, s, e);
        let opts = CleanOpts {
            quotes_are_syntax: false,
            report_surrounding: true,
        };
        push_cleaned(out, Form::Bare, s, e, &raw, opts, Quoting::Literal, |_| {});
    }
}

fn split_ws(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_ws(c) {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn push_cleaned(
    out: &mut Extraction,
    form: Form,
    start: usize,
    end: usize,
    raw: &[Located],
    opts: CleanOpts,
    quoting: Quoting,
    decorate: impl FnOnce(&mut Candidate),
) {
    match clean(raw, opts) {
        Cleaned::Token(..) | Cleaned::Placeholder(_) if out.full() => out.skipped += 1,
        Cleaned::Token(chars, facts) => {
            let mut c = candidate(form, start, end, chars, facts);
            decorate(&mut c);
            out.candidates.push(c);
        }
        Cleaned::Placeholder(chars) => {
            let (s, e) = (
                chars.first().map_or(start, |x| x.1),
                chars.last().map_or(end, |x| x.1 + x.0.len_utf8()),
            );
            out.placeholders.push(Placeholder {
                start: s,
                end: e,
                text: chars.iter().map(|x| x.0).collect(),
                quoting,
                form,
            });
        }
        Cleaned::Nothing => {}
    }
}

/// Line-oriented input: each line is a header, a `Bearer` line, an assignment, a curl command or text.
fn lines(input: &str, end: usize, out: &mut Extraction) {
    let mut pos = 0;
    let mut known_run = None;
    // The characters of the input, made once for all curl commands: making them from each command's
    // start to the end was quadratic in the number of commands.
    let mut all_chars: Option<Vec<Located>> = None;
    while pos < end {
        let line_end = input[pos..end].find('\n').map_or(end, |i| pos + i);
        let line = &input[pos..line_end];
        let indent = line.len() - line.trim_start().len();
        let lstart = pos + indent;
        let trimmed = line.trim_start();
        let first_word = trimmed.split(is_ws).next().unwrap_or("");
        if first_word == "curl" || first_word == "curl.exe" {
            let chars = all_chars
                .get_or_insert_with(|| input[..end].char_indices().map(|(i, c)| (c, i)).collect());
            let from = chars.partition_point(|x| x.1 < lstart);
            pos = curl(&chars[from..], end, out);
            continue;
        }
        // A value may continue on the next lines when a long token was wrapped.
        let cont_end = continuation_end(input, line_end, end, &mut known_run);
        if let Some((name_end, value_start)) = header_name(trimmed) {
            let name = trimmed[..name_end].trim().to_string();
            let vstart = lstart + value_start;
            if name.eq_ignore_ascii_case("authorization")
                || name.eq_ignore_ascii_case("proxy-authorization")
            {
                let raw = located(input, vstart, cont_end);
                auth_value(
                    out,
                    Form::Header,
                    lstart,
                    cont_end,
                    &raw,
                    Some(name),
                    false,
                    Quoting::Literal,
                );
                pos = cont_end + 1;
                continue;
            }
        }
        let second_word = trimmed
            .split(is_ws)
            .find(|w| !w.is_empty() && *w != first_word);
        let scheme_line = scheme_word(first_word) && second_word.is_some_and(looks_tokenish);
        if starts_with_bearer(first_word) || scheme_line {
            let raw = located(input, lstart, cont_end);
            auth_value(
                out,
                Form::Bearer,
                lstart,
                cont_end,
                &raw,
                None,
                false,
                Quoting::Literal,
            );
            pos = cont_end + 1;
            continue;
        }
        if let Some((name, vstart, sep)) = assignment(trimmed) {
            let vstart = lstart + vstart;
            let raw = located(input, vstart, cont_end);
            let shell = sep == '=';
            let quoting = if shell {
                shell_quoting(&raw)
            } else {
                Quoting::Literal
            };
            let raw_str: String = raw.iter().map(|x| x.0).collect();
            if starts_with_bearer(raw_str.trim_start().trim_start_matches(['"', '\''])) {
                let inner = strip_syntax_quotes(&raw);
                auth_value(
                    out,
                    Form::Assignment,
                    lstart,
                    cont_end,
                    &inner,
                    None,
                    true,
                    quoting,
                );
            } else if looks_tokenish(raw_str.trim()) || name_suggests_token(&name) {
                let opts = CleanOpts {
                    quotes_are_syntax: true,
                    report_surrounding: true,
                };
                let name2 = name.clone();
                push_cleaned(
                    out,
                    Form::Assignment,
                    lstart,
                    cont_end,
                    &raw,
                    opts,
                    quoting,
                    |c| c.name = Some(name2),
                );
            } else {
                text(input, lstart, line_end, out);
                pos = line_end + 1;
                continue;
            }
            pos = cont_end + 1;
            continue;
        }
        text(input, lstart, line_end, out);
        pos = line_end + 1;
    }
}

/// Where a value that may have been wrapped ends: following lines made only of token characters
/// (and not themselves a complete token) continue it. `known` is the last run of such lines found
/// (from, to): every line end inside it continues to the same place, so a long run is read once, not
/// once for each of its lines.
fn continuation_end(
    input: &str,
    mut line_end: usize,
    end: usize,
    known: &mut Option<(usize, usize)>,
) -> usize {
    if let Some((from, to)) = *known
        && (from..=to).contains(&line_end)
    {
        return to;
    }
    let from = line_end;
    while line_end < end {
        let next_start = line_end + 1;
        let next_end = input[next_start..end]
            .find('\n')
            .map_or(end, |i| next_start + i);
        let next = input[next_start..next_end].trim();
        let only_token_chars = !next.is_empty()
            && next
                .chars()
                .all(|c| is_b64url(c) || c == '.' || c == '\u{2026}' || c == '"' || c == '\'');
        if !only_token_chars || next.starts_with("eyJ") && next.split('.').count() >= 3 {
            break;
        }
        line_end = next_end;
    }
    *known = Some((from, line_end));
    line_end
}

/// A word that reads as an authorization scheme (`Bearer`, `Token`, `Basic`), not as part of a token.
fn scheme_word(w: &str) -> bool {
    !w.is_empty() && w.len() <= 12 && w.chars().all(|c| c.is_ascii_alphabetic())
}

fn starts_with_bearer(s: &str) -> bool {
    s.len() >= 6 && s.is_char_boundary(6) && s[..6].eq_ignore_ascii_case("bearer")
}

/// `Name: value` where Name is an HTTP header name; returns (end of name, start of value).
fn header_name(line: &str) -> Option<(usize, usize)> {
    let colon = line.find(':')?;
    let name = &line[..colon];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    Some((colon, colon + 1))
}

/// `NAME=value`, `export NAME=value`, `set NAME=value`, `$env:NAME = value`, or `key: value`.
/// Returns the name and the byte offset of the value in `line`.
fn assignment(line: &str) -> Option<(String, usize, char)> {
    let mut rest = line;
    let mut skipped = 0;
    for kw in ["export ", "set ", "$env:", "setx "] {
        if let Some(r) = rest.strip_prefix(kw) {
            skipped = line.len() - r.len();
            rest = r;
            break;
        }
    }
    let name_len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .map_or(rest.len(), |(i, _)| i);
    let name = rest[..name_len].trim_matches(['"', '\'']);
    // A name, not a token followed by ` =` or `: `: the name is shown in the report.
    if name.is_empty() || name.len() > 64 || name.contains("eyJ") {
        return None;
    }
    let after = &rest[name_len..];
    let after_trim = after.trim_start_matches([' ', '\t']);
    let sep = after_trim.chars().next()?;
    if sep != '=' && sep != ':' {
        return None;
    }
    let mut value_off = skipped + name_len + (after.len() - after_trim.len()) + 1;
    if sep == ':' {
        // YAML and `key: value` lines: the spaces after the colon are syntax, not part of the value.
        value_off +=
            line[value_off..].len() - line[value_off..].trim_start_matches([' ', '\t']).len();
    }
    Some((name.to_string(), value_off, sep))
}

fn name_suggests_token(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["token", "jwt", "bearer", "auth"]
        .iter()
        .any(|w| n.contains(w))
}

/// Looks like it could be a token: a JWT shape, a 1Password service account token, a long opaque value.
pub fn looks_tokenish(s: &str) -> bool {
    let s = s.trim_matches(['"', '\'']);
    s.starts_with("eyJ") || s.starts_with("ops_") || (s.contains('.') && s.starts_with("ey"))
}

/// The quoting a shell gives a `$` in this raw value.
fn shell_quoting(raw: &[Located]) -> Quoting {
    let s: String = raw.iter().map(|x| x.0).collect();
    if s.trim_start().starts_with('\'') {
        Quoting::ShellSingle
    } else {
        Quoting::ShellExpanded
    }
}

/// Removes one pair of matching plain quotes around a value (they are syntax in this context).
fn strip_syntax_quotes(raw: &[Located]) -> Vec<Located> {
    let lead = raw.iter().take_while(|x| is_ws(x.0)).count();
    let trail = raw.iter().rev().take_while(|x| is_ws(x.0)).count();
    if raw.len() >= lead + trail + 2 {
        let inner = &raw[lead..raw.len() - trail];
        let (f, l) = (inner[0].0, inner[inner.len() - 1].0);
        if f == l && (f == '"' || f == '\'') {
            return inner[1..inner.len() - 1].to_vec();
        }
    }
    raw.to_vec()
}

/// An `Authorization` header value (after the colon): the scheme, then the token.
#[allow(clippy::too_many_arguments)]
fn auth_value(
    out: &mut Extraction,
    form: Form,
    start: usize,
    end: usize,
    raw: &[Located],
    header: Option<String>,
    quotes_are_syntax: bool,
    quoting: Quoting,
) {
    let mut facts = Vec::new();
    // Optional whitespace after the colon is normal HTTP syntax.
    let mut i = 0;
    while i < raw.len() && (matches!(raw[i].0, ' ' | '\t') || is_smart_quote(raw[i].0)) {
        if is_smart_quote(raw[i].0) {
            facts.push(Fact::SmartQuote {
                at: raw[i].1,
                ch: raw[i].0,
            });
        }
        i += 1;
    }
    let word_end = |from: usize| {
        let mut j = from;
        while j < raw.len() && !is_ws(raw[j].0) {
            j += 1;
        }
        j
    };
    let skip_ws = |from: usize| {
        let mut j = from;
        while j < raw.len() && (raw[j].0 == ' ' || raw[j].0 == '\t') {
            j += 1;
        }
        j
    };
    let mut scheme = None;
    let we = word_end(i);
    let word: String = raw[i..we].iter().map(|x| x.0).collect();
    let wl = word.to_ascii_lowercase();
    if wl == "bearer" {
        scheme = Some(word.clone());
        i = skip_ws(we);
        // Bearer Bearer <token>: a token stored with its scheme, then given one more.
        loop {
            let we2 = word_end(i);
            let w2: String = raw[i..we2].iter().map(|x| x.0).collect();
            let w2l = w2.to_ascii_lowercase();
            if w2l == "bearer" || w2l == "bearer:" {
                facts.push(Fact::DoubleBearer {
                    start: raw[i].1,
                    end: raw[we2 - 1].1 + 1,
                });
                i = skip_ws(we2);
            } else {
                break;
            }
        }
    } else if wl.starts_with("bearer") && word.len() > 6 {
        // Bearer:<token>, Bearer,<token>, Bearer<token>
        let mut k = i + 6;
        let mut text = String::from(&word[..6]);
        while k < we && matches!(raw[k].0, ':' | ',' | ';' | '=') {
            text.push(raw[k].0);
            k += 1;
        }
        facts.push(Fact::MalformedScheme {
            start: raw[i].1,
            end: raw[k - 1].1 + 1,
            text: if k == i + 6 {
                format!("{}<token>", &word[..6])
            } else {
                text
            },
        });
        scheme = Some(word[..6].to_string());
        i = if k == we { skip_ws(we) } else { k };
    } else if !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && word.len() < 20
        && skip_ws(we) < raw.len()
    {
        facts.push(Fact::WrongScheme {
            start: raw[i].1,
            end: raw[we - 1].1 + 1,
            scheme: word.clone(),
        });
        scheme = Some(word.clone());
        i = skip_ws(we);
    } else if !word.is_empty() {
        let value: String = raw[i..].iter().map(|x| x.0).collect();
        if !is_placeholder_text(value.trim()) && form != Form::Assignment {
            facts.push(Fact::MissingScheme { at: raw[i].1 });
        }
    }
    let opts = CleanOpts {
        quotes_are_syntax,
        report_surrounding: true,
    };
    let rest = &raw[i.min(raw.len())..];
    if rest.iter().all(|x| is_ws(x.0)) {
        out.note(match &scheme {
            Some(s) => format!("`{s}` is followed by no token"),
            None => "the Authorization value is empty".to_string(),
        });
    }
    let before = out.candidates.len();
    push_cleaned(out, form, start, end, rest, opts, quoting, |c| {
        c.header_name = header;
        c.scheme = scheme;
    });
    if out.candidates.len() > before {
        let c = out.candidates.last_mut().expect("just pushed");
        facts.append(&mut c.facts);
        c.facts = facts;
    }
}

/// Free text: tokens anywhere in it (`eyJ...`, `ops_...`), `Bearer <token>` in a log line, `?token=`.
fn text(input: &str, start: usize, end: usize, out: &mut Extraction) {
    let s = &input[start..end];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !is_b64url(bytes[i - 1] as char);
        let rest = &s[i..];
        let jwt_start = rest.starts_with("eyJ");
        let sa_start = rest.starts_with("ops_");
        if at_word_start && (jwt_start || sa_start) {
            let mut j = i;
            for (k, c) in rest.char_indices() {
                if is_b64url(c) || c == '.' || c == '=' || c == '\u{2026}' {
                    j = i + k + c.len_utf8();
                } else {
                    break;
                }
            }
            // Trailing single dots are sentence punctuation, not the token.
            let mut e = j;
            let run = &s[i..e];
            if !run.ends_with("...") {
                while e > i && s[..e].ends_with('.') {
                    e -= 1;
                }
            }
            // Only the end of the text before matters: lowercasing all of it would make a long line
            // with many tokens quadratic.
            let before = if i > 0 { s[..i].trim_end() } else { "" };
            let bearer = before.len() >= 6
                && before.is_char_boundary(before.len() - 6)
                && before[before.len() - 6..].eq_ignore_ascii_case("bearer");
            let mut raw = located(input, start + i, start + e);
            // In a double-quoted string that goes on with a JSON escape (a wrapped token written with
            // `\n`, in a log line or a JSON document nested in a string): decode the string, so the
            // token is whole and the wrap is reported.
            if i > 0 && bytes[i - 1] == b'"' && s[e..].starts_with('\\') {
                // Only as far as the token can go: decoding the rest of the line for every token
                // of a line like `"eyJa\"eyJb\"...` was quadratic.
                let limit = e + escaped_run(&bytes[e..]);
                let (value, _) = json_string(&located(input, start + i, start + limit), 0);
                let n = value
                    .iter()
                    .take_while(|&&(c, _)| {
                        is_b64url(c) || matches!(c, '.' | '=' | '\u{2026}') || is_ws(c)
                    })
                    .count();
                let mut decoded = value[..n].to_vec();
                while decoded.last().is_some_and(|x| is_ws(x.0)) {
                    decoded.pop();
                }
                if let Some(&(c, at)) = decoded.last().filter(|_| decoded.len() > raw.len()) {
                    e = at + c.len_utf8() - start;
                    raw = decoded;
                }
            }
            let opts = CleanOpts {
                quotes_are_syntax: true,
                report_surrounding: false,
            };
            push_cleaned(
                out,
                Form::Text,
                start + i,
                start + e,
                &raw,
                opts,
                Quoting::Literal,
                |c| {
                    if bearer {
                        c.scheme = Some("Bearer".into())
                    }
                },
            );
            i = e.max(i + 1);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// The length of the run at the start of `b` that can continue a token inside a JSON string: token
/// characters, whitespace, `…`, and the escapes `\n \r \t \b \f \/ \uXXXX`. Whatever ends it (a quote,
/// `\"`, `\\`, any other character) also ends the decoded token, so decoding stops there.
fn escaped_run(b: &[u8]) -> usize {
    let ellipsis = "\u{2026}".as_bytes();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' => match b.get(k + 1) {
                Some(b'n' | b'r' | b't' | b'b' | b'f' | b'/') => k += 2,
                // Four hex digits, or the escape ends the run (and `k` stays on a character boundary).
                Some(b'u')
                    if b.len() >= k + 6 && b[k + 2..k + 6].iter().all(u8::is_ascii_hexdigit) =>
                {
                    k += 6
                }
                _ => break,
            },
            c if is_b64url(c as char) || matches!(c, b'.' | b'=') || is_ws(c as char) => k += 1,
            _ if b[k..].starts_with(ellipsis) => k += ellipsis.len(),
            _ => break,
        }
    }
    k
}

// ---------------------------------------------------------------------------------------------------
// JSON

/// Every string value in a JSON document that holds a token or an Authorization header.
fn json_strings(input: &str, end: usize, out: &mut Extraction) {
    let chars: Vec<Located> = input[..end].char_indices().map(|(i, c)| (c, i)).collect();
    let mut i = 0;
    let mut last_key: Option<String> = None;
    while i < chars.len() {
        if chars[i].0 != '"' {
            i += 1;
            continue;
        }
        let open = chars[i].1;
        let (value, next) = json_string(&chars, i + 1);
        let close = chars.get(next.saturating_sub(1)).map_or(end, |x| x.1 + 1);
        i = next;
        let mut k = i;
        while k < chars.len() && is_ws(chars[k].0) {
            k += 1;
        }
        if k < chars.len() && chars[k].0 == ':' {
            last_key = Some(value.iter().map(|x| x.0).collect());
            continue;
        }
        let key = last_key.take();
        let s: String = value.iter().map(|x| x.0).collect();
        let is_auth = key
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("authorization"));
        if is_auth || starts_with_bearer(s.trim_start()) {
            auth_value(
                out,
                Form::Json,
                open,
                close,
                &value,
                key,
                false,
                Quoting::Literal,
            );
        } else if looks_tokenish(s.trim())
            || (key.as_deref().is_some_and(name_suggests_token) && !s.trim().is_empty())
        {
            let opts = CleanOpts {
                quotes_are_syntax: false,
                report_surrounding: true,
            };
            push_cleaned(
                out,
                Form::Json,
                open,
                close,
                &value,
                opts,
                Quoting::Literal,
                |c| c.name = key,
            );
        }
    }
}

/// Decodes a JSON string body starting after its opening quote; returns its characters (escapes map to
/// the offset of their backslash) and the index after the closing quote.
fn json_string(chars: &[Located], mut i: usize) -> (Vec<Located>, usize) {
    let mut v = Vec::new();
    while i < chars.len() {
        let (c, at) = chars[i];
        match c {
            '"' => return (v, i + 1),
            '\\' if i + 1 < chars.len() => {
                let e = chars[i + 1].0;
                let decoded = match e {
                    'n' => Some('\n'),
                    't' => Some('\t'),
                    'r' => Some('\r'),
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'u' => {
                        let hex: String = chars[i + 2..(i + 6).min(chars.len())]
                            .iter()
                            .map(|x| x.0)
                            .collect();
                        let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        i += 4;
                        ch.or(Some('\u{FFFD}'))
                    }
                    other => Some(other),
                };
                if let Some(d) = decoded {
                    v.push((d, at));
                }
                i += 2;
            }
            _ => {
                v.push((c, at));
                i += 1;
            }
        }
    }
    (v, i)
}

// ---------------------------------------------------------------------------------------------------
// curl

/// A word of a shell command, each character with its offset and whether it was inside single quotes.
#[derive(Default, Debug)]
struct Word {
    chars: Vec<(char, usize, bool)>,
    start: usize,
    end: usize,
}

impl Word {
    fn text(&self) -> String {
        self.chars.iter().map(|x| x.0).collect()
    }
    fn located(&self, from: usize) -> Vec<Located> {
        self.chars[from.min(self.chars.len())..]
            .iter()
            .map(|x| (x.0, x.1))
            .collect()
    }
    fn single_quoted_at(&self, from: usize) -> bool {
        self.chars.get(from).is_some_and(|x| x.2)
    }
}

/// Splits a shell command into words, as a POSIX shell would, from `start` up to the unquoted newline
/// that ends it. Smart quotes are grouped like quotes (so the token is still found) and reported.
/// `chars` is the input from the command's start to the end; `end` is the input's end.
fn shell_words(chars: &[Located], end: usize) -> (Vec<Word>, usize) {
    let mut words = Vec::new();
    let mut cur: Option<Word> = None;
    let mut i = 0;
    let push = |cur: &mut Option<Word>, c: char, at: usize, sq: bool| {
        let w = cur.get_or_insert_with(|| Word {
            start: at,
            ..Word::default()
        });
        w.chars.push((c, at, sq));
        w.end = at + c.len_utf8();
    };
    while i < chars.len() {
        let (c, at) = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].0 == '\n' => i += 2,
            '\\' if i + 2 < chars.len() && chars[i + 1].0 == '\r' && chars[i + 2].0 == '\n' => {
                i += 3
            }
            '\\' if i + 1 < chars.len() => {
                push(&mut cur, chars[i + 1].0, chars[i + 1].1, false);
                i += 2;
            }
            '\n' => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                return (words, at);
            }
            ';' | '|' | '&' => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                return (words, at);
            }
            c if is_ws(c) => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
                i += 1;
            }
            '\'' => {
                cur.get_or_insert_with(|| Word {
                    start: at,
                    ..Word::default()
                });
                i += 1;
                while i < chars.len() && chars[i].0 != '\'' {
                    push(&mut cur, chars[i].0, chars[i].1, true);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                cur.get_or_insert_with(|| Word {
                    start: at,
                    ..Word::default()
                });
                i += 1;
                while i < chars.len() && chars[i].0 != '"' {
                    if chars[i].0 == '\\'
                        && i + 1 < chars.len()
                        && matches!(chars[i + 1].0, '"' | '\\' | '$' | '`' | '\n')
                    {
                        if chars[i + 1].0 != '\n' {
                            push(&mut cur, chars[i + 1].0, chars[i + 1].1, false);
                        }
                        i += 2;
                        continue;
                    }
                    push(&mut cur, chars[i].0, chars[i].1, false);
                    i += 1;
                }
                i += 1;
            }
            '\u{201C}' | '\u{2018}' | '\u{201E}' => {
                // Not shell syntax: the quote reaches curl. Kept in the word (cleaning reports it) and
                // the word runs to the closing smart quote, so the token inside is still found.
                let close = if c == '\u{2018}' {
                    '\u{2019}'
                } else {
                    '\u{201D}'
                };
                push(&mut cur, c, at, false);
                i += 1;
                while i < chars.len() && chars[i].0 != close && chars[i].0 != '\n' {
                    push(&mut cur, chars[i].0, chars[i].1, false);
                    i += 1;
                }
                if i < chars.len() && chars[i].0 == close {
                    push(&mut cur, chars[i].0, chars[i].1, false);
                    i += 1;
                }
            }
            _ => {
                push(&mut cur, c, at, false);
                i += 1;
            }
        }
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    (words, end)
}

/// Longer than any URL a server accepts (most refuse more than 8 KiB of request line).
const MAX_URL: usize = 8192;
/// Longer than any HTTP method.
const MAX_METHOD: usize = 32;

/// `s` cut to at most `max` bytes (at a character boundary), with `…` when it was cut.
fn shorten(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut at = max;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
        s.push('\u{2026}');
    }
    s
}

const CURL_ARG_OPTS: &[&str] = &[
    "-A",
    "--user-agent",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "-e",
    "--referer",
    "-F",
    "--form",
    "-H",
    "--header",
    "-K",
    "--config",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-o",
    "--output",
    "-r",
    "--range",
    "-T",
    "--upload-file",
    "-u",
    "--user",
    "-w",
    "--write-out",
    "-x",
    "--proxy",
    "-X",
    "--request",
    "--url",
    "--json",
    "--cacert",
    "--capath",
    "--cert",
    "--key",
    "--retry",
    "--resolve",
    "--oauth2-bearer",
    "-E",
    "--limit-rate",
    "--max-redirs",
    "--proto",
    "--interface",
    "-y",
    "-Y",
];

/// A curl command: its Authorization headers (and `--oauth2-bearer`), URL and method.
/// Returns the offset where the command ended.
fn curl(chars: &[Located], end: usize, out: &mut Extraction) -> usize {
    let (words, cmd_end) = shell_words(chars, end);
    let mut url = None;
    let mut method: Option<String> = None;
    let mut has_data = false;
    let mut force_get = false;
    let mut headers: Vec<(usize, usize)> = Vec::new(); // (word index, char offset of value)
    let mut bearer_opts: Vec<usize> = Vec::new();
    let mut i = 1;
    while i < words.len() {
        let w = words[i].text();
        let (opt, attached): (&str, Option<usize>) =
            if let Some(eq) = w.find('=').filter(|_| w.starts_with("--")) {
                (&w[..eq], Some(w[..=eq].chars().count()))
            } else if w.starts_with('-')
                && !w.starts_with("--")
                && w.len() > 2
                // `get`: the second character may be a multi-byte one (`-…`).
                && matches!(w.get(..2), Some("-H" | "-X" | "-d" | "-u" | "-F"))
            {
                (&w[..2], Some(2))
            } else {
                (w.as_str(), None)
            };
        let takes_arg = CURL_ARG_OPTS.contains(&opt);
        let (arg_word, arg_off) = match (takes_arg, attached) {
            (true, Some(off)) => (Some(i), off),
            (true, None) => {
                i += 1;
                (if i < words.len() { Some(i) } else { None }, 0)
            }
            _ => (None, 0),
        };
        match opt {
            "-H" | "--header" => {
                if let Some(a) = arg_word {
                    headers.push((a, arg_off))
                }
            }
            "--oauth2-bearer" => {
                if let Some(a) = arg_word {
                    bearer_opts.push(a)
                }
            }
            "-X" | "--request" => {
                if let Some(a) = arg_word {
                    method = Some(words[a].text()[arg_off..].to_ascii_uppercase())
                }
            }
            "--url" => {
                if let Some(a) = arg_word {
                    url = Some(words[a].text()[arg_off..].to_string())
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-urlencode"
            | "--data-ascii" | "--json" | "-F" | "--form" | "-T" | "--upload-file" => {
                has_data = true
            }
            "-G" | "--get" => force_get = true,
            _ if !w.starts_with('-') && url.is_none() => url = Some(w.clone()),
            _ => {}
        }
        i += 1;
    }
    if headers.is_empty() && bearer_opts.is_empty() {
        out.note(
            "a curl command with no header: add -H \"Authorization: Bearer $EVENTS_API_TOKEN\""
                .to_string(),
        );
    }
    // Every candidate of the command gets a copy of these: bounded, so a huge word cannot be copied a
    // thousand times.
    let url = url.map(|u| shorten(u, MAX_URL));
    let method = method.map(|m| shorten(m, MAX_METHOD)).or_else(|| {
        Some(
            if has_data && !force_get {
                "POST"
            } else {
                "GET"
            }
            .to_string(),
        )
    });
    for (wi, off) in headers {
        let word = &words[wi];
        let text: String = word.chars[off.min(word.chars.len())..]
            .iter()
            .map(|x| x.0)
            .collect();
        let Some(colon) = text.find(':') else {
            continue;
        };
        let name_part = text[..colon].trim();
        let name = name_part
            .trim_start_matches(|c: char| is_smart_quote(c))
            .to_string();
        let value_from = off + text[..=colon].chars().count();
        let raw = word.located(value_from);
        let quoting = if word.single_quoted_at(value_from.min(word.chars.len().saturating_sub(1))) {
            Quoting::ShellSingle
        } else {
            Quoting::ShellExpanded
        };
        let before = out.candidates.len();
        if name.eq_ignore_ascii_case("authorization") {
            // Smart quotes at the start of the word belong to the header, not the name: report them.
            let mut raw_all = raw.clone();
            if let Some(&(c, at, _)) = word.chars.first().filter(|x| is_smart_quote(x.0)) {
                raw_all.insert(0, (c, at));
            }
            auth_value(
                out,
                Form::Curl,
                word.start,
                word.end,
                &raw_all,
                Some(name),
                false,
                quoting,
            );
        } else {
            let s: String = raw.iter().map(|x| x.0).collect();
            if looks_tokenish(s.trim()) {
                let opts = CleanOpts {
                    quotes_are_syntax: false,
                    report_surrounding: true,
                };
                push_cleaned(
                    out,
                    Form::Curl,
                    word.start,
                    word.end,
                    &raw,
                    opts,
                    quoting,
                    |c| c.header_name = Some(name),
                );
            }
        }
        for c in &mut out.candidates[before..] {
            c.url = url.clone();
            c.method = method.clone();
        }
    }
    for wi in bearer_opts {
        let word = &words[wi];
        let off = word
            .text()
            .find('=')
            .filter(|_| word.text().starts_with("--"))
            .map_or(0, |e| e + 1);
        let raw = word.located(off);
        let quoting = if word.single_quoted_at(off) {
            Quoting::ShellSingle
        } else {
            Quoting::ShellExpanded
        };
        let opts = CleanOpts {
            quotes_are_syntax: false,
            report_surrounding: true,
        };
        let (u, m) = (url.clone(), method.clone());
        push_cleaned(
            out,
            Form::Curl,
            word.start,
            word.end,
            &raw,
            opts,
            quoting,
            |c| {
                c.scheme = Some("Bearer".into());
                c.header_name = Some("Authorization".into());
                c.url = u;
                c.method = m;
            },
        );
    }
    cmd_end + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJFUzI1NiJ9.eyIxcGFzc3dvcmQiOjF9.c2lnbmF0dXJlc2lnbmF0dXJl";

    fn one(input: &str) -> Candidate {
        let mut e = extract(input);
        assert_eq!(e.candidates.len(), 1, "{input:?}: {:?}", e.candidates);
        e.candidates.remove(0)
    }

    #[test]
    fn every_form_yields_the_same_token() {
        let forms = [
            T.to_string(),
            format!("{T}\n"),
            format!("Bearer {T}"),
            format!("Authorization: Bearer {T}\n"),
            format!("authorization:Bearer {T}"),
            format!(
                "curl -H 'Authorization: Bearer {T}' https://events.1password.com/api/v2/auth/introspect"
            ),
            format!(
                "curl https://events.1password.com/api/v2/auth/introspect \\\n  --header \"Authorization: Bearer {T}\" \\\n  -s"
            ),
            format!("EVENTS_API_TOKEN={T}"),
            format!("export EVENTS_API_TOKEN=\"{T}\""),
            format!("{{\"token\": \"{T}\"}}"),
            format!("{{\"headers\": {{\"Authorization\": \"Bearer {T}\"}}}}"),
            format!("the log said token {T} was rejected"),
        ];
        for f in forms {
            let c = one(&f);
            assert_eq!(c.text(), T, "form {f:?}");
            assert!(c.facts.is_empty(), "form {f:?} facts {:?}", c.facts);
        }
    }

    #[test]
    fn curl_keeps_url_and_method() {
        let c = one(&format!(
            "curl -X POST -H 'Authorization: Bearer {T}' https://events.1password.eu/api/v2/itemusages"
        ));
        assert_eq!(
            c.url.as_deref(),
            Some("https://events.1password.eu/api/v2/itemusages")
        );
        assert_eq!(c.method.as_deref(), Some("POST"));
        let c = one(&format!(
            "curl -d '{{}}' -H 'Authorization: Bearer {T}' https://x/api"
        ));
        assert_eq!(c.method.as_deref(), Some("POST"));
    }

    #[test]
    fn single_quoted_variable_is_a_literal_placeholder() {
        let e = extract(
            "curl -H 'Authorization: Bearer $EVENTS_API_TOKEN' https://events.1password.com/api/v2/auth/introspect",
        );
        assert!(e.candidates.is_empty());
        assert_eq!(e.placeholders.len(), 1);
        assert_eq!(e.placeholders[0].text, "$EVENTS_API_TOKEN");
        assert_eq!(e.placeholders[0].quoting, Quoting::ShellSingle);
        let e = extract("curl -H \"Authorization: Bearer $EVENTS_API_TOKEN\" https://x");
        assert_eq!(e.placeholders[0].quoting, Quoting::ShellExpanded);
    }

    #[test]
    fn cleaning_records_what_it_removed() {
        let c = one(&format!("\"{T}\"\r\n"));
        assert_eq!(c.text(), T);
        assert!(matches!(c.facts[0], Fact::SurroundingWhitespace { .. }));
        assert!(c.facts.iter().any(|f| matches!(f, Fact::Quoted { .. })));
        let (a, b) = T.split_at(40);
        let c = one(&format!("{a}\n{b}\n"));
        assert_eq!(c.text(), T);
        assert!(matches!(c.facts[0], Fact::InnerWhitespace { .. }));
        let c = one(&format!("{a}\u{200B}{b}"));
        assert_eq!(c.text(), T);
        assert!(matches!(c.facts[0], Fact::Invisible { ch: '\u{200B}', .. }));
        let c = one(&format!("{a}..."));
        assert_eq!(c.text(), a);
        assert!(matches!(c.facts[0], Fact::Ellipsis { .. }));
    }

    #[test]
    fn scheme_defects() {
        let c = one(&format!("Authorization: {T}"));
        assert!(matches!(c.facts[0], Fact::MissingScheme { .. }));
        let c = one(&format!("Authorization: Bearer Bearer {T}"));
        assert!(matches!(c.facts[0], Fact::DoubleBearer { .. }));
        assert_eq!(c.text(), T);
        let c = one(&format!("Authorization: Bearer:{T}"));
        assert!(matches!(c.facts[0], Fact::MalformedScheme { .. }));
        assert_eq!(c.text(), T);
        let c = one(&format!("Authorization: Bearer{T}"));
        assert!(matches!(c.facts[0], Fact::MalformedScheme { .. }));
        assert_eq!(c.text(), T);
        let c = one(&format!("Authorization: Token {T}"));
        assert!(matches!(&c.facts[0], Fact::WrongScheme { scheme, .. } if scheme == "Token"));
    }

    #[test]
    fn placeholders() {
        for p in [
            "$EVENTS_API_TOKEN",
            "${TOKEN}",
            "%TOKEN%",
            "{{token}}",
            "<token>",
            "YOUR_TOKEN_HERE",
            "--token--",
            "$(op read op://vault/item/credential)",
        ] {
            assert!(is_placeholder_text(p), "{p}");
            let e = extract(&format!("Authorization: Bearer {p}"));
            assert_eq!(e.placeholders.len(), 1, "{p}");
        }
        assert!(!is_placeholder_text(T));
    }

    #[test]
    fn several_tokens_each_reported() {
        let e = extract(&format!("{T}\n{T}\n"));
        assert_eq!(e.candidates.len(), 2);
        let e = extract(&format!("A_TOKEN={T}\nB_TOKEN={T}\n"));
        assert_eq!(e.candidates.len(), 2);
    }

    #[test]
    fn the_space_after_a_yaml_colon_is_syntax() {
        let c = one(&format!("events_api_token: {T}\n"));
        assert_eq!(c.text(), T);
        assert!(c.facts.is_empty(), "{:?}", c.facts);
    }

    #[test]
    fn a_wrapped_token_in_an_escaped_json_string_is_joined() {
        let (a, b) = T.split_at(30);
        let c = one(&format!("level=info msg=\"{a}\\n{b}\" done"));
        assert_eq!(c.text(), T);
        assert!(matches!(c.facts[0], Fact::InnerWhitespace { .. }));
    }

    #[test]
    fn smart_quotes_in_curl_are_found_and_reported() {
        let c = one(&format!(
            "curl -H \u{201C}Authorization: Bearer {T}\u{201D} https://x"
        ));
        assert_eq!(c.text(), T);
        assert!(c.facts.iter().any(|f| matches!(f, Fact::SmartQuote { .. })));
    }
}
