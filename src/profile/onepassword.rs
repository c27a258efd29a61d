//! The 1Password profile: what tokenlint knows about 1Password's credentials and the Events API, as
//! plain data and pure functions over a token's decoded header and claims (`serde_json` maps).
//!
//! An *Events API token* is an ES256 JWT that 1Password issues for an Events Reporting integration. Its
//! *features* (the scopes, claim `1password.com/fts`) say which event streams it may read; its audience
//! `aud[0]` names the Events API host of the account's *region*; `exp - iat` is its *lifetime*. A request
//! is an HTTP method and URL; it can go to the wrong host (another region's), the wrong *endpoint*, or
//! need a feature the token lacks. Other 1Password credentials (service account tokens, Connect server
//! tokens) look similar enough to be pasted by mistake, and are recognised so tokenlint can say so.
//!
//! Facts and their sources are in `shared/reference/1password-events-api.md` (hosts, claims, endpoints,
//! expiry choices). Where this file goes beyond a source it says "inferred" and why.
//!
//! Nothing here reads the clock, the network or the environment, and nothing prints a token: findings
//! quote claim values (feature names, audiences), never the token text.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD_INDIFFERENT, URL_SAFE_NO_PAD_INDIFFERENT};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::report::{Finding, Severity};
use crate::rules::Code;

/// A decoded JOSE header or claims set.
pub type JsonObject = Map<String, Value>;

/// `iss` of every token 1Password's web client issues (Events, Connect and service account JWTs alike):
/// `DEFAULT_ISSUER = "com.1password.b5"` in the client's token code.
pub const ISSUER: &str = "com.1password.b5";
/// The features ("scopes") claim. There is no `scope` or `features` claim.
pub const FEATURES_CLAIM: &str = "1password.com/fts";
/// The account UUID claim, present on every 1Password-issued JWT.
pub const ACCOUNT_CLAIM: &str = "1password.com/auuid";
/// Vault grants of a Connect token (`[{"u": vault uuid, "a": access bits}]`).
pub const VAULTS_CLAIM: &str = "1password.com/vts";
/// The audience of the retired streaming service; tokens carrying it must be regenerated.
pub const DEPRECATED_AUDIENCE: &str = "com.1password.streamingservice";
/// The one algorithm 1Password signs Events tokens with, and the only one its clients accept.
pub const EVENTS_ALG: &str = "ES256";
/// The feature a Connect token carries (`TokenFeatures.AccessVaults = "vaultaccess"` in 1Password's
/// client code, which refuses vault claims without it).
pub const CONNECT_FEATURE: &str = "vaultaccess";
/// Audiences of Connect server tokens. `com.1password.connect` is what Connect tokens found in public
/// repositories' configuration carry; `com.1password.secretservice` is the audience of the test token in
/// 1Password/connect-sdk-go `connect/client_test.go` (2020, Connect's early name).
pub const CONNECT_AUDIENCES: [&str; 2] = ["com.1password.connect", "com.1password.secretservice"];

// ---------------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------------

/// The 1Password credentials tokenlint tells apart. Other kinds (`jwt`, `jwe`, `unknown`) belong to the
/// generic profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnePasswordKind {
    /// A bearer token for the Events API.
    Events,
    /// `ops_...`: a service account token for the `op` CLI and SDKs.
    ServiceAccount,
    /// A Connect server access token (`OP_CONNECT_TOKEN`).
    Connect,
}

impl OnePasswordKind {
    /// The stable name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            OnePasswordKind::Events => "1password-events",
            OnePasswordKind::ServiceAccount => "1password-service-account",
            OnePasswordKind::Connect => "1password-connect",
        }
    }

    /// What a person calls it.
    pub fn describe(self) -> &'static str {
        match self {
            OnePasswordKind::Events => "1Password Events API token",
            OnePasswordKind::ServiceAccount => "1Password service account token",
            OnePasswordKind::Connect => "1Password Connect server token",
        }
    }
}

impl fmt::Display for OnePasswordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for OnePasswordKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The kind name for a kind string from any profile, in words (for messages about a wrong kind).
pub fn describe_kind(kind: &str) -> &str {
    match kind {
        "1password-events" => OnePasswordKind::Events.describe(),
        "1password-service-account" => OnePasswordKind::ServiceAccount.describe(),
        "1password-connect" => OnePasswordKind::Connect.describe(),
        "jwt" => "JWT that is not a 1Password Events API token",
        "jwe" => "encrypted JWT (JWE), not an Events API token",
        _ => "string tokenlint does not recognise as a token",
    }
}

/// Recognise a 1Password JWT from its claims.
///
/// Three things hold together on every Events token: `iss` is `com.1password.b5`, the claims carry
/// `1password.com/fts` (and `1password.com/auuid`), and `aud` names an Events host (or the deprecated
/// streaming audience). The first two are shared with Connect and service account JWTs, which 1Password's
/// client builds with the same code, so they only say "1Password issued this"; the audience is what
/// says "for the Events API". So a token is an Events token when it has at least one 1Password marker
/// (issuer, features or account claim: one is enough, so a token whose issuer was edited or lost is
/// still recognised and its defects reported) *and* its audience is Events-like; when `aud` is missing
/// or names no host, a feature that only the Events API grants (`signinattempts`, `itemusages`,
/// `auditevents`) decides instead, and `unknown-region` reports the audience. `alg` is deliberately not
/// part of recognition: a token with Events claims and another `alg` is an Events token that
/// `unexpected-alg` warns about, which tells the user more than calling it a generic JWT would.
///
/// Connect tokens are recognised conservatively, from a 1Password marker plus a Connect audience, or,
/// when the audience is not Events-like, the `vaultaccess` feature or the `1password.com/vts` vault
/// claim. Sources: the test token in 1Password/connect-sdk-go `connect/client_test.go` (claims
/// `1password.com/auuid`, `1password.com/fts: ["vaultaccess"]`, `1password.com/token`,
/// `1password.com/vts`, `aud: ["com.1password.secretservice"]`, `iss: "com.1password.b5"`), Connect
/// tokens in public repositories (same claims, `aud: ["com.1password.connect"]`), and 1Password's
/// client token code (vault claims require the `vaultaccess` feature). That every Connect token carries
/// one of these is inferred from those examples; no document states it.
pub fn recognise_jwt(claims: &JsonObject) -> Option<OnePasswordKind> {
    let marker = claims.get("iss").and_then(Value::as_str) == Some(ISSUER)
        || claims.contains_key(FEATURES_CLAIM)
        || claims.contains_key(ACCOUNT_CLAIM);
    if !marker {
        return None;
    }
    let auds = audiences(claims);
    let events_audience = auds.iter().any(|a| is_events_like_audience(a));
    let connect_audience = auds.iter().any(|a| CONNECT_AUDIENCES.contains(&a.as_str()));
    let features = scopes(claims).unwrap_or_default();
    if events_audience {
        return Some(OnePasswordKind::Events);
    }
    if connect_audience
        || features.iter().any(|f| f == CONNECT_FEATURE)
        || claims.contains_key(VAULTS_CLAIM)
    {
        return Some(OnePasswordKind::Connect);
    }
    if features.iter().any(|f| feature(f).is_some()) {
        return Some(OnePasswordKind::Events);
    }
    None
}

