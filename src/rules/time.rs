//! Time rules: `iat`, `nbf` and `exp` against a `now` that the caller chooses (only `main` reads the
//! clock, so reports are reproducible with `--now`). Also the plain-language phrases ("expired 3 days
//! ago") the renderers show.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use super::{Code, Ctx};
use crate::report::{Finding, Severity, Times};

pub static EXPIRED: Code = Code {
    code: "expired",
    severity: Severity::Error,
    summary: "the token's `exp` is in the past",
    fix: "Get a new token from its issuer (a 1Password Events token: Integrations > Events Reporting > your integration > new token).",
    explanation: "The `exp` claim is the moment the token stops being accepted, and it has passed. \
The server answers 401 to it whatever else is right. 1Password Events API tokens expire only if an expiry \
was chosen when they were created (30, 90 or 180 days, or a custom length with `op events-api create`); \
the default is never. Issue a new token and update every place that stores the old one.",
};

pub static NOT_YET_VALID: Code = Code {
    code: "not-yet-valid",
    severity: Severity::Error,
    summary: "the token's `nbf` is in the future",
    fix: "Wait until the not-before time, or check the clock of the machine that issued or checks the token.",
    explanation: "The `nbf` (not before) claim is in the future, so servers reject the token until then. \
If that time is only seconds or minutes away, one of the clocks involved is wrong: check NTP on the \
issuing and the receiving machines.",
};

pub static ISSUED_IN_FUTURE: Code = Code {
    code: "issued-in-future",
    severity: Severity::Warning,
    summary: "the token's `iat` is in the future",
    fix: "Check the clock of the machine that issued the token, and of this one (`--now` overrides tokenlint's).",
    explanation: "The `iat` (issued at) claim is later than now by more than a minute. Either the issuer's \
clock runs fast or this machine's runs slow. Some servers reject such tokens; it also makes lifetimes and \
ages look wrong.",
};

pub static EXPIRES_SOON: Code = Code {
    code: "expires-soon",
    severity: Severity::Warning,
    summary: "the token expires within the warning window (7 days unless --expiry-warning)",
    fix: "Plan the rotation now: create a new token and deploy it before the old one expires.",
    explanation: "The token is still valid but expires soon. Integrations that poll the Events API stop \
silently when their token expires; rotate it before then. Change the window with `--expiry-warning 30d`.",
};

pub static NO_EXPIRY: Code = Code {
    code: "no-expiry",
    severity: Severity::Info,
    summary: "the token has no `exp`: it never expires",
    fix: "Nothing to fix; consider an expiring token, and revoke this one when it is no longer needed.",
    explanation: "There is no `exp` claim, so the token is valid until it is revoked. That is the default \
for 1Password Events API tokens (Expires After: Never). It is convenient for a SIEM integration, and it \
means a leaked token stays useful to whoever has it: keep it out of repositories and logs.",
};

pub static TIME_IN_MILLISECONDS: Code = Code {
    code: "time-in-milliseconds",
    severity: Severity::Warning,
    summary: "a time claim is in milliseconds, not seconds",
    fix: "Issue NumericDate values in seconds since 1970 (JavaScript: `Math.floor(Date.now() / 1000)`).",
    explanation: "JWT times (NumericDate, RFC 7519) are seconds since 1970. This value only makes sense as \
milliseconds, a common mistake with JavaScript's `Date.now()`. Read as seconds it lies tens of thousands of \
years ahead: an `exp` then never expires, an `iat` or `nbf` makes the token unusable. tokenlint shows it \
divided by 1000.",
};

pub static BAD_TIME_CLAIM: Code = Code {
    code: "bad-time-claim",
    severity: Severity::Error,
    summary: "`iat`, `nbf` or `exp` is not a usable number",
    fix: "Issue time claims as whole numbers of seconds since 1970.",
    explanation: "A time claim must be a JSON number of seconds since 1970 (RFC 7519 NumericDate). This one \
is a string, negative, or too large for any date, so servers reject the token or misread it.",
};

