//! Introspection is the one online check: tokenlint asks the 1Password Events API itself whether it
//! accepts a token, by sending it once to `GET /api/v2/auth/introspect` on the token's own region host.
//! Offline checks can tell a damaged token from a well-formed one, but only the server knows whether a
//! well-formed token was revoked, belongs to another region, or carries other features than it claims.
//!
//! Everything that leaves the machine leaves from here, so the rules live here too: the token goes only
//! to one of the four Events hosts (taken from the token's `aud`, or chosen with a region), or to a URL the
//! user names explicitly, and then only over https (plain http only to a loopback address, where nothing
//! crosses a network); exactly one request, no redirects followed, bounded in time and in the size of the
//! answer it reads. [`NetError`] messages name the host and the step that failed and never contain the
//! token. Turning an [`Outcome`] into findings is the caller's job; the pure helpers at the end
//! ([`Outcome::answer`], [`compare_features`], [`account_differs`]) give it the facts.

use std::fmt;
use std::io;
use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;
use ureq::http::{HeaderValue, Uri};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use crate::report::{Report, Severity};
use crate::secret::Secret;

/// The introspect endpoint, relative to an Events API base URL.
pub const INTROSPECT_PATH: &str = "/api/v2/auth/introspect";

/// How long connecting, and the whole exchange, may take unless the user says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer tokenlint reads. A real introspect answer is a few hundred bytes; anything near
/// this size is not the Events API, and reading it unbounded would let any server exhaust memory.
pub const BODY_CAP: u64 = 1024 * 1024;

/// The documented Events API rate limits, quoted in messages about 429 answers.
pub const RATE_LIMIT_PER_MINUTE: u32 = 600;
pub const RATE_LIMIT_PER_HOUR: u32 = 30_000;

/// Longest server-provided text kept in an [`Outcome`]; the rest is cut with an ellipsis.
const MAX_SERVER_TEXT: usize = 200;
/// Most features kept from a server answer; real accounts have three.
const MAX_FEATURES: usize = 64;

/// The 1Password account region (or account type) that decides which Events API host serves a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// 1Password.com (Business, US): events.1password.com
    Us,
    /// 1Password Enterprise: events.ent.1password.com
    Ent,
    /// 1Password.ca: events.1password.ca
    Ca,
    /// 1Password.eu: events.1password.eu
    Eu,
}

impl Region {
    pub const ALL: [Region; 4] = [Region::Us, Region::Ent, Region::Ca, Region::Eu];

    /// This region's entry in the profile's table of Events hosts, the one list of hosts tokenlint has.
    pub fn info(self) -> &'static crate::profile::onepassword::Region {
        crate::profile::onepassword::REGIONS
            .iter()
            .find(|r| r.id == self.name())
            .expect("every --region value is in the table of Events hosts")
    }

    /// The Events API host for this region.
    pub fn host(self) -> &'static str {
        self.info().host
    }

    /// The short name used by `--region`.
    pub fn name(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Ent => "ent",
            Region::Ca => "ca",
            Region::Eu => "eu",
        }
    }

    /// The region whose Events host this is (case-insensitive; a trailing dot is allowed, as in DNS).
    pub fn from_host(host: &str) -> Option<Region> {
        let r = crate::profile::onepassword::region_for_host(host)?;
        Region::ALL.into_iter().find(|x| x.name() == r.id)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Region::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown region `{}`: use us (events.1password.com), ent (events.ent.1password.com), \
                     ca (events.1password.ca) or eu (events.1password.eu)",
                    sanitize(s)
                )
            })
    }
}

/// What chose the host a token is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChosenBy {
    /// The token's own `aud[0]`, one of the four Events hosts.
    Audience,
    /// `--region`.
    Region,
    /// `--events-url`.
    EventsUrl,
}

/// Where the introspect request goes. Only [`resolve_target`] makes one, so every `Target` has passed
/// the host and scheme rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    url: String,
    host: String,
    chosen_by: ChosenBy,
    region: Option<Region>,
    #[serde(skip)]
    plain_http: bool,
}

impl Target {
    /// The full request URL, ending in [`INTROSPECT_PATH`].
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `host` or `host:port`, as messages name it.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn chosen_by(&self) -> ChosenBy {
        self.chosen_by
    }

    /// The region whose Events host this is, if it is one of the four.
    pub fn region(&self) -> Option<Region> {
        self.region
    }

    /// True for `http://` to a loopback address: the only unencrypted target allowed.
    pub fn is_plain_http(&self) -> bool {
        self.plain_http
    }

    fn for_region(region: Region, chosen_by: ChosenBy) -> Target {
        Target {
            url: format!("https://{}{INTROSPECT_PATH}", region.host()),
            host: region.host().to_string(),
            chosen_by,
            region: Some(region),
            plain_http: false,
        }
    }
}

/// Decide where to send the token. With no override the host comes from the token's `aud[0]` and must be
/// one of the four Events hosts; `region` picks one of those hosts; `events_url` may name any host, but
/// over https, or http to a loopback address (127.0.0.0/8, ::1, localhost). A URL that already ends in the
/// introspect path is accepted as is. The error text is a complete sentence for the user.
pub fn resolve_target(
    aud0: Option<&str>,
    region: Option<Region>,
    events_url: Option<&str>,
) -> Result<Target, String> {
    match (region, events_url) {
        (Some(_), Some(_)) => Err(
            "--region and --events-url both choose where to send the token; pass only one".to_string(),
        ),
        (Some(region), None) => Ok(Target::for_region(region, ChosenBy::Region)),
        (None, Some(url)) => parse_events_url(url),
        (None, None) => match aud0 {
            Some(aud) => Region::from_host(aud)
                .map(|r| Target::for_region(r, ChosenBy::Audience))
                .ok_or_else(|| {
                    format!(
                        "the token's audience `{}` is not an Events API host (events.1password.com, \
                         events.ent.1password.com, events.1password.ca, events.1password.eu), so \
                         tokenlint will not send it anywhere on its own; choose the host with --region \
                         or --events-url",
                        sanitize(aud)
                    )
                }),
            None => Err(
                "the token names no audience (`aud`), so it does not say which Events API host serves \
                 it; choose the host with --region or --events-url"
                    .to_string(),
            ),
        },
    }
}

fn parse_events_url(text: &str) -> Result<Target, String> {
    let shown = sanitize(text);
    let bad = |why: &str| format!("--events-url `{shown}` {why}");
    let uri: Uri = text
        .trim()
        .parse()
        .map_err(|_| bad("is not a URL (expected e.g. https://events.1password.com)"))?;
    let scheme = uri
        .scheme_str()
        .ok_or_else(|| bad("has no scheme: write https://HOST"))?
        .to_ascii_lowercase();
    let authority = uri
        .authority()
        .ok_or_else(|| bad("has no host: write https://HOST"))?;
    if authority.as_str().contains('@') {
        return Err(bad(
            "carries a user name or password; the token is the only credential sent",
        ));
    }
    if uri.query().is_some() {
        return Err(bad(
            "has a query string; give the base URL of the Events API",
        ));
    }
    let host = authority.host();
    let plain_http = match scheme.as_str() {
        "https" => false,
        "http" if is_loopback(host) => true,
        "http" => {
            return Err(bad(
                "uses plain http to a host that is not on this machine; the token would cross the \
                 network unencrypted. Use https (plain http is only allowed to 127.0.0.1, ::1 or \
                 localhost)",
            ));
        }
        _ => return Err(bad("must use https")),
    };
    let path = uri.path().trim_end_matches('/');
    let prefix = path.strip_suffix(INTROSPECT_PATH).unwrap_or(path);
    let base = format!("{scheme}://{}{prefix}", authority.as_str());
    Ok(Target {
        url: format!("{base}{INTROSPECT_PATH}"),
        host: authority.as_str().to_string(),
        chosen_by: ChosenBy::EventsUrl,
        region: if authority.port().is_none() {
            Region::from_host(host)
        } else {
            None
        },
        plain_http,
    })
}