/// An audience that says "Events API": a known host, the deprecated streaming audience, or any
/// `events.` host (a region tokenlint does not know yet, reported as `unknown-region`).
fn is_events_like_audience(aud: &str) -> bool {
    aud == DEPRECATED_AUDIENCE || region_for_host(aud).is_some() || aud.starts_with("events.")
}

/// What a service account token reveals without its secrets: where it signs in, and which fields its
/// JSON body has (names only; `muk`, `secretKey`, `srpX` are secrets and are never copied out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceAccountToken {
    pub sign_in_address: Option<String>,
    pub fields: Vec<String>,
}

/// Recognise a service account token in the raw candidate text (it is not a JWT, so decode never sees
/// it): `ops_` followed by base64 of a JSON object, so the body starts `eyJ` (`{"`). The body is decoded
/// with either base64 alphabet, padding optional, because what matters is recognising the credential,
/// not validating it. A body that starts `eyJ` but does not decode (a truncated copy) is still a service
/// account token, with no fields.
pub fn recognise_service_account(raw: &str) -> Option<ServiceAccountToken> {
    let body = raw.strip_prefix("ops_")?;
    if !body.starts_with("eyJ") {
        return None;
    }
    let trimmed = body.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD_INDIFFERENT
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD_INDIFFERENT.decode(trimmed))
        .ok();
    let object = bytes.and_then(|b| serde_json::from_slice::<JsonObject>(&b).ok());
    Some(match object {
        Some(object) => ServiceAccountToken {
            sign_in_address: object
                .get("signInAddress")
                .and_then(Value::as_str)
                .map(str::to_string),
            fields: object.keys().cloned().collect(),
        },
        None => ServiceAccountToken {
            sign_in_address: None,
            fields: Vec::new(),
        },
    })
}

// ---------------------------------------------------------------------------------------------------
// Features (scopes) and endpoints
// ---------------------------------------------------------------------------------------------------

/// An event stream a token may read, named as in `1password.com/fts` and in the web UI's "Events to
/// Report".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Feature {
    pub name: &'static str,
    pub title: &'static str,
}

/// The documented features, in the order the web UI lists them.
pub const FEATURES: [Feature; 3] = [
    Feature {
        name: "signinattempts",
        title: "Sign-in attempts",
    },
    Feature {
        name: "itemusages",
        title: "Item usages",
    },
    Feature {
        name: "auditevents",
        title: "Audit events",
    },
];

impl Feature {
    /// The endpoints this feature unlocks.
    pub fn endpoints(&self) -> impl Iterator<Item = &'static Endpoint> + '_ {
        ENDPOINTS
            .iter()
            .filter(move |e| e.purpose == Purpose::Events(self.name))
    }
}

/// The documented feature with this exact name.
pub fn feature(name: &str) -> Option<&'static Feature> {
    FEATURES.iter().find(|f| f.name == name)
}

/// Parse a feature name given on the command line. Case, spaces, `-` and `_` are ignored so that
/// "Sign-in attempts" and `sign_in_attempts` both mean `signinattempts`.
pub fn parse_feature_name(input: &str) -> Result<&'static Feature, String> {
    let folded: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(f) = feature(&folded) {
        return Ok(f);
    }
    let names: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
    let nearest = FEATURES
        .iter()
        .map(|f| (levenshtein(&folded, f.name), f.name))
        .min()
        .filter(|(d, name)| *d * 3 <= name.len());
    Err(match nearest {
        Some((_, name)) => format!(
            "unknown feature `{input}`: did you mean `{name}`? (features: {})",
            names.join(", ")
        ),
        None => format!("unknown feature `{input}` (features: {})", names.join(", ")),
    })
}

/// The token's features (`1password.com/fts`) in token order, or `None` when the claim is absent.
/// A non-array value is treated as a list of one, and a non-string entry as its JSON text, so that a
/// malformed claim shows up as an unknown feature instead of vanishing.
pub fn scopes(claims: &JsonObject) -> Option<Vec<String>> {
    let value = claims.get(FEATURES_CLAIM)?;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Some(match value {
        Value::Array(items) => items.iter().map(text).collect(),
        Value::Null => Vec::new(),
        other => vec![text(other)],
    })
}

/// What an endpoint is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Purpose {
    /// Token introspection: any valid token may call it.
    Introspect,
    /// Reading one event stream: needs that feature.
    Events(&'static str),
}

/// An Events API endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub purpose: Purpose,
    /// The v1 introspect path, which 1Password documents as deprecated.
    pub deprecated: bool,
}

