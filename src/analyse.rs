//! Analysis runs the whole offline pipeline on one input: extract candidates, decode each, run the rules,
//! and assemble the [`Report`]. It reads no clock, no file and no network: everything comes in as
//! arguments, so the same input and settings always give the same report.

use sha2::{Digest, Sha256};

use crate::extract::{self, Candidate};
use crate::jwt::{self, Shape};
use crate::profile;
use crate::report::{Lines, Report, Source, Span, Times, TokenReport, TokenText};
use crate::rules::{self, Ctx, Settings, hygiene, time};
use crate::secret::Secret;
use crate::verify;

/// What the caller knows about the input beyond its text.
#[derive(Clone, Debug, Default)]
pub struct InputInfo {
    /// The token was given as a command-line argument.
    pub from_argv: bool,
    /// Include the whole token in the report (`--show-token`).
    pub show_token: bool,
}

/// Inspects `input` and reports every token in it.
pub fn analyse(input: &str, info: &InputInfo, settings: &Settings) -> Report {
    let extraction = extract::extract(input);
    let mut report = Report::default();
    if info.from_argv {
        report.findings.push(hygiene::TOKEN_IN_ARGV.finding(
            "the token was passed as an argument: it is now in your shell history.",
            None,
        ));
    }
    let lines = Lines::new(input);
    for p in &extraction.placeholders {
        report.findings.push(hygiene::placeholder(&lines, p));
    }
    if extraction.candidates.is_empty() && extraction.placeholders.is_empty() {
        report.findings.push(hygiene::EMPTY_INPUT.finding(
            if input.trim().is_empty() {
                "the input is empty.".to_string()
            } else if !extraction.notes.is_empty() {
                format!("no token found: {}.", extraction.notes.join("; "))
            } else {
                format!(
                    "no token, Authorization header or curl command found in {} bytes of input.",
                    input.len()
                )
            },
            None,
        ));
    }
    for c in &extraction.candidates {
        report
            .tokens
            .push(token_report_in(&lines, c, info, settings));
    }
    if extraction.skipped > 0 {
        report.findings.push(hygiene::TOO_MANY_TOKENS.finding(
            format!(
                "the input holds more than {max} tokens and placeholders: the first {max} are reported, \
{} more were not checked.",
                extraction.skipped,
                max = extract::MAX_CANDIDATES
            ),
            None,
        ));
    }
    report.likely_causes = profile::likely_causes(&report);
    report
}

/// Decodes and checks one candidate. Indexes `input` first: to check many candidates of one input, make
/// the index once and call [`token_report_in`].
pub fn token_report(
    input: &str,
    c: &Candidate,
    info: &InputInfo,
    settings: &Settings,
) -> TokenReport {
    token_report_in(&Lines::new(input), c, info, settings)
}

/// Decodes and checks one candidate of the input `lines` indexes.
pub fn token_report_in(
    lines: &Lines,
    c: &Candidate,
    info: &InputInfo,
    settings: &Settings,
) -> TokenReport {
    let input = lines.input();
    // Zeroed when the report no longer needs it; the report keeps its own copy for --introspect.
    let token = Secret::new(c.text());
    let decoded = jwt::decode(token.expose());
    let claims = decoded.claims.object();
    let times = time::resolve(claims);
    let ctx = Ctx {
        input,
        lines,
        candidate: c,
        token: token.expose(),
        decoded: &decoded,
        times: &times,
        settings,
    };
    let mut findings = rules::run(&ctx);
    let check = verify::verify(token.expose(), decoded.header.object(), &settings.keys);
    rules::signature::findings(&ctx, &check, &mut findings);
    let kind = profile::kind(token.expose(), &decoded, settings.profile.mode);
    let op = profile::onepassword(
        kind,
        &decoded,
        c.url.as_deref(),
        c.method.as_deref(),
        &settings.profile,
    );
    findings.extend(op.findings);
    rules::cap_per_code(&mut findings);
    let times = Times {
        lifetime: op.lifetime,
        ..times
    };
    TokenReport {
        kind,
        token: token_text(token.expose(), decoded.shape, info.show_token),
        source: Source {
            form: c.form.as_str(),
            span: Span::bytes(c.start, c.end).locate_in(lines),
            header_name: c.header_name.clone(),
            scheme: c.scheme.clone(),
            name: c.name.clone(),
            url: c.url.as_deref().map(redact_url),
            method: c.method.clone(),
        },
        segments: decoded.segments.len(),
        header: decoded.header.object().cloned(),
        claims: claims.cloned(),
        scopes: profile::scopes(claims),
        region: op.region,
        times,
        signature: rules::signature::summary(&check),
        findings,
        introspect: None,
        secret: token,
    }
}