/// 127.0.0.0/8, ::1 (with or without brackets) and `localhost`.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// An override that sends a token to another region's Events host than the one its `aud` names. The
/// server will answer 401, and the user probably picked the wrong region or account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionMismatch {
    pub token_host: String,
    pub token_region: Region,
    pub target_host: String,
    pub target_region: Region,
    pub chosen_by: ChosenBy,
}

impl fmt::Display for RegionMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let flag = match self.chosen_by {
            ChosenBy::Region => format!("--region {}", self.target_region),
            _ => "--events-url".to_string(),
        };
        write!(
            f,
            "the token's audience is {} (region {}), but {flag} sends it to {} (region {}); the Events \
             API accepts a token only at its own region's host",
            self.token_host, self.token_region, self.target_host, self.target_region
        )
    }
}

/// Whether an override disagrees with the token's `aud[0]`. Only a disagreement between two known
/// regions counts: an `--events-url` to a host that is not an Events host (a local test server, a
/// corporate gateway) says nothing about regions, and an audience that is not an Events host is the
/// offline audience rules' business.
pub fn region_mismatch(aud0: Option<&str>, target: &Target) -> Option<RegionMismatch> {
    if target.chosen_by == ChosenBy::Audience {
        return None;
    }
    let aud = aud0?;
    let token_region = Region::from_host(aud)?;
    let target_region = target.region?;
    (token_region != target_region).then(|| RegionMismatch {
        token_host: token_region.host().to_string(),
        token_region,
        target_host: target.host.clone(),
        target_region,
        chosen_by: target.chosen_by,
    })
}

/// Where the request may go through a proxy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProxySetting {
    /// `ALL_PROXY`, `HTTPS_PROXY` or `HTTP_PROXY`, minus the hosts in `NO_PROXY` (the default).
    #[default]
    FromEnvironment,
    /// Connect directly.
    Direct,
    /// This proxy URL (`http://host:port`, `socks5://...`).
    Url(String),
}

/// Extra trust roots, added to the built-in Mozilla (webpki) roots: the root certificate of a corporate
/// proxy that inspects TLS, or of a test server.
#[derive(Clone, Default)]
pub struct CaCerts(Vec<Certificate<'static>>);

impl CaCerts {
    /// Every `CERTIFICATE` block in a PEM file. A file with none is an error, because a user who passed
    /// `--ca-cert` expects it to change something.
    pub fn from_pem(pem: &[u8]) -> Result<CaCerts, String> {
        let mut certs = Vec::new();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(cert)) => certs.push(cert),
                Ok(_) => {}
                Err(_) => return Err("the PEM text is damaged".to_string()),
            }
        }
        if certs.is_empty() {
            return Err(
                "it contains no `-----BEGIN CERTIFICATE-----` block (a CA certificate in PEM form is \
                 expected)"
                    .to_string(),
            );
        }
        Ok(CaCerts(certs))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for CaCerts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaCerts({} certificates)", self.0.len())
    }
}

/// How to talk to the server.
#[derive(Debug, Clone)]
pub struct Options {
    /// Limit for connecting (DNS, TCP, TLS) and, separately, for the whole exchange.
    pub timeout: Duration,
    pub ca_certs: CaCerts,
    pub proxy: ProxySetting,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: DEFAULT_TIMEOUT,
            ca_certs: CaCerts::default(),
            proxy: ProxySetting::FromEnvironment,
        }
    }
}

/// Which body the server answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyShape {
    /// `uuid`, `issued_at`, `features`, `account_uuid`.
    V2,
    /// The deprecated PascalCase shape: `UUID`, `IssuedAt`, `Features`.
    V1,
    /// `{"Error":{"Message":"..."}}`.
    Error,
}

/// The server's answer. Every text in it came from the server: it is cleaned of control characters,
/// cut to a sane length, and the token is blanked out of it should a server echo it back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub url: String,
    pub status: u16,
    /// `None` when the body was empty or not one of the known shapes.
    pub shape: Option<BodyShape>,
    /// The integration (the token's) uuid.
    pub uuid: Option<String>,
    pub issued_at: Option<String>,
    pub features: Option<Vec<String>>,
    pub account_uuid: Option<String>,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// `Error.Message` from an error body, or the start of a body that is not JSON.
    pub server_message: Option<String>,
    /// The `Location` of a redirect, which tokenlint reports and does not follow.
    pub location: Option<String>,
}

/// The step of an exchange that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetStep {
    /// Building the request (a token that cannot be an HTTP header value, a bad proxy URL).
    Request,
    Dns,
    Connect,
    Proxy,
    Tls,
    Timeout,
    /// Sending the request or reading the answer on an open connection.
    Exchange,
    BodyTooLarge,
}

/// A network failure. Its text names the host (or proxy) and the step, and never contains the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetError {
    step: NetStep,
    host: String,
    via_proxy: Option<String>,
    message: String,
}

impl NetError {
    pub fn step(&self) -> NetStep {
        self.step
    }

    /// The Events host the request was for.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The proxy in use, `host:port`, when the request went through one.
    pub fn via_proxy(&self) -> Option<&str> {
        self.via_proxy.as_deref()
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = &self.host;
        let via = self
            .via_proxy
            .as_deref()
            .map(|p| format!(" through proxy {p}"))
            .unwrap_or_default();
        match self.step {
            NetStep::Request => {
                write!(f, "could not build the request to {host}: {}", self.message)
            }
            NetStep::Dns => write!(f, "DNS lookup of {host}{via} failed: {}", self.message),
            NetStep::Connect => write!(f, "connecting to {host}{via} failed: {}", self.message),
            NetStep::Proxy => match &self.via_proxy {
                Some(p) => write!(
                    f,
                    "going through proxy {p} to {host} failed: {}",
                    self.message
                ),
                None => write!(f, "the proxy for {host} failed: {}", self.message),
            },
            NetStep::Tls => write!(f, "TLS handshake with {host}{via} failed: {}", self.message),
            NetStep::Timeout => write!(f, "talking to {host}{via} timed out: {}", self.message),
            NetStep::Exchange => write!(f, "exchange with {host}{via} failed: {}", self.message),
            NetStep::BodyTooLarge => {
                write!(
                    f,
                    "reading the answer from {host}{via} failed: {}",
                    self.message
                )
            }
        }
    }
}

impl std::error::Error for NetError {}