impl Endpoint {
    /// The feature this endpoint needs, if any.
    pub fn needs(&self) -> Option<&'static Feature> {
        match self.purpose {
            Purpose::Events(name) => feature(name),
            Purpose::Introspect => None,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

const fn events_endpoint(path: &'static str, feature: &'static str) -> Endpoint {
    Endpoint {
        method: "POST",
        path,
        purpose: Purpose::Events(feature),
        deprecated: false,
    }
}

/// Every documented Events API endpoint (reference: "Introspect", "The other endpoints").
pub const ENDPOINTS: [Endpoint; 8] = [
    Endpoint {
        method: "GET",
        path: "/api/v2/auth/introspect",
        purpose: Purpose::Introspect,
        deprecated: false,
    },
    Endpoint {
        method: "GET",
        path: "/api/auth/introspect",
        purpose: Purpose::Introspect,
        deprecated: true,
    },
    events_endpoint("/api/v1/signinattempts", "signinattempts"),
    events_endpoint("/api/v2/signinattempts", "signinattempts"),
    events_endpoint("/api/v1/itemusages", "itemusages"),
    events_endpoint("/api/v2/itemusages", "itemusages"),
    events_endpoint("/api/v1/auditevents", "auditevents"),
    events_endpoint("/api/v2/auditevents", "auditevents"),
];

/// The method curl uses: `-X` wins; otherwise a body (`-d`, `--data*`, `--json`, `-F`) makes it POST;
/// otherwise GET.
pub fn curl_method(explicit: Option<&str>, has_body: bool) -> String {
    match explicit {
        Some(m) if !m.trim().is_empty() => m.trim().to_ascii_uppercase(),
        _ if has_body => "POST".to_string(),
        _ => "GET".to_string(),
    }
}

/// The method a request to `url` most likely uses when nobody said (`--url` without `--method`): the one
/// its endpoint takes, so that `--url .../api/v2/itemusages` is checked as the POST it will be.
pub fn documented_method(url: &str) -> &'static str {
    let path = parse_url(url).map(|u| u.path).unwrap_or_default();
    let path = path.split(['?', '#']).next().unwrap_or("");
    ENDPOINTS
        .iter()
        .find(|e| e.path == path)
        .map_or("GET", |e| e.method)
}

/// Why a request does not match any Events API endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointProblem {
    /// `/api/v1/auth/introspect`: the v1 introspect path has no version segment.
    NoV1IntrospectPath,
    /// The path exists but takes another method.
    WrongMethod { expected: &'static Endpoint },
    /// A path close to a real one.
    Typo { nearest: &'static Endpoint },
    /// A path tokenlint cannot relate to any endpoint.
    UnknownPath,
}

/// The result of checking a request's method and path against the Events API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointCheck {
    /// No path (or `/`): only the host can be checked.
    NoPath,
    Known(&'static Endpoint),
    Wrong {
        method: String,
        path: String,
        problem: EndpointProblem,
    },
}

impl EndpointCheck {
    /// The feature the request needs. A path that exists but is called with the wrong method still
    /// needs its feature: fixing the method is not enough if the token lacks it.
    pub fn needs(&self) -> Option<&'static Feature> {
        match self {
            EndpointCheck::Known(e) => e.needs(),
            EndpointCheck::Wrong {
                problem: EndpointProblem::WrongMethod { expected },
                ..
            } => expected.needs(),
            _ => None,
        }
    }
}

/// Check a method and a path (query and fragment are ignored) against [`ENDPOINTS`].
pub fn check_endpoint(method: &str, path: &str) -> EndpointCheck {
    let method = method.trim().to_ascii_uppercase();
    let path = path.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() || path == "/" {
        return EndpointCheck::NoPath;
    }
    let wrong = |problem| EndpointCheck::Wrong {
        method: method.clone(),
        path: path.to_string(),
        problem,
    };
    let same_path: Vec<&'static Endpoint> = ENDPOINTS.iter().filter(|e| e.path == path).collect();
    if let Some(e) = same_path.iter().find(|e| e.method == method) {
        return EndpointCheck::Known(e);
    }
    if let Some(e) = same_path.first() {
        return wrong(EndpointProblem::WrongMethod { expected: e });
    }
    if path.trim_end_matches('/') == "/api/v1/auth/introspect" {
        return wrong(EndpointProblem::NoV1IntrospectPath);
    }
    match nearest_endpoint(path, &method) {
        Some(nearest) => wrong(EndpointProblem::Typo { nearest }),
        None => wrong(EndpointProblem::UnknownPath),
    }
}

/// The endpoint a mistyped path most likely meant. First by its last segment (`/api/v3/itemusages`,
/// `/v2/auth/introspect`, `/signinattempts`: the resource is right, the prefix is not), then by edit
/// distance, accepting at most a third of the path's length in edits so that an unrelated path gets no
/// suggestion. Among equals, the endpoint whose method matches the request wins, then v2 over v1.
fn nearest_endpoint(path: &str, method: &str) -> Option<&'static Endpoint> {
    let lowered = path.to_ascii_lowercase();
    let last = lowered
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let prefer =
        |e: &&'static Endpoint| (e.method != method, e.deprecated, !e.path.contains("/v2/"));
    let by_last: Option<&'static Endpoint> = ENDPOINTS
        .iter()
        .filter(|e| e.path.rsplit('/').next() == Some(last))
        .min_by_key(prefer);
    if by_last.is_some() {
        return by_last;
    }
    ENDPOINTS
        .iter()
        .map(|e| (levenshtein(&lowered, e.path), e))
        .filter(|(d, e)| *d * 3 <= e.path.len())
        .min_by_key(|(d, e)| (*d, prefer(e)))
        .map(|(_, e)| e)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------------------------------
// Regions and hosts
// ---------------------------------------------------------------------------------------------------

/// An Events API host and the accounts it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    /// A short stable id: `us`, `ent`, `ca`, `eu`.
    pub id: &'static str,
    pub host: &'static str,
    /// The accounts' name for it, as 1Password's docs write it.
    pub name: &'static str,
}

impl Region {
    /// Where this region's tokens are introspected.
    pub fn introspect_url(&self) -> String {
        format!("https://{}/api/v2/auth/introspect", self.host)
    }
}

/// The four Events API hosts (the OpenAPI description's `servers`; 1Password's events-api-reference).
pub const REGIONS: [Region; 4] = [
    Region {
        id: "us",
        host: "events.1password.com",
        name: "1Password.com",
    },
    Region {
        id: "ent",
        host: "events.ent.1password.com",
        name: "Enterprise",
    },
    Region {
        id: "ca",
        host: "events.1password.ca",
        name: "1Password.ca",
    },
    Region {
        id: "eu",
        host: "events.1password.eu",
        name: "1Password.eu",
    },
];

/// A token's region as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionReport {
    pub host: &'static str,
    pub name: &'static str,
    pub id: &'static str,
    pub introspect_url: String,
}

impl From<&Region> for RegionReport {
    fn from(r: &Region) -> Self {
        RegionReport {
            host: r.host,
            name: r.name,
            id: r.id,
            introspect_url: r.introspect_url(),
        }
    }
}

/// The region whose Events host this is (host names are case-insensitive; a trailing dot is allowed).
pub fn region_for_host(host: &str) -> Option<&'static Region> {
    let host = host.trim_end_matches('.');
    REGIONS.iter().find(|r| r.host.eq_ignore_ascii_case(host))
}

/// `aud` as a list: JWT allows a string or an array of strings. Non-string entries are skipped.
pub fn audiences(claims: &JsonObject) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// What the token's audience says about where it may be sent. 1Password's clients build the base URL
/// as `https://` + `aud[0]`, so only the first audience counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenAudience {
    Region(&'static Region),
    /// `com.1password.streamingservice`: no host at all.
    Deprecated,
    /// `aud[0]` names no known Events host.
    Unknown(String),
    /// No usable `aud`.
    Missing,
}

