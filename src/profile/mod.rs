//! Profiles recognise what kind of token a candidate is and read the claims that say what it grants.
//! The generic profile knows JWS and JWE; service-specific knowledge builds on it: [`onepassword`]
//! recognises 1Password's credentials and judges Events API tokens against the request they are sent
//! with. `--profile` chooses: `auto` (recognise and judge what is recognised), `generic` (every token is
//! a plain JWT) or `1password-events` (an Events token is expected; anything else is the wrong kind).

pub mod onepassword;

use serde_json::{Map, Value};

use crate::jwt::{Decoded, Shape};
use crate::report::{Finding, Report};
use onepassword::{CauseInput, Feature, Lifetime, LikelyCause, OnePasswordKind, RegionReport};

/// Which profile judges tokens (`--profile`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProfileMode {
    /// Recognise 1Password credentials and apply the 1Password profile to what is recognised.
    #[default]
    Auto,
    /// Only the generic JWT knowledge: no 1Password kinds or findings.
    Generic,
    /// An Events API token is expected: any other kind is `wrong-token-kind`.
    OnePasswordEvents,
}

/// What the command line says about the profile and the request.
#[derive(Clone, Debug, Default)]
pub struct ProfileSettings {
    pub mode: ProfileMode,
    /// `--require-feature`, parsed.
    pub required: Vec<&'static Feature>,
    /// `--url`: where the token is sent, for inputs that carry no URL (a bare token).
    pub url: Option<String>,
    /// `--method` for `--url`; without it, the method the endpoint takes.
    pub method: Option<String>,
}

/// The kind of token, as shown in reports (`kind`).
pub fn kind(token: &str, decoded: &Decoded, mode: ProfileMode) -> &'static str {
    if mode != ProfileMode::Generic {
        if onepassword::recognise_service_account(token).is_some() {
            return OnePasswordKind::ServiceAccount.as_str();
        }
        if let Some(k) = decoded.claims.object().and_then(onepassword::recognise_jwt) {
            return k.as_str();
        }
    }
    generic_kind(decoded)
}

fn generic_kind(decoded: &Decoded) -> &'static str {
    match decoded.shape {
        Shape::Jwe => "jwe",
        // A damaged JWT (a segment lost or added) is still a JWT when its header says so.
        Shape::Jws | Shape::Other(_) if decoded.alg().is_some() => "jwt",
        _ => "unknown",
    }
}

/// The scopes the token grants, in the token's order: 1Password's `1password.com/fts`, else the OAuth
/// `scope` (space-separated) or `scp` claims.
pub fn scopes(claims: Option<&Map<String, Value>>) -> Vec<String> {
    let Some(c) = claims else {
        return Vec::new();
    };
    for name in ["1password.com/fts", "scp", "scope", "scopes"] {
        match c.get(name) {
            Some(Value::Array(a)) => {
                return a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
            Some(Value::String(s)) => return s.split_whitespace().map(str::to_string).collect(),
            _ => {}
        }
    }
    Vec::new()
}

/// What the 1Password profile adds to one token's report.
#[derive(Clone, Debug, Default)]
pub struct OnePasswordReport {
    pub findings: Vec<Finding>,
    pub region: Option<RegionReport>,
    pub lifetime: Option<Lifetime>,
}

/// Applies the 1Password profile to one token. `url` and `method` are the request the input carried
/// (a curl command); without one, `--url` stands in.
pub fn onepassword(
    kind: &str,
    decoded: &Decoded,
    url: Option<&str>,
    method: Option<&str>,
    settings: &ProfileSettings,
) -> OnePasswordReport {
    if settings.mode == ProfileMode::Generic {
        return OnePasswordReport::default();
    }
    let request = match (url, &settings.url) {
        (Some(u), _) => Some(onepassword::Request {
            method: method.unwrap_or("GET").to_ascii_uppercase(),
            url: u.to_string(),
        }),
        (None, Some(u)) => Some(onepassword::Request {
            method: match &settings.method {
                Some(m) => m.trim().to_ascii_uppercase(),
                None => onepassword::documented_method(u).to_string(),
            },
            url: u.clone(),
        }),
        (None, None) => None,
    };
    let claims = decoded.claims.object();
    let findings = onepassword::findings(&onepassword::ProfileInput {
        kind,
        header: decoded.header.object(),
        claims,
        request: request.as_ref(),
        required: &settings.required,
        expect_events: settings.mode == ProfileMode::OnePasswordEvents,
    });
    let is_events = kind == OnePasswordKind::Events.as_str();
    OnePasswordReport {
        findings,
        region: claims
            .filter(|_| is_events)
            .and_then(|c| onepassword::token_audience(c).region())
            .map(RegionReport::from),
        lifetime: claims
            .filter(|_| is_events)
            .and_then(onepassword::lifetime_of),
    }
}

/// Every error finding in the report (and the warnings that explain a 401), ranked as causes of a 401.
pub fn likely_causes(report: &Report) -> Vec<LikelyCause> {
    fn cause(f: &Finding, token: Option<usize>) -> CauseInput<'_> {
        CauseInput {
            code: f.code,
            severity: f.severity,
            message: &f.message,
            fix: Some(&f.fix),
            token,
        }
    }
    let mut inputs: Vec<CauseInput<'_>> = report.findings.iter().map(|f| cause(f, None)).collect();
    for (i, t) in report.tokens.iter().enumerate() {
        inputs.extend(t.findings.iter().map(|f| cause(f, Some(i + 1))));
    }
    onepassword::likely_causes(&inputs)
}