/// Send the token once and read the answer. Any HTTP status is an [`Outcome`]; only a failure to get
/// an answer at all is a [`NetError`].
pub fn introspect(token: &Secret, target: &Target, opts: &Options) -> Result<Outcome, NetError> {
    let proxy = effective_proxy(target, opts).map_err(|message| NetError {
        step: NetStep::Request,
        host: target.host.clone(),
        via_proxy: None,
        message,
    })?;
    let ctx = ErrorContext {
        host: target.host.clone(),
        via_proxy: proxy.as_ref().map(|p| format!("{}:{}", p.host(), p.port())),
        timeout: opts.timeout,
        token,
    };

    let mut tls = TlsConfig::builder();
    if !opts.ca_certs.is_empty() {
        let roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|der| Certificate::from_der(der.as_ref()))
            .chain(opts.ca_certs.0.iter().cloned());
        tls = tls.root_certs(RootCerts::from(roots));
    }
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(format!("tokenlint/{}", env!("CARGO_PKG_VERSION")))
        .proxy(proxy)
        .timeout_connect(Some(opts.timeout))
        .timeout_global(Some(opts.timeout))
        .tls_config(tls.build())
        .build()
        .new_agent();

    let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|_| ctx.error(
            NetStep::Request,
            "the token contains characters that cannot be sent in an HTTP header (a line break or a \
             control character); fix the token first",
        ))?;
    authorization.set_sensitive(true);

    let mut response = agent
        .get(&target.url)
        .header("Authorization", authorization)
        .call()
        .map_err(|e| ctx.classify(e))?;

    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| clean(&String::from_utf8_lossy(v.as_bytes()), token))
    };
    let retry_after = header("retry-after");
    let location = header("location");
    let body = response
        .body_mut()
        .with_config()
        .limit(BODY_CAP)
        .read_to_vec()
        .map_err(|e| ctx.classify(e))?;

    let mut outcome = parse_body(&body, token);
    outcome.url = target.url.clone();
    outcome.status = status;
    outcome.retry_after = retry_after;
    outcome.location = location;
    Ok(outcome)
}

/// The proxy this request would go through. Plain http goes only to loopback, and sending it through a
/// proxy would carry the token across a network unencrypted, so it never uses one.
fn effective_proxy(target: &Target, opts: &Options) -> Result<Option<ureq::Proxy>, String> {
    if target.plain_http {
        return Ok(None);
    }
    let proxy = match &opts.proxy {
        ProxySetting::Direct => None,
        ProxySetting::FromEnvironment => ureq::Proxy::try_from_env(),
        ProxySetting::Url(url) => Some(ureq::Proxy::new(url).map_err(|_| {
            // The URL may hold a proxy password: do not repeat it.
            "the proxy setting is not a valid proxy URL (expected http://HOST:PORT)".to_string()
        })?),
    };
    let uri: Uri = target
        .url
        .parse()
        .map_err(|_| "the target URL does not parse".to_string())?;
    Ok(proxy.filter(|p| !p.is_no_proxy(&uri)))
}

struct ErrorContext<'a> {
    host: String,
    via_proxy: Option<String>,
    timeout: Duration,
    token: &'a Secret,
}

impl ErrorContext<'_> {
    fn error(&self, step: NetStep, message: impl Into<String>) -> NetError {
        NetError {
            step,
            host: self.host.clone(),
            via_proxy: self.via_proxy.clone(),
            // Library error texts do not contain request headers, but a blanket scrub costs nothing
            // and keeps that true whatever a future library version prints.
            message: scrub(&message.into(), self.token),
        }
    }

    fn classify(&self, err: ureq::Error) -> NetError {
        use ureq::Error as E;
        let secs = self.timeout.as_secs_f64();
        let proxied = self.via_proxy.is_some();
        match err {
            E::HostNotFound if proxied => self.error(
                NetStep::Dns,
                "the proxy's host name does not resolve; check HTTPS_PROXY / ALL_PROXY",
            ),
            E::HostNotFound => self.error(
                NetStep::Dns,
                "the name does not resolve; check the host name, your DNS and your network",
            ),
            E::Timeout(phase) => self.timeout_error(phase, secs),
            E::Io(e) => self.io_error(e),
            E::Rustls(e) => self.tls_error(&e),
            E::Tls(msg) => self.error(NetStep::Tls, msg),
            E::ConnectProxyFailed(reason) => {
                let hint = if reason.contains("407") {
                    "the proxy wants a user name and password: put them in the proxy URL"
                } else {
                    "check HTTPS_PROXY and NO_PROXY"
                };
                self.error(
                    NetStep::Proxy,
                    format!("the proxy did not open a tunnel ({reason}); {hint}"),
                )
            }
            E::InvalidProxyUrl => self.error(NetStep::Proxy, "the proxy URL is not valid"),
            E::BodyExceedsLimit(_) => self.error(
                NetStep::BodyTooLarge,
                format!(
                    "the body is larger than the {} MiB cap; an introspect answer is a few hundred \
                     bytes, so this server is not the Events API (a captive portal or a wrong \
                     --events-url?)",
                    BODY_CAP / (1024 * 1024)
                ),
            ),
            E::LargeResponseHeader(..) => self.error(
                NetStep::Exchange,
                "the answer's headers are too large; this server is not the Events API",
            ),
            E::Protocol(e) => self.error(
                NetStep::Exchange,
                format!("the answer is not valid HTTP/1.1 ({e}); is this an https URL written as http, or not a web server?"),
            ),
            E::Decompress(kind, e) => {
                self.error(NetStep::Exchange, format!("the {kind} answer does not decompress ({e})"))
            }
            E::BadUri(_) | E::Http(_) => {
                self.error(NetStep::Request, "the request could not be built for this URL")
            }
            other => self.error(NetStep::Exchange, other.to_string()),
        }
    }

    fn timeout_error(&self, phase: ureq::Timeout, secs: f64) -> NetError {
        use ureq::Timeout as T;
        let what = match phase {
            T::Resolve => format!("looking up the host name took longer than {secs} s"),
            T::Connect => format!("connecting (TCP and TLS) took longer than {secs} s"),
            T::SendRequest | T::SendBody | T::PerWrite => {
                format!("sending the request took longer than {secs} s")
            }
            T::RecvResponse | T::PerRead => format!("no answer within {secs} s"),
            T::RecvBody => format!("reading the answer took longer than {secs} s"),
            // The whole-exchange limit: ureq does not say which step it interrupted.
            _ => format!("no complete answer within {secs} s"),
        };
        self.error(
            NetStep::Timeout,
            format!("{what}; raise the limit with --timeout SECS"),
        )
    }

    fn io_error(&self, e: io::Error) -> NetError {
        if let Some(tls) = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return self.tls_error(tls);
        }
        let target = if self.via_proxy.is_some() {
            "the proxy"
        } else {
            "the server"
        };
        use io::ErrorKind as K;
        match e.kind() {
            K::ConnectionRefused => self.error(
                NetStep::Connect,
                format!("connection refused: nothing listens on that port of {target}"),
            ),
            K::TimedOut | K::WouldBlock => self.error(
                NetStep::Timeout,
                format!("the connection timed out ({e}); raise the limit with --timeout SECS"),
            ),
            K::NetworkUnreachable | K::HostUnreachable | K::AddrNotAvailable | K::NetworkDown => {
                self.error(
                    NetStep::Connect,
                    format!("no route to {target} ({e}); check your network"),
                )
            }
            K::ConnectionReset | K::ConnectionAborted | K::UnexpectedEof | K::BrokenPipe => self
                .error(
                    NetStep::Exchange,
                    format!("{target} closed the connection before answering ({e})"),
                ),
            _ => self.error(NetStep::Exchange, e.to_string()),
        }
    }

    fn tls_error(&self, e: &rustls::Error) -> NetError {
        use rustls::CertificateError as C;
        let message = match e {
            rustls::Error::InvalidCertificate(cert) => match cert {
                C::UnknownIssuer => {
                    "certificate not trusted; if a corporate proxy inspects TLS, pass \
                                     its root with --ca-cert"
                        .to_string()
                }
                C::NotValidForName | C::NotValidForNameContext { .. } => format!(
                    "the certificate is not valid for {} (wrong host, or a proxy answering for it)",
                    self.host
                ),
                C::Expired | C::ExpiredContext { .. } => {
                    "the server's certificate has expired (or this machine's clock is wrong)"
                        .to_string()
                }
                C::NotValidYet | C::NotValidYetContext { .. } => {
                    "the server's certificate is not valid yet (is this machine's clock wrong?)"
                        .to_string()
                }
                C::Revoked => "the server's certificate is revoked".to_string(),
                other => format!("the certificate was refused ({other:?})"),
            },
            other => other.to_string(),
        };
        self.error(NetStep::Tls, message)
    }
}