impl TokenAudience {
    pub fn region(&self) -> Option<&'static Region> {
        match self {
            TokenAudience::Region(r) => Some(r),
            _ => None,
        }
    }
}

pub fn token_audience(claims: &JsonObject) -> TokenAudience {
    match audiences(claims).into_iter().next() {
        None => TokenAudience::Missing,
        Some(aud) if aud == DEPRECATED_AUDIENCE => TokenAudience::Deprecated,
        Some(aud) => match region_for_host(&aud) {
            Some(region) => TokenAudience::Region(region),
            None => TokenAudience::Unknown(aud),
        },
    }
}

/// The parts of a request URL the profile checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestUrl {
    /// Lowercase, without a trailing dot or brackets.
    pub host: String,
    pub port: Option<u16>,
    /// The path with its query and fragment, as written (`""` when there is none).
    pub path: String,
}

/// Split a URL as curl would read it: the scheme is optional, userinfo and port are dropped from the
/// host. Returns `None` when there is no host. Deliberately small: tokenlint only needs the host and the
/// path, and must not fail on the odd URLs people paste.
pub fn parse_url(url: &str) -> Option<RequestUrl> {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i)
            if url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            &url[i + 3..]
        }
        _ => url,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let authority = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']')?;
        let port = v6[close + 1..]
            .strip_prefix(':')
            .and_then(|p| p.parse().ok());
        (&v6[..close], port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, p.parse().ok()),
            _ => (authority, None),
        }
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(RequestUrl {
        host,
        port,
        path: path.to_string(),
    })
}

/// Where a request goes, as far as the profile cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostClass {
    Events(&'static Region),
    /// A 1Password host that serves no Events API (`my.1password.com`, `example.1password.eu`, ...).
    OtherOnePassword,
    Other,
}

pub fn classify_host(host: &str) -> HostClass {
    if let Some(region) = region_for_host(host) {
        return HostClass::Events(region);
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let one_password = ["1password.com", "1password.ca", "1password.eu"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    if one_password {
        HostClass::OtherOnePassword
    } else {
        HostClass::Other
    }
}

// ---------------------------------------------------------------------------------------------------
// Lifetime
// ---------------------------------------------------------------------------------------------------

/// How long a token was issued for (`exp - iat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// The web UI's choices.
    Days30,
    Days90,
    Days180,
    /// No `exp`: the web UI's default, "Never".
    Never,
    /// Any other length: chosen with `op events-api create --expires-in`, or not 1Password's.
    Custom {
        seconds: i64,
    },
}

/// How far `exp - iat` may be from a whole number of days and still count as the web UI's choice.
/// Inferred: the UI's "30 days" is a calendar expiry chosen in the admin's browser, so a daylight-saving
/// change inside the period moves it by an hour, and `exp` may be computed a little before or after the
/// server stamps `iat`. Two hours covers both without confusing any choice with its neighbour.
pub const LIFETIME_TOLERANCE_SECONDS: i64 = 2 * 3600;

const DAY_SECONDS: i64 = 86_400;

/// Classify a lifetime. `None` when there is an `exp` but no `iat` to measure from.
pub fn classify_lifetime(iat: Option<i64>, exp: Option<i64>) -> Option<Lifetime> {
    let Some(exp) = exp else {
        return Some(Lifetime::Never);
    };
    let seconds = exp.checked_sub(iat?)?;
    let near = |days: i64| (seconds - days * DAY_SECONDS).abs() <= LIFETIME_TOLERANCE_SECONDS;
    Some(if near(30) {
        Lifetime::Days30
    } else if near(90) {
        Lifetime::Days90
    } else if near(180) {
        Lifetime::Days180
    } else {
        Lifetime::Custom { seconds }
    })
}

/// The lifetime of a claims set (`iat`/`exp` as JSON numbers; fractions are cut).
pub fn lifetime_of(claims: &JsonObject) -> Option<Lifetime> {
    let number = |name: &str| {
        claims
            .get(name)
            .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
    };
    classify_lifetime(number("iat"), number("exp"))
}

impl Lifetime {
    /// The stable name used in JSON (`times.lifetime`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lifetime::Days30 => "30d",
            Lifetime::Days90 => "90d",
            Lifetime::Days180 => "180d",
            Lifetime::Never => "never",
            Lifetime::Custom { .. } => "custom",
        }
    }

    /// For people: "30 days (a web UI choice)", "never (the web UI's default)", "custom: 45 days 6
    /// hours".
    pub fn describe(self) -> String {
        match self {
            Lifetime::Days30 => "30 days (a web UI choice)".into(),
            Lifetime::Days90 => "90 days (a web UI choice)".into(),
            Lifetime::Days180 => "180 days (a web UI choice)".into(),
            Lifetime::Never => "never (the web UI's default)".into(),
            Lifetime::Custom { seconds } => format!("custom: {}", describe_duration(seconds)),
        }
    }
}

impl Serialize for Lifetime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn describe_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let text = match (days, hours, minutes) {
        (0, 0, 0) => plural(s, "second"),
        (0, 0, m) => plural(m, "minute"),
        (0, h, 0) => plural(h, "hour"),
        (0, h, m) => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
        (d, 0, _) => plural(d, "day"),
        (d, h, _) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
    };
    format!("{sign}{text}")
}

// ---------------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------------

/// A finding of `code` with this input's message and fix (the fix names hosts and paths, so it is more
/// useful than the code's generic one). Profile findings point at no span: they are about the token's
/// claims or the request, not about a place in the input.
fn finding(code: &'static Code, mut message: String, fix: String) -> Finding {
    // Messages are sentences, like the other rules' messages.
    if !message.ends_with(['.', '?']) {
        message.push('.');
    }
    Finding {
        code: code.code,
        severity: code.severity,
        message,
        fix,
        span: None,
    }
}

pub static NO_FEATURES: Code = Code {
    code: "no-features",
    severity: Severity::Error,
    summary: "the token has no features: it can read no events",
    fix: "Issue a new token for your Events Reporting integration with the events it should report \
(Sign-in attempts, Item usages, Audit events).",
    explanation: "An Events API token carries the event streams it may read in the claim \
`1password.com/fts` (\"features\"): `signinattempts`, `itemusages`, `auditevents`. This token's list is \
empty or missing, so every events endpoint refuses it, and nothing on the client side can change that. \
Features are part of the signed claims, so an existing token cannot gain one; when you issue the new \
token, choose the events under \"Events to Report\" (all three by default).",
};