pub static CODES: &[&Code] = &[
    &EXPIRED,
    &NOT_YET_VALID,
    &ISSUED_IN_FUTURE,
    &EXPIRES_SOON,
    &NO_EXPIRY,
    &TIME_IN_MILLISECONDS,
    &BAD_TIME_CLAIM,
];

/// How a time claim reads.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimTime {
    Absent,
    Seconds(i64),
    /// A value that only makes sense in milliseconds; the field holds seconds.
    Millis(i64),
    Bad(String),
}

/// Later than year 5138 in seconds but a plausible date in milliseconds.
const MS_THRESHOLD: f64 = 1e11;
/// Year 9999.
const MAX_SECONDS: f64 = 253_402_300_799.0;

pub fn read_claim(claims: Option<&Map<String, Value>>, name: &str) -> ClaimTime {
    let Some(v) = claims.and_then(|c| c.get(name)) else {
        return ClaimTime::Absent;
    };
    let Some(n) = v.as_f64() else {
        let kind = match v {
            Value::String(_) => "a string",
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Array(_) => "an array",
            _ => "an object",
        };
        return ClaimTime::Bad(format!("`{name}` is {kind}, not a number of seconds"));
    };
    if !n.is_finite() || n < 0.0 {
        return ClaimTime::Bad(format!("`{name}` is {n}, before 1970"));
    }
    if n > MS_THRESHOLD {
        let secs = n / 1000.0;
        if secs <= MAX_SECONDS {
            return ClaimTime::Millis(secs as i64);
        }
        return ClaimTime::Bad(format!("`{name}` is {n}, too large for any date"));
    }
    ClaimTime::Seconds(n as i64)
}

fn seconds(c: &ClaimTime) -> Option<i64> {
    match c {
        ClaimTime::Seconds(s) | ClaimTime::Millis(s) => Some(*s),
        _ => None,
    }
}