/// The introspect answer. Fields are optional so that a partial answer still shows what it has; the
/// aliases read the deprecated v1 (PascalCase) shape with the same struct.
#[derive(serde::Deserialize)]
struct TokenInfo {
    #[serde(alias = "UUID")]
    uuid: Option<String>,
    #[serde(alias = "IssuedAt")]
    issued_at: Option<String>,
    #[serde(alias = "Features")]
    features: Option<Vec<String>>,
    #[serde(alias = "AccountUUID")]
    account_uuid: Option<String>,
}

fn parse_body(body: &[u8], token: &Secret) -> Outcome {
    let mut out = Outcome::default();
    let text = |s: Option<String>| s.map(|s| clean(&s, token));
    let list = |v: Option<Vec<String>>| {
        v.map(|v| {
            v.iter()
                .take(MAX_FEATURES)
                .map(|s| clean(s, token))
                .collect()
        })
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        let shown = String::from_utf8_lossy(body);
        if !shown.trim().is_empty() {
            out.server_message = Some(clean(shown.trim(), token));
        }
        return out;
    };
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    if let Some(error) = map.get("Error").or_else(|| map.get("error")) {
        out.shape = Some(BodyShape::Error);
        let message = error
            .get("Message")
            .or_else(|| error.get("message"))
            .and_then(|m| m.as_str())
            .or_else(|| error.as_str());
        out.server_message = message.map(|m| clean(m, token));
        return out;
    }
    let shape = if has(&["uuid", "issued_at", "features", "account_uuid"]) {
        BodyShape::V2
    } else if has(&["UUID", "IssuedAt", "Features"]) {
        BodyShape::V1
    } else {
        return out;
    };
    if let Ok(info) = serde_json::from_value::<TokenInfo>(serde_json::Value::Object(map)) {
        out.shape = Some(shape);
        out.uuid = text(info.uuid);
        out.issued_at = text(info.issued_at);
        out.features = list(info.features);
        out.account_uuid = text(info.account_uuid);
    }
    out
}

/// What an answer means, for the caller to turn into findings and messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 200: the server accepts the token.
    Accepted,
    /// 401: the server refuses the token.
    Rejected,
    /// 429: too many requests with this token; `retry_after` as the server sent it.
    RateLimited { retry_after: Option<String> },
    /// 400: the server could not understand the request.
    BadRequest,
    /// 5xx: the server failed; the token may be fine.
    ServerError,
    /// 3xx: a redirect, which tokenlint does not follow (the token would go to another URL).
    Redirect { location: Option<String> },
    /// Anything else (403, 404, ...).
    Unexpected,
}

impl Answer {
    /// A stable kebab-case name for the JSON report.
    pub fn as_str(&self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::Rejected => "rejected",
            Answer::RateLimited { .. } => "rate-limited",
            Answer::BadRequest => "bad-request",
            Answer::ServerError => "server-error",
            Answer::Redirect { .. } => "redirect",
            Answer::Unexpected => "unexpected",
        }
    }
}

impl Outcome {
    pub fn answer(&self) -> Answer {
        match self.status {
            200 => Answer::Accepted,
            401 => Answer::Rejected,
            429 => Answer::RateLimited {
                retry_after: self.retry_after.clone(),
            },
            400 => Answer::BadRequest,
            300..=399 => Answer::Redirect {
                location: self.location.clone(),
            },
            500..=599 => Answer::ServerError,
            _ => Answer::Unexpected,
        }
    }

    /// One sentence on what the answer means, for the human report.
    pub fn summary(&self) -> String {
        let said = self
            .server_message
            .as_deref()
            .map(|m| format!(" (the server said: {m})"))
            .unwrap_or_default();
        match self.answer() {
            Answer::Accepted => "200 OK: the server accepts this token".to_string(),
            Answer::Rejected => format!("401 Unauthorized: the server refuses this token{said}"),
            Answer::RateLimited { retry_after } => {
                let wait = match retry_after {
                    Some(r) => {
                        format!("; the server asks to wait {r} before trying again (Retry-After)")
                    }
                    None => "; the server sent no Retry-After, so wait a minute".to_string(),
                };
                format!(
                    "429 Too Many Requests: this token went over the Events API rate limits \
                     ({RATE_LIMIT_PER_MINUTE} requests a minute, {RATE_LIMIT_PER_HOUR} an hour){wait}"
                )
            }
            Answer::BadRequest => format!(
                "400 Bad Request: the server could not understand the request{said}; something \
                 between tokenlint and the Events API may have changed it"
            ),
            Answer::ServerError => format!(
                "{} server error: the Events API failed to answer{said}; this says nothing about the \
                 token, try again later",
                self.status
            ),
            Answer::Redirect { location } => format!(
                "{} redirect{}: not followed, because the token would be sent to another URL; check \
                 --events-url",
                self.status,
                location.map(|l| format!(" to {l}")).unwrap_or_default()
            ),
            Answer::Unexpected => format!(
                "HTTP {}: not an answer the Events API gives for introspect{said}; is the URL right?",
                self.status
            ),
        }
    }
}

/// The online check of one token, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Introspection {
    /// Whether the token was sent.
    pub sent: bool,
    /// Why it was not sent, when it was not.
    pub not_sent_reason: Option<String>,
    /// Where it was sent, or would have been.
    pub target: Option<Target>,
    /// `accepted`, `rejected`, `rate-limited`, `bad-request`, `server-error`, `redirect` or
    /// `unexpected`, when the server answered.
    pub verdict: Option<&'static str>,
    /// One sentence on the answer.
    pub summary: Option<String>,
    pub response: Option<Outcome>,
    /// Why no answer came, when the token was sent and the exchange failed.
    pub error: Option<NetFailure>,
}

/// A [`NetError`] as report data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetFailure {
    pub step: NetStep,
    pub host: String,
    pub message: String,
}

impl From<&NetError> for NetFailure {
    fn from(e: &NetError) -> Self {
        NetFailure {
            step: e.step,
            host: e.host.clone(),
            message: e.to_string(),
        }
    }
}

/// What the user asked for with `--introspect`.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub region: Option<Region>,
    pub events_url: Option<String>,
    /// Send even when the offline checks found errors or the chosen host disagrees with `aud`.
    pub force: bool,
    pub options: Options,
}

/// The first audience of a token: `aud` as a string, or the first string of an `aud` array.
pub fn first_audience(claims: Option<&serde_json::Map<String, serde_json::Value>>) -> Option<&str> {
    match claims?.get("aud")? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Array(a) => a.first()?.as_str(),
        _ => None,
    }
}