pub static UNKNOWN_FEATURE: Code = Code {
    code: "unknown-feature",
    severity: Severity::Warning,
    summary: "a feature 1Password does not document for the Events API",
    fix: "Nothing, if 1Password added the feature after tokenlint was written; otherwise use the token \
exactly as 1Password issued it.",
    explanation: "`1password.com/fts` contains a name 1Password does not document for the Events API. \
The documented features are `signinattempts` (Sign-in attempts), `itemusages` (Item usages) and \
`auditevents` (Audit events). A name such as `vaultaccess` belongs to a Connect or service account \
token, not to an Events token; a name nobody uses may mean the claims were edited, which also breaks \
the signature.",
};

pub static MISSING_FEATURE: Code = Code {
    code: "missing-feature",
    severity: Severity::Error,
    summary: "the token lacks a feature the request or --require-feature needs",
    fix: "Issue a new token with the missing event type ticked under \"Events to Report\".",
    explanation: "Each events endpoint needs its feature in the token's `1password.com/fts` claim: \
`POST /api/v1|v2/signinattempts` needs `signinattempts`, `.../itemusages` needs `itemusages`, \
`.../auditevents` needs `auditevents`. The request in the input (a curl command, or `--url`) or a \
`--require-feature` flag needs a feature this token was not issued with, so the server refuses the \
request even though the token is otherwise valid. A token's features are part of its signed claims and \
cannot be added later. Introspection (`GET /api/v2/auth/introspect`) lists the features the server \
sees.",
};

pub static DEPRECATED_AUDIENCE_CODE: Code = Code {
    code: "deprecated-audience",
    severity: Severity::Warning,
    summary: "the retired streaming-service audience: regenerate the token",
    fix: "Generate a new token for your Events Reporting integration and replace the old one wherever it \
is configured.",
    explanation: "The token's `aud` is `com.1password.streamingservice`, the audience of 1Password's \
retired streaming service. Current tokens name the Events API host of their account in `aud[0]`, and \
1Password's own clients build the request URL from it: the Splunk app answers such a token with \"Please \
generate a new token\", the Elastic integration fails with \"token does not have a url\".",
};

pub static UNKNOWN_REGION: Code = Code {
    code: "unknown-region",
    severity: Severity::Warning,
    summary: "aud names no known Events API host",
    fix: "Check that the token was issued for the Events API and copied whole; if 1Password has opened a \
new region, use the host its documentation gives.",
    explanation: "An Events API token names its host in `aud[0]`: events.1password.com (1Password.com), \
events.ent.1password.com (Enterprise), events.1password.ca (1Password.ca) or events.1password.eu \
(1Password.eu). This token's audience is none of them, or missing, so tokenlint cannot tell where it \
belongs, and clients that build the URL as `https://` + `aud[0]` cannot either.",
};

pub static REGION_MISMATCH: Code = Code {
    code: "region-mismatch",
    severity: Severity::Error,
    summary: "the token goes to another host than its region's (the request's URL, or --region/--events-url)",
    fix: "Send the request to https://<aud[0]> with the same path; tokenlint prints the exact URL.",
    explanation: "Each 1Password account lives in one region (1Password.com, 1Password.ca, \
1Password.eu, or 1Password Enterprise), and its Events API tokens are accepted only by that region's \
host, the one in the token's `aud[0]`: events.1password.com, events.1password.ca, events.1password.eu or \
events.ent.1password.com. 1Password's own integrations build their base URL from it. Here the token goes \
to another host: the request in the input (a curl command, or --url) names another region's Events API \
(a 1Password.eu account's token sent to events.1password.com, say) or a 1Password host that serves no \
Events API at all (my.1password.com); or, with --introspect, --region or --events-url chose another \
region's host, and tokenlint does not send the token there unless you pass --force. The server answers \
401 however good the token is. This is the classic 401 after copying an example URL from the \
documentation, which uses the US host; if your integration is configured with the other host, the \
configuration is the problem. tokenlint shows every Events token's own introspect URL.",
};

pub static WRONG_ENDPOINT: Code = Code {
    code: "wrong-endpoint",
    severity: Severity::Error,
    summary: "a method or path that is no Events API endpoint",
    fix: "Use the method and path tokenlint suggests: GET /api/v2/auth/introspect, or POST \
/api/v2/signinattempts, /api/v2/itemusages or /api/v2/auditevents with a JSON body.",
    // `\x20`: a string continuation line would swallow the indentation that keeps the table a table.
    explanation: "The Events API has few endpoints, and each takes one method:\n\n\
\x20\x20GET  /api/v2/auth/introspect    (v1, deprecated: GET /api/auth/introspect)\n\
\x20\x20POST /api/v2/signinattempts     (and /api/v1/signinattempts)\n\
\x20\x20POST /api/v2/itemusages         (and /api/v1/itemusages)\n\
\x20\x20POST /api/v2/auditevents        (and /api/v1/auditevents)\n\n\
The request in the input uses another path or method. Frequent mistakes: `/api/v1/auth/introspect` (it \
does not exist: the v1 path has no version segment), POST to introspect (it takes GET and no body), GET \
to an events endpoint (they take POST with a JSON body such as {\"limit\":100} or {\"cursor\":\"...\"}), \
and typos such as `/api/v2/signinattempt`. curl uses GET unless it is given -X or a body (-d, --data, \
--json), which makes it POST.",
};

pub static WRONG_TOKEN_KIND: Code = Code {
    code: "wrong-token-kind",
    severity: Severity::Error,
    summary: "not an Events API token where one is expected",
    fix: "Use the bearer token of your Events Reporting integration: `op read \
\"op://<vault>/<item>/credential\"` prints it.",
    explanation: "The input is not an Events API token, but an Events token is expected: the request \
goes to an Events API host, or `--profile 1password-events` or `--require-feature` was given. 1Password \
has several credentials that look alike: service account tokens (`ops_...`, for the op CLI and SDKs), \
Connect server tokens (JWTs for your own Connect server, `OP_CONNECT_TOKEN`), and Events API tokens \
(JWTs whose `aud` is an events.* host). The Events API accepts only the last kind. 1Password saves an \
Events token as an API Credential item of your Events Reporting integration.",
};

