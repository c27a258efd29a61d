//! Analysis runs the whole offline pipeline on one input: extract candidates, decode each, run the rules,
//! and assemble the [`Report`]. It reads no clock, no file and no network: everything comes in as
//! arguments, so the same input and settings always give the same report.

use sha2::{Digest, Sha256};

use crate::extract::{self, Candidate};
use crate::jwt::{self, Shape};
use crate::profile;
use crate::report::{Report, Source, Span, Times, TokenReport, TokenText};
use crate::rules::{self, Ctx, Settings, hygiene, time};
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
    for p in &extraction.placeholders {
        report.findings.push(hygiene::placeholder(input, p));
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
        report.tokens.push(token_report(input, c, info, settings));
    }
    report.likely_causes = profile::likely_causes(&report);
    report
}

/// Decodes and checks one candidate.
pub fn token_report(
    input: &str,
    c: &Candidate,
    info: &InputInfo,
    settings: &Settings,
) -> TokenReport {
    let token = c.text();
    let decoded = jwt::decode(&token);
    let claims = decoded.claims.object();
    let times = time::resolve(claims);
    let ctx = Ctx {
        input,
        candidate: c,
        token: &token,
        decoded: &decoded,
        times: &times,
        settings,
    };
    let mut findings = rules::run(&ctx);
    let check = verify::verify(&token, decoded.header.object(), &settings.keys);
    rules::signature::findings(&ctx, &check, &mut findings);
    let kind = profile::kind(&token, &decoded, settings.profile.mode);
    let op = profile::onepassword(
        kind,
        &decoded,
        c.url.as_deref(),
        c.method.as_deref(),
        &settings.profile,
    );
    findings.extend(op.findings);
    let times = Times {
        lifetime: op.lifetime,
        ..times
    };
    TokenReport {
        kind,
        token: token_text(&token, decoded.shape, info.show_token),
        source: Source {
            form: c.form.as_str(),
            span: Span::bytes(c.start, c.end).locate(input),
            header_name: c.header_name.clone(),
            scheme: c.scheme.clone(),
            name: c.name.clone(),
            url: c.url.clone(),
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
        secret: crate::secret::Secret::new(token.clone()),
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
        token.find('.').unwrap_or(n).min(12)
    };
    let redacted: String = token.chars().take(prefix).collect::<String>() + "…";
    TokenText {
        redacted,
        length: n,
        fingerprint: fingerprint(token),
        value: show.then(|| token.to_string()),
    }
}

/// `sha256:` and the first 16 hex digits of the token's SHA-256: enough to tell tokens apart and find
/// one again, useless for recovering it.
pub fn fingerprint(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