/// Runs the online check for every token of `report`, adding each token's [`Introspection`] and the
/// online findings. A token is sent only when its offline checks found no error and the chosen host
/// agrees with its `aud` (or with `force`). `send` does the exchange: [`introspect`] in the binary.
///
/// Returns what kept the check from being done, one sentence each (a host that cannot be chosen, a
/// network failure): the caller reports them and exits 2. Tokens held back by their own findings are not
/// in it; those findings already fail the run.
pub fn check(
    report: &mut Report,
    req: &Request,
    mut send: impl FnMut(&Secret, &Target) -> Result<Outcome, NetError>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for t in report.tokens.iter_mut() {
        let secret = t.secret.clone();
        let secret = &secret;
        let aud0 = first_audience(t.claims.as_ref()).map(str::to_string);
        let offline: Vec<&'static str> = t
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code)
            .collect();
        let mut check = Introspection {
            sent: false,
            not_sent_reason: None,
            target: None,
            verdict: None,
            summary: None,
            response: None,
            error: None,
        };
        let held_back = (!offline.is_empty() && !req.force).then(|| {
            format!(
                "the offline checks found {} ({}): the server would only refuse this token, so it is \
                 not shown to the server. Fix the token, or pass --force to send it anyway",
                plural(offline.len(), "error"),
                offline.join(", ")
            )
        });
        let target = match resolve_target(aud0.as_deref(), req.region, req.events_url.as_deref()) {
            Ok(target) => target,
            Err(why) => {
                if held_back.is_none() {
                    problems.push(format!("--introspect: {why}"));
                }
                check.not_sent_reason = Some(held_back.unwrap_or(why));
                t.introspect = Some(check);
                continue;
            }
        };
        check.target = Some(target.clone());
        let mismatch = region_mismatch(aud0.as_deref(), &target);
        if let Some(m) = &mismatch {
            t.findings.push(crate::rules::online::region_mismatch(m));
        }
        if let Some(why) = held_back {
            check.not_sent_reason = Some(why);
        } else if mismatch.is_some() && !req.force {
            check.not_sent_reason = Some(
                "the chosen host is another region's than the token's `aud` names (region-mismatch); \
                 pass --force to send it anyway"
                    .to_string(),
            );
        } else {
            check.sent = true;
            match send(secret, &target) {
                Ok(outcome) => {
                    let found = crate::rules::online::findings(t, &target, &outcome);
                    t.findings.extend(found);
                    check.verdict = Some(outcome.answer().as_str());
                    check.summary = Some(outcome.summary());
                    check.response = Some(outcome);
                }
                Err(e) => {
                    problems.push(e.to_string());
                    check.error = Some(NetFailure::from(&e));
                }
            }
        }
        t.introspect = Some(check);
    }
    problems
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Features the server and the token's `1password.com/fts` claim disagree on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeatureDifference {
    /// Reported by the server, absent from the claim.
    pub only_on_server: Vec<String>,
    /// In the claim, not reported by the server.
    pub only_in_token: Vec<String>,
}

/// Compare as sets: order and repetition mean nothing. `None` when they agree.
pub fn compare_features(server: &[String], token_fts: &[String]) -> Option<FeatureDifference> {
    let mut only_on_server: Vec<String> = server
        .iter()
        .filter(|f| !token_fts.contains(f))
        .cloned()
        .collect();
    let mut only_in_token: Vec<String> = token_fts
        .iter()
        .filter(|f| !server.contains(f))
        .cloned()
        .collect();
    only_on_server.sort();
    only_on_server.dedup();
    only_in_token.sort();
    only_in_token.dedup();
    (!only_on_server.is_empty() || !only_in_token.is_empty()).then_some(FeatureDifference {
        only_on_server,
        only_in_token,
    })
}

/// Whether the server's account uuid differs from the token's `1password.com/auuid`. Case is ignored:
/// the same base32 uuid is written in either case in different places.
pub fn account_differs(server_account_uuid: &str, token_auuid: &str) -> bool {
    !server_account_uuid
        .trim()
        .eq_ignore_ascii_case(token_auuid.trim())
}

/// Remove the token, and its signature segment, from text.
fn scrub(text: &str, token: &Secret) -> String {
    let mut out = text.to_string();
    let whole = token.expose();
    if !whole.is_empty() {
        out = out.replace(whole, "(redacted)");
    }
    if let Some(sig) = whole
        .rsplit('.')
        .next()
        .filter(|s| s.len() >= 16 && *s != whole)
    {
        out = out.replace(sig, "(redacted)");
    }
    out
}