/// RFC 3339 in UTC, to the second.
pub fn rfc3339(secs: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp(secs, 0).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// Reads the time claims into [`Times`].
pub fn resolve(claims: Option<&Map<String, Value>>) -> Times {
    let iat = seconds(&read_claim(claims, "iat"));
    let nbf = seconds(&read_claim(claims, "nbf"));
    let exp = seconds(&read_claim(claims, "exp"));
    Times {
        issued_at: iat.and_then(rfc3339),
        not_before: nbf.and_then(rfc3339),
        expires_at: exp.and_then(rfc3339),
        lifetime_seconds: match (iat, exp) {
            (Some(i), Some(e)) => Some(e - i),
            _ => None,
        },
        lifetime: None,
        iat,
        nbf,
        exp,
    }
}

/// A length of time in words: "3 days", "1 hour", "2 months".
pub fn duration_words(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (n, unit) = if s < 90 {
        (s, "second")
    } else if s < 90 * 60 {
        (s / 60, "minute")
    } else if s < 48 * 3600 {
        (s / 3600, "hour")
    } else if s < 60 * 86400 {
        (s / 86400, "day")
    } else if s < 730 * 86400 {
        (s / (30 * 86400), "month")
    } else {
        (s / (365 * 86400), "year")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// "3 days ago" or "in 2 months", for `at` seen from `now`.
pub fn relative(at: i64, now: i64) -> String {
    if at <= now {
        format!("{} ago", duration_words(now - at))
    } else {
        format!("in {}", duration_words(at - now))
    }
}

/// Parses a duration such as `30d`, `12h`, `90m`, `45s`, `2w`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'w')) => (&s[..i], 7 * 86400),
        Some((i, 'd')) => (&s[..i], 86400),
        Some((i, 'h')) => (&s[..i], 3600),
        Some((i, 'm')) => (&s[..i], 60),
        Some((i, 's')) => (&s[..i], 1),
        _ => (s, 1),
    };
    let n: i64 = num.parse().map_err(|_| {
        format!("`{s}` is not a duration; use a number with d, h, m, s or w, such as 30d")
    })?;
    if n < 0 {
        return Err(format!("`{s}`: a duration cannot be negative"));
    }
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too long a duration"))
}

pub fn times(ctx: &Ctx, out: &mut Vec<Finding>) {
    let claims = ctx.decoded.claims.object();
    if claims.is_none() {
        return;
    }
    let now = ctx.settings.now.timestamp();
    let whole = ctx.whole();
    let mut read = |name: &str| {
        let c = read_claim(claims, name);
        match &c {
            ClaimTime::Bad(reason) => out.push(BAD_TIME_CLAIM.finding(format!("{reason}."), whole)),
            ClaimTime::Millis(s) => out.push(TIME_IN_MILLISECONDS.finding(
                format!(
                    "`{name}` reads as milliseconds: {} ({}).",
                    rfc3339(*s).unwrap_or_default(),
                    relative(*s, now)
                ),
                whole,
            )),
            _ => {}
        }
        c
    };
    let iat = read("iat");
    let nbf = read("nbf");
    let exp = read("exp");
    if let Some(e) = seconds(&exp) {
        let at = rfc3339(e).unwrap_or_default();
        if e <= now {
            out.push(EXPIRED.finding(format!("expired {} ({at}).", relative(e, now)), whole));
        } else if e - now <= ctx.settings.expiry_warning_secs {
            out.push(EXPIRES_SOON.finding(format!("expires {} ({at}).", relative(e, now)), whole));
        }
    } else if exp == ClaimTime::Absent {
        out.push(NO_EXPIRY.finding(
            "no `exp` claim: the token is valid until it is revoked.",
            whole,
        ));
    }
    if let Some(n) = seconds(&nbf)
        && n > now
    {
        out.push(NOT_YET_VALID.finding(
            format!(
                "not valid until {} ({}).",
                rfc3339(n).unwrap_or_default(),
                relative(n, now)
            ),
            whole,
        ));
    }
    if let Some(i) = seconds(&iat)
        && i > now + 60
    {
        out.push(ISSUED_IN_FUTURE.finding(
            format!(
                "issued {} ({}): a clock is wrong.",
                relative(i, now),
                rfc3339(i).unwrap_or_default()
            ),
            whole,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases() {
        assert_eq!(relative(0, 3 * 86400), "3 days ago");
        assert_eq!(relative(100 * 86400, 0), "in 3 months");
        assert_eq!(relative(3600, 0), "in 60 minutes");
        assert_eq!(duration_words(86400 * 800), "2 years");
        assert_eq!(duration_words(1), "1 second");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30d"), Ok(30 * 86400));
        assert_eq!(parse_duration("12h"), Ok(12 * 3600));
        assert_eq!(parse_duration("600"), Ok(600));
        assert!(parse_duration("soon").unwrap_err().contains("30d"));
        assert!(parse_duration("99999999999999999w").is_err());
    }

    #[test]
    fn claim_reading() {
        let m: Map<String, Value> = serde_json::from_str(
            r#"{"iat":1700000000,"exp":1700000000000,"nbf":"1700000000","x":1e300}"#,
        )
        .unwrap();
        assert_eq!(
            read_claim(Some(&m), "iat"),
            ClaimTime::Seconds(1_700_000_000)
        );
        assert_eq!(
            read_claim(Some(&m), "exp"),
            ClaimTime::Millis(1_700_000_000)
        );
        assert!(matches!(read_claim(Some(&m), "nbf"), ClaimTime::Bad(_)));
        assert!(matches!(read_claim(Some(&m), "x"), ClaimTime::Bad(_)));
        assert_eq!(read_claim(Some(&m), "y"), ClaimTime::Absent);
    }
}