pub static UNEXPECTED_ALG: Code = Code {
    code: "unexpected-alg",
    severity: Severity::Warning,
    summary: "an Events token not signed ES256",
    fix: "Use the token exactly as 1Password issued it.",
    explanation: "1Password signs Events API tokens with ES256 (ECDSA P-256), and its own clients (the \
Splunk app, the Elastic integration) accept no other algorithm. This token has 1Password's Events claims \
but another `alg` in its header: it was re-signed, rebuilt by a tool, or made for a test. The Events API \
will not accept it.",
};

/// Every code this profile emits, for the catalogue (`tokenlint explain`).
pub static CODES: &[&Code] = &[
    &NO_FEATURES,
    &UNKNOWN_FEATURE,
    &MISSING_FEATURE,
    &DEPRECATED_AUDIENCE_CODE,
    &UNKNOWN_REGION,
    &REGION_MISMATCH,
    &WRONG_ENDPOINT,
    &WRONG_TOKEN_KIND,
    &UNEXPECTED_ALG,
];

fn feature_list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// `no-features` and `unknown-feature`.
pub fn feature_findings(claims: &JsonObject) -> Vec<Finding> {
    let mut out = Vec::new();
    let scopes = scopes(claims);
    let documented = FEATURES
        .iter()
        .map(|f| format!("{} ({})", f.name, f.title))
        .collect::<Vec<_>>()
        .join(", ");
    match &scopes {
        None => out.push(finding(&NO_FEATURES,
            format!("the token has no `{FEATURES_CLAIM}` claim, so it can read no events"),
            format!(
                "Issue a new token for your Events Reporting integration and choose the events it may \
                 report: {documented}."
            ),
        )),
        Some(list) if list.is_empty() => out.push(finding(&NO_FEATURES,
            format!("`{FEATURES_CLAIM}` is empty, so the token can read no events"),
            format!(
                "Issue a new token for your Events Reporting integration and choose the events it may \
                 report: {documented}."
            ),
        )),
        Some(_) => {}
    }
    for name in scopes.iter().flatten() {
        if feature(name).is_none() {
            out.push(finding(&UNKNOWN_FEATURE,
                format!("`{FEATURES_CLAIM}` contains `{name}`, which 1Password does not document"),
                format!(
                    "The documented features are {documented}. If 1Password added this one after \
                     tokenlint was written there is nothing to do; otherwise check that this token was \
                     issued for the Events API and not edited."
                ),
            ));
        }
    }
    out
}

/// Why a feature is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// `--require-feature NAME`.
    Flag,
    /// The request's endpoint, e.g. `POST /api/v2/itemusages`.
    Endpoint(String),
}

/// `missing-feature`: one finding per needed feature the token lacks, naming every reason it is needed.
pub fn missing_feature_findings(
    scopes: &[String],
    needed: &[(&'static Feature, Requirement)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (feature, _) in needed {
        if seen.contains(&feature.name) || scopes.iter().any(|s| s == feature.name) {
            continue;
        }
        seen.push(feature.name);
        let reasons: Vec<String> = needed
            .iter()
            .filter(|(f, _)| f.name == feature.name)
            .map(|(_, r)| match r {
                Requirement::Flag => "--require-feature".to_string(),
                Requirement::Endpoint(e) => format!("`{e}`"),
            })
            .collect();
        out.push(finding(&MISSING_FEATURE,
            format!(
                "{} {} the `{}` feature ({}), but the token has only: {}",
                reasons.join(" and "),
                if reasons.len() > 1 { "need" } else { "needs" },
                feature.name,
                feature.title,
                feature_list(scopes)
            ),
            format!(
                "Issue a new token with \"{}\" ticked under Events to Report. A token's features are \
                 part of its signed claims, so an existing token cannot gain one.",
                feature.title
            ),
        ));
    }
    out
}

/// `deprecated-audience` and `unknown-region`.
pub fn audience_findings(claims: &JsonObject) -> Vec<Finding> {
    let hosts = REGIONS
        .iter()
        .map(|r| r.host)
        .collect::<Vec<_>>()
        .join(", ");
    match token_audience(claims) {
        TokenAudience::Region(_) => Vec::new(),
        TokenAudience::Deprecated => vec![finding(&DEPRECATED_AUDIENCE_CODE,
            format!(
                "aud is `{DEPRECATED_AUDIENCE}`, the audience of 1Password's retired streaming \
                 service: 1Password's Splunk app answers \"Please generate a new token\" and its Elastic \
                 integration cannot find the API's URL"
            ),
            "Generate a new token for your Events Reporting integration; current tokens name their \
             Events API host in aud."
                .to_string(),
        )],
        TokenAudience::Unknown(aud) => vec![finding(&UNKNOWN_REGION,
            format!("aud[0] is `{aud}`, which is no known Events API host ({hosts})"),
            "1Password's clients send requests to https://<aud[0]>. Check that this token was issued \
             for the Events API and not edited; if 1Password opened a new region, use the host its \
             documentation gives."
                .to_string(),
        )],
        TokenAudience::Missing => vec![finding(&UNKNOWN_REGION,
            format!("the token has no aud, so it names no Events API host ({hosts})"),
            "Events API tokens name their host in aud[0]. Check that this token was issued for the \
             Events API and copied whole."
                .to_string(),
        )],
    }
}

/// `unexpected-alg`: an Events token whose header does not say ES256.
pub fn alg_finding(header: &JsonObject) -> Option<Finding> {
    let alg = header.get("alg");
    if alg.and_then(Value::as_str) == Some(EVENTS_ALG) {
        return None;
    }
    let shown = match alg {
        None => "no alg".to_string(),
        Some(Value::String(s)) => format!("alg `{s}`"),
        Some(other) => format!("alg {other}"),
    };
    Some(finding(
        &UNEXPECTED_ALG,
        format!(
            "the header has {shown}, but 1Password signs Events tokens with ES256 and its own clients \
             accept nothing else"
        ),
        "Use the token exactly as 1Password issued it. A different alg means it was re-signed or \
         rebuilt, and the Events API will not accept it."
            .to_string(),
    ))
}

/// Why an Events token was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// `--profile 1password-events` or `--require-feature`.
    Flag,
    /// The request goes to this Events API host.
    EventsHost(String),
}