/// Text from a server or a claim, made safe to print: no control characters (ANSI escapes), no bidi
/// overrides, and at most [`MAX_SERVER_TEXT`] characters.
fn sanitize(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(MAX_SERVER_TEXT + 1)
        .collect();
    if out.chars().count() > MAX_SERVER_TEXT {
        out = out.chars().take(MAX_SERVER_TEXT).collect();
        out.push('…');
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn clean(text: &str, token: &Secret) -> String {
    sanitize(&scrub(text, token))
}

#[cfg(test)]
#[path = "../tests/cli/support/server.rs"]
mod test_server;

#[cfg(test)]
mod tests {
    use super::test_server::{Reply, Seen, TestPki, TestServer};
    use super::*;

    /// Shaped like an Events token; built from nothing real. The signature segment is long enough to be
    /// scrubbed on its own.
    const TOKEN: &str = "eyJhbGciOiJFUzI1NiIsImtpZCI6InRlc3QiLCJ0eXAiOiJKV1QifQ.\
                         eyIxcGFzc3dvcmQuY29tL2F1dWlkIjoiVEVTVCJ9.\
                         c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbi1ub3QtcmVhbC0wMTIzNDU2Nzg5";

    fn token() -> Secret {
        Secret::new(TOKEN)
    }

    fn signature() -> &'static str {
        TOKEN.rsplit('.').next().unwrap()
    }

    fn direct(timeout: Duration) -> Options {
        Options {
            timeout,
            ca_certs: CaCerts::default(),
            proxy: ProxySetting::Direct,
        }
    }

    fn target_for(server: &TestServer) -> Target {
        resolve_target(None, None, Some(&server.base_url())).expect("loopback target")
    }

    /// Run one introspection against a server and return the outcome and the only request it saw.
    fn ask(reply: Reply) -> (Result<Outcome, NetError>, Vec<Seen>) {
        let server = TestServer::start(reply);
        let result = introspect(
            &token(),
            &target_for(&server),
            &direct(Duration::from_secs(10)),
        );
        (result, server.finish().requests)
    }

    fn assert_one_clean_get(seen: &[Seen]) {
        assert_eq!(seen.len(), 1, "exactly one request");
        let req = &seen[0];
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, INTROSPECT_PATH);
        assert_eq!(req.header_count("authorization"), 1);
        assert_eq!(
            req.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(
            req.header("user-agent"),
            Some(format!("tokenlint/{}", env!("CARGO_PKG_VERSION")).as_str())
        );
        assert!(req.body.is_empty(), "no body");
        assert!(req.header("content-length").is_none_or(|v| v == "0"));
        assert!(req.header("transfer-encoding").is_none());
    }

    fn assert_no_token(text: &str) {
        assert!(!text.contains(TOKEN), "token leaked into: {text}");
        assert!(!text.contains(signature()), "signature leaked into: {text}");
    }

    // ---- target resolution ----

    #[test]
    fn the_audience_picks_one_of_the_four_hosts() {
        for region in Region::ALL {
            let t = resolve_target(Some(region.host()), None, None).unwrap();
            assert_eq!(
                t.url(),
                format!("https://{}/api/v2/auth/introspect", region.host())
            );
            assert_eq!(t.chosen_by(), ChosenBy::Audience);
            assert_eq!(t.region(), Some(region));
        }
        let t = resolve_target(Some("EVENTS.1Password.EU."), None, None).unwrap();
        assert_eq!(t.host(), "events.1password.eu");
    }

    #[test]
    fn an_audience_that_is_not_an_events_host_is_not_contacted() {
        for aud in [
            "com.1password.streamingservice",
            "evil.example.com",
            "events.1password.com.evil.example",
            "https://events.1password.com",
            "",
        ] {
            let err = resolve_target(Some(aud), None, None).unwrap_err();
            assert!(err.contains("--region or --events-url"), "{err}");
        }
        let err = resolve_target(None, None, None).unwrap_err();
        assert!(err.contains("no audience"), "{err}");
    }

    #[test]
    fn an_audience_in_an_error_is_printed_without_control_characters() {
        let err = resolve_target(Some("evil\u{1b}[31m.example\u{202e}"), None, None).unwrap_err();
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{err:?}"
        );
    }

    #[test]
    fn a_region_overrides_the_audience() {
        let t = resolve_target(Some("events.1password.com"), Some(Region::Eu), None).unwrap();
        assert_eq!(
            t.url(),
            "https://events.1password.eu/api/v2/auth/introspect"
        );
        assert_eq!(t.chosen_by(), ChosenBy::Region);
        assert_eq!("ENT".parse::<Region>(), Ok(Region::Ent));
        assert!("mars".parse::<Region>().unwrap_err().contains("us"));
    }

    #[test]
    fn region_and_events_url_together_are_refused() {
        let err = resolve_target(None, Some(Region::Us), Some("https://x.example")).unwrap_err();
        assert!(err.contains("only one"), "{err}");
    }

    #[test]
    fn events_url_must_be_https_or_loopback_http() {
        let ok = |u: &str| resolve_target(None, None, Some(u)).unwrap();
        assert_eq!(
            ok("https://gateway.example.com").url(),
            "https://gateway.example.com/api/v2/auth/introspect"
        );
        assert_eq!(
            ok("https://gateway.example.com/onepassword/").url(),
            "https://gateway.example.com/onepassword/api/v2/auth/introspect"
        );
        assert_eq!(
            ok("https://events.1password.com/api/v2/auth/introspect").url(),
            "https://events.1password.com/api/v2/auth/introspect"
        );
        for loopback in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:9",
            "http://LOCALHOST:1",
        ] {
            let t = ok(loopback);
            assert!(t.is_plain_http(), "{loopback}");
            assert!(t.url().starts_with("http://"));
        }
        for refused in [
            "http://events.1password.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
            "ftp://127.0.0.1",
            "events.1password.com",
            "https://user:pass@events.1password.com",
            "https://events.1password.com/?token=x",
            "not a url",
        ] {
            assert!(
                resolve_target(None, None, Some(refused)).is_err(),
                "{refused} was accepted"
            );
        }
        let err = resolve_target(None, None, Some("http://events.1password.com")).unwrap_err();
        assert!(err.contains("unencrypted"), "{err}");
    }

    #[test]
    fn an_override_to_another_region_is_a_mismatch() {
        let aud = Some("events.1password.com");
        let t = resolve_target(aud, Some(Region::Eu), None).unwrap();
        let m = region_mismatch(aud, &t).expect("mismatch");
        assert_eq!((m.token_region, m.target_region), (Region::Us, Region::Eu));
        assert!(m.to_string().contains("--region eu"), "{m}");

        let t = resolve_target(aud, None, Some("https://events.1password.ca")).unwrap();
        let m = region_mismatch(aud, &t).expect("mismatch");
        assert!(m.to_string().contains("--events-url"), "{m}");

        // Agreement, a non-Events override, or an unknown audience: nothing to say.
        let same = resolve_target(aud, Some(Region::Us), None).unwrap();
        assert_eq!(region_mismatch(aud, &same), None);
        let local = resolve_target(aud, None, Some("http://127.0.0.1:1")).unwrap();
        assert_eq!(region_mismatch(aud, &local), None);
        let own = resolve_target(aud, None, None).unwrap();
        assert_eq!(region_mismatch(aud, &own), None);
        let t = resolve_target(None, Some(Region::Eu), None).unwrap();
        assert_eq!(
            region_mismatch(Some("com.1password.streamingservice"), &t),
            None
        );
    }

    // ---- the exchange, against real local servers ----

    #[test]
    fn a_v2_answer_is_read_and_the_request_is_exactly_one_clean_get() {
        let body = r#"{"uuid":"OK41XEGLRTH4YKO5YRTCPNX3IU","issued_at":"2020-06-11T16:32:50-03:00","features":["auditevents","itemusages","signinattempts"],"account_uuid":"M4E2SWNZAZFTRGQGDNS2E5A4MU"}"#;
        let (result, seen) = ask(Reply::json(200, "OK", body));
        let out = result.unwrap();
        assert_one_clean_get(&seen);
        assert_eq!(out.status, 200);
        assert_eq!(out.shape, Some(BodyShape::V2));
        assert_eq!(out.uuid.as_deref(), Some("OK41XEGLRTH4YKO5YRTCPNX3IU"));
        assert_eq!(out.issued_at.as_deref(), Some("2020-06-11T16:32:50-03:00"));
        assert_eq!(
            out.features,
            Some(vec![
                "auditevents".into(),
                "itemusages".into(),
                "signinattempts".into()
            ])
        );
        assert_eq!(
            out.account_uuid.as_deref(),
            Some("M4E2SWNZAZFTRGQGDNS2E5A4MU")
        );
        assert!(out.url.ends_with(INTROSPECT_PATH));
        assert_eq!(out.answer(), Answer::Accepted);
    }

    #[test]
    fn a_v1_answer_is_read() {
        let body = r#"{"UUID":"OK41XEGLRTH4YKO5YRTCPNX3IU","IssuedAt":"2020-06-11T16:32:50-03:00","Features":["signinattempts"]}"#;
        let (result, seen) = ask(Reply::json(200, "OK", body));
        let out = result.unwrap();
        assert_one_clean_get(&seen);
        assert_eq!(out.shape, Some(BodyShape::V1));
        assert_eq!(out.uuid.as_deref(), Some("OK41XEGLRTH4YKO5YRTCPNX3IU"));
        assert_eq!(out.issued_at.as_deref(), Some("2020-06-11T16:32:50-03:00"));
        assert_eq!(out.features, Some(vec!["signinattempts".into()]));
        assert_eq!(out.account_uuid, None);
    }

    #[test]
    fn a_401_is_an_answer_with_the_server_message() {
        let (result, seen) = ask(Reply::json(
            401,
            "Unauthorized",
            r#"{"Error":{"Message":"Unauthorized"}}"#,
        ));
        let out = result.unwrap();
        assert_one_clean_get(&seen);
        assert_eq!(out.status, 401);
        assert_eq!(out.shape, Some(BodyShape::Error));
        assert_eq!(out.server_message.as_deref(), Some("Unauthorized"));
        assert_eq!(out.answer(), Answer::Rejected);
        assert!(out.summary().contains("refuses"), "{}", out.summary());
    }

    #[test]
    fn a_429_reports_retry_after_when_sent() {
        let with = Reply::http(429, "Too Many Requests", &[("Retry-After", "42")], b"");
        let (result, _) = ask(with);
        let out = result.unwrap();
        assert_eq!(
            out.answer(),
            Answer::RateLimited {
                retry_after: Some("42".into())
            }
        );
        let summary = out.summary();
        assert!(
            summary.contains("42") && summary.contains("600") && summary.contains("30000"),
            "{summary}"
        );

        let (result, _) = ask(Reply::json(
            429,
            "Too Many Requests",
            r#"{"Error":{"Message":"Too Many Requests"}}"#,
        ));
        let out = result.unwrap();
        assert_eq!(out.answer(), Answer::RateLimited { retry_after: None });
        assert!(
            out.summary().contains("no Retry-After"),
            "{}",
            out.summary()
        );
    }

    #[test]
    fn a_500_and_a_400_are_answers_with_clear_summaries() {
        let (result, _) = ask(Reply::http(
            500,
            "Internal Server Error",
            &[],
            b"upstream exploded",
        ));
        let out = result.unwrap();
        assert_eq!(out.answer(), Answer::ServerError);
        assert_eq!(out.server_message.as_deref(), Some("upstream exploded"));
        assert!(
            out.summary().contains("says nothing about the token"),
            "{}",
            out.summary()
        );

        let (result, _) = ask(Reply::json(
            400,
            "Bad Request",
            r#"{"Error":{"Message":"Bad request"}}"#,
        ));
        let out = result.unwrap();
        assert_eq!(out.answer(), Answer::BadRequest);
        assert!(out.summary().contains("Bad request"), "{}", out.summary());
    }

    #[test]
    fn a_redirect_is_reported_and_not_followed() {
        let server = TestServer::start(Reply::http(
            302,
            "Found",
            &[("Location", "/elsewhere")],
            b"",
        ));
        let out = introspect(
            &token(),
            &target_for(&server),
            &direct(Duration::from_secs(10)),
        )
        .unwrap();
        let record = server.finish();
        assert_eq!(record.requests.len(), 1, "the redirect was followed");
        assert_eq!(record.connections, 1);
        assert_eq!(out.status, 302);
        assert_eq!(
            out.answer(),
            Answer::Redirect {
                location: Some("/elsewhere".into())
            }
        );
        assert!(out.summary().contains("not followed"));
    }

    #[test]
    fn a_server_that_never_answers_times_out_with_the_host_named() {
        let server = TestServer::start(Reply::Silent);
        let err = introspect(
            &token(),
            &target_for(&server),
            &direct(Duration::from_secs(1)),
        )
        .unwrap_err();
        assert_eq!(err.step(), NetStep::Timeout);
        let text = err.to_string();
        assert!(text.contains(&server.authority()), "{text}");
        assert!(text.contains("--timeout"), "{text}");
        assert_eq!(server.finish().requests.len(), 1);
        assert_no_token(&text);
    }

    #[test]
    fn a_body_over_the_cap_is_an_error_that_says_so() {
        let big = vec![b'x'; BODY_CAP as usize + 10];
        let (result, _) = ask(Reply::http(200, "OK", &[], &big));
        let err = result.unwrap_err();
        assert_eq!(err.step(), NetStep::BodyTooLarge);
        assert!(err.to_string().contains("1 MiB"), "{err}");

        // Exactly at the cap is fine.
        let at_cap = vec![b' '; BODY_CAP as usize];
        let (result, _) = ask(Reply::http(200, "OK", &[], &at_cap));
        assert_eq!(result.unwrap().status, 200);
    }

    #[test]
    fn a_closed_port_is_a_connect_failure() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let target = resolve_target(None, None, Some(&format!("http://127.0.0.1:{port}"))).unwrap();
        let err = introspect(&token(), &target, &direct(Duration::from_secs(5))).unwrap_err();
        assert_eq!(err.step(), NetStep::Connect, "{err}");
        assert!(
            err.to_string().contains(&format!("127.0.0.1:{port}")),
            "{err}"
        );
    }

    #[test]
    fn https_with_the_test_ca_is_trusted() {
        let pki = TestPki::new();
        let body =
            r#"{"uuid":"U","issued_at":"2020-06-11T16:32:50-03:00","features":["auditevents"]}"#;
        let server = TestServer::start_tls(Reply::json(200, "OK", body), pki.server_config.clone());
        let target = target_for(&server);
        assert!(!target.is_plain_http());
        let opts = Options {
            ca_certs: CaCerts::from_pem(pki.ca_pem.as_bytes()).unwrap(),
            ..direct(Duration::from_secs(10))
        };
        let out = introspect(&token(), &target, &opts).unwrap();
        assert_eq!(out.status, 200);
        assert_eq!(out.features, Some(vec!["auditevents".into()]));
        let record = server.finish();
        assert_one_clean_get(&record.requests);
    }

    #[test]
    fn https_without_the_ca_fails_with_a_certificate_message_and_sends_nothing() {
        let pki = TestPki::new();
        let server = TestServer::start_tls(Reply::json(200, "OK", "{}"), pki.server_config.clone());
        let err = introspect(
            &token(),
            &target_for(&server),
            &direct(Duration::from_secs(10)),
        )
        .unwrap_err();
        assert_eq!(err.step(), NetStep::Tls, "{err}");
        let text = err.to_string();
        assert!(text.contains("certificate not trusted"), "{text}");
        assert!(text.contains("--ca-cert"), "{text}");
        assert!(text.contains(&server.authority()), "{text}");
        let record = server.finish();
        assert_eq!(record.requests.len(), 0);
        assert_eq!(record.tls_failures, 1);
    }

    #[test]
    fn a_proxy_sees_only_a_connect_and_never_the_token() {
        let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
        let target = resolve_target(Some("events.1password.com"), None, None).unwrap();
        let opts = Options {
            proxy: ProxySetting::Url(proxy.base_url()),
            ..direct(Duration::from_secs(10))
        };
        let err = introspect(&token(), &target, &opts).unwrap_err();
        assert_eq!(err.step(), NetStep::Proxy, "{err}");
        assert_eq!(err.via_proxy(), Some(proxy.authority().as_str()));
        assert!(err.to_string().contains("events.1password.com"), "{err}");
        let record = proxy.finish();
        assert_eq!(record.requests.len(), 1);
        let connect = &record.requests[0];
        assert_eq!(connect.method, "CONNECT");
        assert_eq!(connect.target, "events.1password.com:443");
        assert_no_token(&String::from_utf8_lossy(&connect.raw));
    }

    #[test]
    fn plain_http_to_loopback_never_goes_through_a_proxy() {
        let proxy = TestServer::start(Reply::http(403, "Forbidden", &[], b""));
        let server = TestServer::start(Reply::json(200, "OK", r#"{"uuid":"U"}"#));
        let opts = Options {
            proxy: ProxySetting::Url(proxy.base_url()),
            ..direct(Duration::from_secs(10))
        };
        let out = introspect(&token(), &target_for(&server), &opts).unwrap();
        assert_eq!(out.status, 200);
        assert_eq!(proxy.finish().connections, 0);
        assert_eq!(server.finish().requests.len(), 1);
    }

    #[test]
    fn server_text_is_cleaned_and_never_echoes_the_token() {
        let body = format!(r#"{{"Error":{{"Message":"bad token {TOKEN} \u001b[31mred\u202e"}}}}"#);
        let (result, _) = ask(Reply::json(401, "Unauthorized", &body));
        let out = result.unwrap();
        let message = out.server_message.unwrap();
        assert_no_token(&message);
        assert!(message.contains("(redacted)"), "{message}");
        assert!(
            !message.contains('\u{1b}') && !message.contains('\u{202e}'),
            "{message:?}"
        );
    }

    #[test]
    fn no_error_ever_contains_the_token() {
        let mut texts = Vec::new();
        let mut keep = |e: NetError| {
            texts.push(e.to_string());
            texts.push(format!("{e:?}"));
        };
        // Provoked against real sockets.
        let silent = TestServer::start(Reply::Silent);
        keep(
            introspect(
                &token(),
                &target_for(&silent),
                &direct(Duration::from_secs(1)),
            )
            .unwrap_err(),
        );
        let big = TestServer::start(Reply::http(
            200,
            "OK",
            &[],
            &vec![b'x'; BODY_CAP as usize + 1],
        ));
        keep(
            introspect(
                &token(),
                &target_for(&big),
                &direct(Duration::from_secs(10)),
            )
            .unwrap_err(),
        );
        let pki = TestPki::new();
        let tls = TestServer::start_tls(Reply::json(200, "OK", "{}"), pki.server_config.clone());
        keep(
            introspect(
                &token(),
                &target_for(&tls),
                &direct(Duration::from_secs(10)),
            )
            .unwrap_err(),
        );
        let proxy = TestServer::start(Reply::http(407, "Proxy Authentication Required", &[], b""));
        let opts = Options {
            proxy: ProxySetting::Url(proxy.base_url()),
            ..direct(Duration::from_secs(10))
        };
        let events = resolve_target(Some("events.1password.com"), None, None).unwrap();
        keep(introspect(&token(), &events, &opts).unwrap_err());
        let bad_proxy = Options {
            proxy: ProxySetting::Url(format!("bogus://{TOKEN}@nowhere")),
            ..direct(Duration::from_secs(10))
        };
        keep(introspect(&token(), &events, &bad_proxy).unwrap_err());
        let newline = Secret::new(format!("{TOKEN}\n"));
        keep(introspect(&newline, &events, &direct(Duration::from_secs(10))).unwrap_err());

        // Every other branch of the classification, from errors built by hand (a DNS failure cannot
        // be provoked without asking a real resolver).
        let t = token();
        let ctx = ErrorContext {
            host: "events.1password.com".into(),
            via_proxy: None,
            timeout: Duration::from_secs(3),
            token: &t,
        };
        let io = |k: io::ErrorKind| ureq::Error::Io(io::Error::new(k, format!("echo {TOKEN}")));
        for e in [
            ureq::Error::HostNotFound,
            ureq::Error::Timeout(ureq::Timeout::Connect),
            ureq::Error::Timeout(ureq::Timeout::Global),
            io(io::ErrorKind::ConnectionRefused),
            io(io::ErrorKind::ConnectionReset),
            io(io::ErrorKind::HostUnreachable),
            io(io::ErrorKind::Other),
            ureq::Error::Rustls(rustls::Error::InvalidCertificate(
                rustls::CertificateError::Expired,
            )),
            ureq::Error::Rustls(rustls::Error::General(format!("echo {TOKEN}"))),
            ureq::Error::ConnectProxyFailed(format!("echo {TOKEN}")),
            ureq::Error::BadUri(format!("https://x/?{TOKEN}")),
            ureq::Error::Tls("some tls trouble"),
        ] {
            keep(ctx.classify(e));
        }
        assert!(texts.len() >= 30);
        for text in &texts {
            assert_no_token(text);
        }
    }

    #[test]
    fn dns_and_timeout_messages_name_the_step() {
        let t = token();
        let ctx = ErrorContext {
            host: "events.1password.eu".into(),
            via_proxy: None,
            timeout: Duration::from_secs(10),
            token: &t,
        };
        let dns = ctx.classify(ureq::Error::HostNotFound);
        assert_eq!(dns.step(), NetStep::Dns);
        assert!(
            dns.to_string()
                .starts_with("DNS lookup of events.1password.eu failed"),
            "{dns}"
        );
        let connect = ctx.classify(ureq::Error::Timeout(ureq::Timeout::Connect));
        assert_eq!(connect.step(), NetStep::Timeout);
        assert!(connect.to_string().contains("connecting"), "{connect}");
        assert!(connect.to_string().contains("10 s"), "{connect}");
        let proxied = ErrorContext {
            via_proxy: Some("proxy.corp:3128".into()),
            ..ctx
        };
        let dns = proxied.classify(ureq::Error::HostNotFound);
        assert!(
            dns.to_string().contains("through proxy proxy.corp:3128"),
            "{dns}"
        );
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        assert!(
            CaCerts::from_pem(b"")
                .unwrap_err()
                .contains("BEGIN CERTIFICATE")
        );
        assert!(
            CaCerts::from_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                .is_err()
        );
        let pki = TestPki::new();
        assert_eq!(CaCerts::from_pem(pki.ca_pem.as_bytes()).unwrap().len(), 1);
    }

    // ---- comparisons ----

    #[test]
    fn features_compare_as_sets() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            compare_features(
                &s(&["itemusages", "auditevents"]),
                &s(&["auditevents", "itemusages"])
            ),
            None
        );
        let diff =
            compare_features(&s(&["auditevents"]), &s(&["auditevents", "signinattempts"])).unwrap();
        assert_eq!(diff.only_in_token, s(&["signinattempts"]));
        assert!(diff.only_on_server.is_empty());
        let diff = compare_features(&s(&["auditevents", "itemusages"]), &s(&[])).unwrap();
        assert_eq!(diff.only_on_server, s(&["auditevents", "itemusages"]));
    }

    #[test]
    fn accounts_compare_ignoring_case() {
        assert!(!account_differs(
            "m4e2swnzazftrgqgdns2e5a4mu",
            "M4E2SWNZAZFTRGQGDNS2E5A4MU"
        ));
        assert!(account_differs(
            "M4E2SWNZAZFTRGQGDNS2E5A4MU",
            "AAAAAAAAAAAAAAAAAAAAAAAAAA"
        ));
    }

    #[test]
    fn statuses_map_to_answers() {
        let at = |status: u16| Outcome {
            status,
            ..Outcome::default()
        };
        assert_eq!(at(200).answer(), Answer::Accepted);
        assert_eq!(at(401).answer(), Answer::Rejected);
        assert_eq!(at(400).answer(), Answer::BadRequest);
        assert_eq!(at(503).answer(), Answer::ServerError);
        assert_eq!(at(404).answer(), Answer::Unexpected);
        assert!(at(404).summary().contains("404"));
    }

    #[test]
    fn outcome_serializes_with_stable_names() {
        let (result, _) = ask(Reply::json(
            200,
            "OK",
            r#"{"uuid":"U","features":["auditevents"]}"#,
        ));
        let json = serde_json::to_value(result.unwrap()).unwrap();
        assert_eq!(json["status"], 200);
        assert_eq!(json["shape"], "v2");
        assert_eq!(json["features"][0], "auditevents");
        assert!(json.get("account_uuid").is_some());
        let t =
            serde_json::to_value(resolve_target(None, Some(Region::Ent), None).unwrap()).unwrap();
        assert_eq!(t["chosen_by"], "region");
        assert_eq!(t["region"], "ent");
    }
}