/// The token as it may be shown: a prefix that identifies it without making it usable, its length and a
/// fingerprint. The prefix of a JWT is the start of its header, which is not secret; for anything else,
/// at most a quarter of the text.
pub fn token_text(token: &str, shape: Shape, show: bool) -> TokenText {
    let n = token.chars().count();
    let prefix = if shape == Shape::Opaque {
        (n / 4).min(6)
    } else {
        token.chars().position(|c| c == '.').unwrap_or(n).min(12)
    };
    let redacted: String = token.chars().take(prefix).collect::<String>() + "…";
    TokenText {
        redacted,
        length: n,
        fingerprint: fingerprint(token),
        value: show.then(|| token.to_string()),
    }
}

/// The URL of a request as it may be shown. A URL can carry a credential of its own (a password before
/// the host, `?access_token=` in the query, `#id_token=` in the fragment), and what curl took for the URL
/// may be the token itself, when the option before it took the wrong argument (`--oauth2-bearer Bearer
/// eyJ...`). So the password and every query and fragment value become `…`, and so does any run of 20 or
/// more base64url characters (no host label or API path segment is that long; every token segment is).
pub fn redact_url(url: &str) -> String {
    let (rest, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (url, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let mut out = String::new();
    let after_scheme = match rest.find("://") {
        Some(i) => {
            out.push_str(&redact_runs(&rest[..i + 3]));
            &rest[i + 3..]
        }
        None => rest,
    };
    let authority_end = after_scheme.find('/').unwrap_or(after_scheme.len());
    let host_and_path = match after_scheme[..authority_end].rfind('@') {
        Some(at) => {
            out.push_str("…@");
            &after_scheme[at + 1..]
        }
        None => after_scheme,
    };
    out.push_str(&redact_runs(host_and_path));
    for (sep, part) in [('?', query), ('#', fragment)] {
        let Some(part) = part else { continue };
        out.push(sep);
        let params: Vec<String> = part
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) => format!("{}=…", redact_runs(k)),
                None if p.is_empty() => String::new(),
                None => "…".to_string(),
            })
            .collect();
        out.push_str(&params.join("&"));
    }
    out
}

/// Replaces each run of 20 or more base64url characters by its first four and `…`.
fn redact_runs(s: &str) -> String {
    const LONGEST_SHOWN: usize = 19;
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() > LONGEST_SHOWN {
            out.extend(run.chars().take(4));
            out.push('…');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if extract::is_b64url(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// `sha256:` and the first 16 hex digits of the token's SHA-256: enough to tell tokens apart and find
/// one again, useless for recovering it.
pub fn fingerprint(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_prefix_stops_at_the_first_dot_in_characters() {
        // A byte offset used as a character count showed characters past the dot.
        let t = token_text(
            "\u{e9}\u{e9}\u{e9}\u{e9}.abcdefghij.klmnop",
            Shape::Jws,
            false,
        );
        assert_eq!(t.redacted, "\u{e9}\u{e9}\u{e9}\u{e9}\u{2026}");
        assert_eq!(t.value, None);
    }

    #[test]
    fn urls_lose_credentials_and_token_like_runs() {
        let plain = "https://events.1password.com/api/v2/auth/introspect";
        assert_eq!(redact_url(plain), plain);
        assert_eq!(
            redact_url(
                "https://user:hunter2@events.1password.eu:443/api/v2/itemusages?limit=10&x#frag"
            ),
            "https://…@events.1password.eu:443/api/v2/itemusages?limit=…&…#…"
        );
        assert_eq!(
            redact_url("https://x/cb?access_token=eyJhbGciOiJFUzI1NiJ9.e30.c2ln#id_token=abc"),
            "https://x/cb?access_token=…#id_token=…"
        );
        // A token curl took for the URL: nothing of its signature remains.
        let sig = "c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl";
        let shown = redact_url(&format!("eyJhbGciOiJFUzI1NiJ9.e30.{sig}"));
        assert_eq!(shown, "eyJh….e30.c2ln…");
    }
}