/// `wrong-token-kind`: `kind` is any profile's kind name (`1password-service-account`, `jwt`, ...).
pub fn wrong_kind_finding(kind: &str, expectation: &Expectation) -> Finding {
    let context = match expectation {
        Expectation::Flag => "an Events API token is expected here".to_string(),
        Expectation::EventsHost(host) => format!("the request goes to the Events API at {host}"),
    };
    let article = |s: &str| {
        // "1Password" is said "one password": a consonant sound.
        if s.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        }
    };
    let what = describe_kind(kind);
    let why = match kind {
        "1password-service-account" => {
            " Service account tokens sign the op CLI and SDKs in to a 1Password account; the Events API \
             never accepts them."
        }
        "1password-connect" => {
            " Connect tokens authenticate to your own Connect server (OP_CONNECT_TOKEN); the Events API \
             never accepts them."
        }
        _ => "",
    };
    finding(
        &WRONG_TOKEN_KIND,
        format!("this is {} {what}, but {context}.{why}", article(what)),
        "Use the bearer token of your Events Reporting integration. 1Password saves it as an API \
         Credential item, so `op read \"op://<vault>/<item>/credential\"` prints it."
            .to_string(),
    )
}

/// `region-mismatch` and `wrong-endpoint` for a request, plus the feature its endpoint needs.
/// `token_region` is the region from the token's `aud` (`None` when unknown: no mismatch can be told).
pub fn request_findings(
    token_region: Option<&'static Region>,
    method: &str,
    url: &RequestUrl,
) -> (Vec<Finding>, Option<(&'static Feature, Requirement)>) {
    let mut out = Vec::new();
    let class = classify_host(&url.host);
    if class == HostClass::Other {
        // Not a 1Password host (a proxy, a mock, another API): nothing here says what it expects.
        return (out, None);
    }
    let right_host = token_region.map(|r| r.host);
    let check = check_endpoint(method, &url.path);
    let fixed_path = match &check {
        EndpointCheck::Known(e) => e.path.to_string(),
        EndpointCheck::Wrong { problem, .. } => match problem {
            EndpointProblem::WrongMethod { expected } => expected.path.to_string(),
            EndpointProblem::Typo { nearest } => nearest.path.to_string(),
            EndpointProblem::NoV1IntrospectPath => "/api/v2/auth/introspect".to_string(),
            EndpointProblem::UnknownPath => "/api/v2/auth/introspect".to_string(),
        },
        EndpointCheck::NoPath => String::new(),
    };
    let host_for_fix = right_host.unwrap_or(url.host.as_str());

    if let Some(token_region) = token_region {
        let mismatch = match class {
            HostClass::Events(r) if r.id != token_region.id => Some(format!(
                "the request goes to {} ({}), but the token was issued for {} ({}): an Events host \
                 rejects another region's token with 401",
                r.host, r.name, token_region.host, token_region.name
            )),
            HostClass::OtherOnePassword => Some(format!(
                "the request goes to {}, which serves no Events API; this token's host is {} ({})",
                url.host, token_region.host, token_region.name
            )),
            _ => None,
        };
        if let Some(message) = mismatch {
            out.push(finding(
                &REGION_MISMATCH,
                message,
                format!(
                    "Send the request to https://{}{} (the host in the token's aud).",
                    token_region.host, fixed_path
                ),
            ));
        }
    }

    if let EndpointCheck::Wrong {
        method,
        path,
        problem,
    } = &check
    {
        // The path is quoted in the message, and a token pasted into a URL is a path too.
        let path = crate::analyse::redact_url(path);
        let body_hint = "with a JSON body such as {\"limit\":100} or {\"cursor\":\"...\"}";
        let (message, fix) = match problem {
            EndpointProblem::NoV1IntrospectPath => (
                format!(
                    "`{path}` does not exist: the v1 introspect path is `/api/auth/introspect`, \
                     without a version segment"
                ),
                format!(
                    "Use GET https://{host_for_fix}/api/v2/auth/introspect (or the deprecated v1 path \
                     GET https://{host_for_fix}/api/auth/introspect)."
                ),
            ),
            EndpointProblem::WrongMethod { expected } => {
                let fix = if expected.method == "GET" {
                    format!(
                        "Use GET https://{host_for_fix}{} with no body (curl without -X POST or -d).",
                        expected.path
                    )
                } else {
                    format!(
                        "Use POST https://{host_for_fix}{} {body_hint} (curl -X POST -H \
                         'Content-Type: application/json' -d ...).",
                        expected.path
                    )
                };
                (
                    format!(
                        "`{method} {path}` is the wrong method: `{}` takes {}",
                        expected.path, expected.method
                    ),
                    fix,
                )
            }
            EndpointProblem::Typo { nearest } => (
                format!(
                    "`{path}` is no Events API path; did you mean `{}`?",
                    nearest.path
                ),
                if nearest.method == "POST" {
                    format!(
                        "Use POST https://{host_for_fix}{} {body_hint}.",
                        nearest.path
                    )
                } else {
                    format!("Use GET https://{host_for_fix}{}.", nearest.path)
                },
            ),
            EndpointProblem::UnknownPath => (
                format!("`{method} {path}` is no Events API endpoint"),
                format!(
                    "The Events API has GET /api/v2/auth/introspect and POST /api/v2/signinattempts, \
                     /api/v2/itemusages, /api/v2/auditevents (v1 paths too) on https://{host_for_fix}."
                ),
            ),
        };
        out.push(finding(&WRONG_ENDPOINT, message, fix));
    }

    let need = check.needs().map(|f| {
        let endpoint = match &check {
            EndpointCheck::Known(e) => e.to_string(),
            EndpointCheck::Wrong { problem, .. } => match problem {
                EndpointProblem::WrongMethod { expected } => expected.to_string(),
                _ => String::new(),
            },
            EndpointCheck::NoPath => String::new(),
        };
        (f, Requirement::Endpoint(endpoint))
    });
    (out, need)
}

/// A request the token is (or will be) sent with: from a curl line, or `--url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
}

/// Everything the profile needs to judge one token.
#[derive(Debug, Clone, Copy)]
pub struct ProfileInput<'a> {
    /// The token's kind as recognised by any profile (`1password-events`, `jwt`, `unknown`, ...).
    pub kind: &'a str,
    pub header: Option<&'a JsonObject>,
    pub claims: Option<&'a JsonObject>,
    pub request: Option<&'a Request>,
    /// `--require-feature` names, already parsed.
    pub required: &'a [&'static Feature],
    /// `--profile 1password-events`.
    pub expect_events: bool,
}

/// All profile findings for one token, in a stable order: kind, algorithm, features, audience, request.
///
/// `--require-feature` implies an Events token is expected: a pipeline that needs a feature cannot be
/// served by any other kind, so the finding is `wrong-token-kind` rather than a misleading
/// `missing-feature`.
pub fn findings(input: &ProfileInput<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let is_events = input.kind == OnePasswordKind::Events.as_str();
    let target = input
        .request
        .and_then(|r| parse_url(&r.url).map(|u| (r.method.as_str(), u)));
    let events_host = target
        .as_ref()
        .and_then(|(_, u)| match classify_host(&u.host) {
            HostClass::Events(r) => Some(r),
            _ => None,
        });

    if !is_events {
        // Say "wrong kind" only when the kind is known for sure. A JWT whose claims do not decode, or
        // text of no known kind, may be a damaged Events token: the structure findings explain that
        // better than a claim that it is something else.
        let certain = match input.kind {
            "unknown" => false,
            "jwt" => input.claims.is_some(),
            _ => true,
        };
        let expected = input.expect_events || !input.required.is_empty();
        let expectation = if !certain {
            None
        } else if expected {
            Some(Expectation::Flag)
        } else {
            events_host.map(|r| Expectation::EventsHost(r.host.to_string()))
        };
        if let Some(expectation) = expectation {
            out.push(wrong_kind_finding(input.kind, &expectation));
        }
        // The endpoint is wrong whatever the token: say so too, it is the next 401 or 404 waiting.
        if let Some((method, url)) = &target {
            let (request, _) = request_findings(None, method, url);
            out.extend(request);
        }
        return out;
    }

    let empty = JsonObject::new();
    let claims = input.claims.unwrap_or(&empty);
    if let Some(header) = input.header {
        out.extend(alg_finding(header));
    }
    out.extend(feature_findings(claims));
    out.extend(audience_findings(claims));

    let mut needed: Vec<(&'static Feature, Requirement)> = input
        .required
        .iter()
        .map(|f| (*f, Requirement::Flag))
        .collect();
    if let Some((method, url)) = &target {
        let (request, need) = request_findings(token_audience(claims).region(), method, url);
        out.extend(request);
        needed.extend(need);
    }
    // With no features at all, `no-features` already says everything a missing-feature would.
    let scopes = scopes(claims).unwrap_or_default();
    if !scopes.is_empty() {
        out.extend(missing_feature_findings(&scopes, &needed));
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Likely causes of a 401
// ---------------------------------------------------------------------------------------------------

/// A finding offered to [`likely_causes`]: any profile's code, severity, message and fix.
#[derive(Debug, Clone, Copy)]
pub struct CauseInput<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub fix: Option<&'a str>,
    /// The token it belongs to (1-based), if any.
    pub token: Option<usize>,
}

/// One ranked answer to "why did the server say 401?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LikelyCause {
    pub code: String,
    /// What is wrong: the finding's own message.
    pub cause: String,
    pub fix: String,
    /// Which token (1-based, as in the report) it is about; absent for findings about the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<usize>,
}

/// Codes that explain a 401, in order of certainty.
///
/// First what makes rejection certain whatever else is true: the credential is not an Events token at
/// all, or it goes to a host that is not its own. Then damage done while copying or templating, which
/// means the server never saw the token that was issued: a placeholder or a cut-off token first (nothing
/// of the token is left), then wrong framing (scheme), then stray characters, then encoding details.
/// Then a token that was valid but is no longer, or not yet. Then scope: the token is fine but may not
/// read this stream. Then the request itself: a wrong path or method usually gives 404 or 405 rather than
/// 401, so it explains less of a 401. Last what 1Password's own clients refuse but the server may not.
const CAUSE_RANKING: &[&str] = &[
    "wrong-token-kind",
    "region-mismatch",
    "placeholder",
    "empty-input",
    "truncated",
    "segment-count",
    "not-a-jwt",
    "double-bearer",
    "missing-bearer-scheme",
    "malformed-scheme",
    "wrong-scheme",
    "smart-quotes",
    "invisible-character",
    "inner-whitespace",
    "surrounding-whitespace",
    "quoted",
    "bad-base64url",
    "padded-base64",
    "bad-json",
    "signature-length",
    "alg-none",
    "expired",
    "not-yet-valid",
    "bad-time-claim",
    "missing-feature",
    "no-features",
    "wrong-endpoint",
    "deprecated-audience",
    "unexpected-alg",
];

/// Warnings that explain a 401 all the same. Stray whitespace and quotes are warnings because some
/// clients trim them, but 1Password's Events clients build `"Bearer " + token` without trimming, so the
/// server receives them. 1Password's own clients refuse a deprecated audience.
const WARNINGS_THAT_EXPLAIN: [&str; 3] =
    ["surrounding-whitespace", "quoted", "deprecated-audience"];

/// Rank findings as causes of a 401, most certain first. Error findings count, and the warnings in
/// [`WARNINGS_THAT_EXPLAIN`]; other warnings and infos do not explain a rejection. Errors with codes
/// the ranking does not know come after the ranked ones; within one code, the order given is kept. Each
/// cause keeps the finding's own message and fix, which name this input's hosts and paths; a finding
/// without a fix gets its code's catalogue fix.
pub fn likely_causes(findings: &[CauseInput<'_>]) -> Vec<LikelyCause> {
    let rank = |code: &str| {
        CAUSE_RANKING
            .iter()
            .position(|c| *c == code)
            .unwrap_or(CAUSE_RANKING.len())
    };
    let mut picked: Vec<(usize, usize, &CauseInput<'_>)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.severity == Severity::Error || WARNINGS_THAT_EXPLAIN.contains(&f.code))
        .map(|(i, f)| (rank(f.code), i, f))
        .collect();
    picked.sort_by_key(|(r, i, _)| (*r, *i));
    picked
        .into_iter()
        .map(|(_, _, f)| LikelyCause {
            code: f.code.to_string(),
            cause: f.message.to_string(),
            fix: f
                .fix
                .filter(|fix| !fix.is_empty())
                .or_else(|| crate::rules::lookup(f.code).map(|c| c.fix))
                .unwrap_or("See `tokenlint explain` for this code.")
                .to_string(),
            token: f.token,
        })
        .collect()
}

/// Profile findings as ranking input.
pub fn as_cause_inputs(findings: &[Finding]) -> Vec<CauseInput<'_>> {
    findings
        .iter()
        .map(|f| CauseInput {
            code: f.code,
            severity: f.severity,
            message: &f.message,
            fix: Some(&f.fix),
            token: None,
        })
        .collect()
}

#[cfg(test)]
#[path = "../../tests/support/op_tokens.rs"]
mod op_tokens;

#[cfg(test)]
mod tests;
