//! Online rules: what the Events API's introspect answer says about a token, compared with what the token
//! claims. They run only with `--introspect`, after the offline rules, on an [`Outcome`] that
//! [`crate::introspect`] fetched; they are pure functions of the token report and that answer.

use super::Code;
use crate::introspect::{
    Answer, ChosenBy, Outcome, RATE_LIMIT_PER_HOUR, RATE_LIMIT_PER_MINUTE, RegionMismatch, Target,
    account_differs, compare_features,
};
use crate::report::{Finding, Severity, TokenReport};

/// `region-mismatch` is one concept whether the other host comes from the request in the input (the
/// 1Password profile) or from `--region`/`--events-url` (here): one code, defined with the profile.
pub use crate::profile::onepassword::REGION_MISMATCH;

pub static REJECTED_BY_SERVER: Code = Code {
    code: "rejected-by-server",
    severity: Severity::Error,
    summary: "the Events API answered 401 Unauthorized to introspect: it does not accept this token",
    fix: "Fix what the offline findings point at; otherwise issue a new token in 1Password (Integrations > \
Events Reporting) and deploy it.",
    explanation: "tokenlint sent the token to `GET /api/v2/auth/introspect` exactly as a client would \
(`Authorization: Bearer <token>`), and the server refused it. When the offline checks found defects \
(truncated, expired, damaged, whitespace or quotes around the token), those are the likely reason and the \
message names them. A well-formed token is refused when it was revoked or deleted (an integration removed \
in 1Password, a token rotated since), when it was sent to another region's host than its `aud` names, or \
when it is not an Events API token at all (a service account or Connect token). Check in 1Password under \
Integrations > Events Reporting that the integration and its token still exist.",
};

pub static RATE_LIMITED: Code = Code {
    code: "rate-limited",
    severity: Severity::Warning,
    summary: "the Events API answered 429 Too Many Requests: this token is over its rate limit",
    fix: "Wait (as long as Retry-After says, when it is sent) and try again; slow down whatever else uses this token.",
    explanation: "The Events API limits each token to 600 requests a minute and 30,000 an hour. The server \
answered 429, so it did not say whether the token is otherwise good: the token was recognised well enough \
to be counted. Something else (a SIEM integration polling in a tight loop, several collectors sharing one \
token) is probably spending the budget. When the answer carries a Retry-After header, tokenlint shows it.",
};

pub static SERVER_FEATURES_DIFFER: Code = Code {
    code: "server-features-differ",
    severity: Severity::Warning,
    summary: "the features the server reports differ from the token's `1password.com/fts` claim",
    fix: "Trust the server's list; if it lacks an event type you need, edit the integration's events in \
1Password or issue a new token.",
    explanation: "The `1password.com/fts` claim lists the event types (signinattempts, itemusages, \
auditevents) the token was issued for, and introspect returns the features the server will actually serve \
to it. They normally agree. When they do not, the server wins: a request to an endpoint whose feature the \
server does not list is refused even though the claim names it. This happens when the integration's \
settings were changed after the token was issued, or when the token was edited by hand.",
};

pub static SERVER_ACCOUNT_DIFFERS: Code = Code {
    code: "server-account-differs",
    severity: Severity::Warning,
    summary: "the account the server reports differs from the token's `1password.com/auuid` claim",
    fix: "Make sure the token belongs to the 1Password account you expect, and was not copied from another.",
    explanation: "The `1password.com/auuid` claim names the 1Password account the token was issued in, \
and introspect (API 1.4.1 and later) returns the account the server associates with it. A difference \
means the claim does not describe the token the server knows: the token was altered, or the claims shown \
come from another token than the one sent (a configuration that mixes two accounts' values).",
};

pub static INTROSPECT_INCONCLUSIVE: Code = Code {
    code: "introspect-inconclusive",
    severity: Severity::Warning,
    summary: "introspect got an answer that says nothing about the token (400, 5xx, a redirect, ...)",
    fix: "Read the message: retry later for a 5xx; check --events-url and any proxy for a 400, a redirect or a 404.",
    explanation: "The server answered, but not with 200 (accepted), 401 (refused) or 429 (rate limited), so \
the token's validity is unknown. A 5xx is the Events API failing: try again later. A 400 means the request \
was changed on its way (a proxy rewriting it) or sent to the wrong endpoint. A redirect is reported and \
not followed, because following it would send the token to a URL nobody chose. A 404 or 403 usually means \
--events-url does not point at the Events API.",
};

pub static CODES: &[&Code] = &[
    &REJECTED_BY_SERVER,
    &RATE_LIMITED,
    &SERVER_FEATURES_DIFFER,
    &SERVER_ACCOUNT_DIFFERS,
    &INTROSPECT_INCONCLUSIVE,
];

/// The finding for an override that sends the token to another region.
pub fn region_mismatch(m: &RegionMismatch) -> Finding {
    Finding {
        fix: "Drop --region/--events-url to use the host the token names, or pass --force to send it \
anyway."
            .to_string(),
        ..REGION_MISMATCH.finding(format!("{m}."), None)
    }
}

/// Findings from the server's answer. `t` is the token's report with its offline findings, which inform
/// the likely cause of a 401.
pub fn findings(t: &TokenReport, target: &Target, outcome: &Outcome) -> Vec<Finding> {
    let mut out = Vec::new();
    let host = target.host();
    match outcome.answer() {
        Answer::Accepted => {
            let claims = t.claims.as_ref();
            if let (Some(server), Some(fts)) = (
                &outcome.features,
                claims.and_then(|c| string_list(c.get("1password.com/fts")?)),
            ) && let Some(diff) = compare_features(server, &fts)
            {
                let mut parts = Vec::new();
                if !diff.only_on_server.is_empty() {
                    parts.push(format!(
                        "the server also grants {}",
                        diff.only_on_server.join(", ")
                    ));
                }
                if !diff.only_in_token.is_empty() {
                    parts.push(format!(
                        "the server does not grant {}, which the token claims",
                        diff.only_in_token.join(", ")
                    ));
                }
                out.push(SERVER_FEATURES_DIFFER.finding(
                    format!(
                        "{host} reports features [{}] but `1password.com/fts` says [{}]: {}.",
                        server.join(", "),
                        fts.join(", "),
                        parts.join("; ")
                    ),
                    None,
                ));
            }
            if let (Some(server), Some(auuid)) = (
                &outcome.account_uuid,
                claims.and_then(|c| c.get("1password.com/auuid")?.as_str()),
            ) && account_differs(server, auuid)
            {
                out.push(SERVER_ACCOUNT_DIFFERS.finding(
                    format!(
                        "{host} reports account {server} but `1password.com/auuid` says {}.",
                        super::quote_short(auuid, 40)
                    ),
                    None,
                ));
            }
        }
        Answer::Rejected => {
            out.push(REJECTED_BY_SERVER.finding(rejected_message(t, target, outcome), None))
        }
        Answer::RateLimited { retry_after } => {
            let wait = match retry_after {
                Some(r) => format!(" The server asks to wait {r} (Retry-After)."),
                None => " The server sent no Retry-After; wait a minute.".to_string(),
            };
            out.push(RATE_LIMITED.finding(
                format!(
                    "{host} answered 429 Too Many Requests: this token went over {RATE_LIMIT_PER_MINUTE} \
                     requests a minute or {RATE_LIMIT_PER_HOUR} an hour, so the server did not check it.{wait}"
                ),
                None,
            ));
        }
        Answer::BadRequest | Answer::ServerError | Answer::Redirect { .. } | Answer::Unexpected => {
            out.push(
                INTROSPECT_INCONCLUSIVE.finding(format!("{host}: {}.", outcome.summary()), None),
            );
        }
    }
    out
}

/// Why a 401 most likely happened, from what the offline checks and the target say.
fn rejected_message(t: &TokenReport, target: &Target, outcome: &Outcome) -> String {
    let said = outcome
        .server_message
        .as_deref()
        .map(|m| format!(" (\"{m}\")"))
        .unwrap_or_default();
    let mut head = format!(
        "{} answered 401 Unauthorized{said}: the Events API does not accept this token.",
        target.host()
    );
    let offline: Vec<&str> = t
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code != REJECTED_BY_SERVER.code)
        .map(|f| f.code)
        .collect();
    let cause = if offline.contains(&REGION_MISMATCH.code) {
        "it was sent to another region's host than its `aud` names (region-mismatch)".to_string()
    } else if offline.contains(&"expired") {
        "the token has expired (expired)".to_string()
    } else if !offline.is_empty() {
        format!(
            "the offline checks found {}: the token is damaged or was copied badly",
            offline.join(", ")
        )
    } else if target.chosen_by() != ChosenBy::Audience {
        "the host was chosen with --region/--events-url; if that is not the account's region, the \
         token is refused there. Otherwise the token was revoked or deleted in 1Password"
            .to_string()
    } else {
        "the token is well-formed, so it was most likely revoked or deleted in 1Password (Integrations \
         > Events Reporting), or it is not an Events API token"
            .to_string()
    };
    head.push_str(" Likely cause: ");
    head.push_str(&cause);
    head.push('.');
    head
}

fn string_list(v: &serde_json::Value) -> Option<Vec<String>> {
    Some(
        v.as_array()?
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::introspect::resolve_target;

    fn token_report(claims: serde_json::Value, offline: &[&'static str]) -> TokenReport {
        TokenReport {
            claims: claims.as_object().cloned(),
            findings: offline
                .iter()
                .map(|c| Finding {
                    code: c,
                    severity: Severity::Error,
                    message: String::new(),
                    fix: String::new(),
                    span: None,
                })
                .collect(),
            ..TokenReport::default()
        }
    }

    fn events() -> Target {
        resolve_target(Some("events.1password.com"), None, None).unwrap()
    }

    fn answer(status: u16) -> Outcome {
        Outcome {
            status,
            ..Outcome::default()
        }
    }

    #[test]
    fn agreeing_answer_gives_no_finding() {
        let t = token_report(
            json!({"1password.com/fts": ["auditevents", "itemusages"], "1password.com/auuid": "ABC"}),
            &[],
        );
        let o = Outcome {
            features: Some(vec!["itemusages".into(), "auditevents".into()]),
            account_uuid: Some("abc".into()),
            ..answer(200)
        };
        assert!(findings(&t, &events(), &o).is_empty());
    }

    #[test]
    fn differing_features_and_account_are_warnings() {
        let t = token_report(
            json!({"1password.com/fts": ["auditevents", "signinattempts"], "1password.com/auuid": "ABC"}),
            &[],
        );
        let o = Outcome {
            features: Some(vec!["auditevents".into(), "itemusages".into()]),
            account_uuid: Some("XYZ".into()),
            ..answer(200)
        };
        let f = findings(&t, &events(), &o);
        let codes: Vec<_> = f.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["server-features-differ", "server-account-differs"]);
        assert!(
            f[0].message.contains("also grants itemusages"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains("does not grant signinattempts"),
            "{}",
            f[0].message
        );
        assert!(f[1].message.contains("XYZ") && f[1].message.contains("ABC"));
    }

    #[test]
    fn a_401_names_the_likely_cause() {
        let o = answer(401);
        let clean = token_report(json!({}), &[]);
        let m = &findings(&clean, &events(), &o)[0].message;
        assert!(m.contains("revoked"), "{m}");
        let expired = token_report(json!({}), &["expired"]);
        let m = &findings(&expired, &events(), &o)[0].message;
        assert!(m.contains("expired"), "{m}");
        let damaged = token_report(json!({}), &["truncated", "bad-base64url"]);
        let m = &findings(&damaged, &events(), &o)[0].message;
        assert!(m.contains("truncated, bad-base64url"), "{m}");
        let mismatch = token_report(json!({}), &["region-mismatch"]);
        let m = &findings(&mismatch, &events(), &o)[0].message;
        assert!(m.contains("another region"), "{m}");
    }

    #[test]
    fn other_statuses_are_inconclusive_or_rate_limited() {
        let t = token_report(json!({}), &[]);
        for (status, code) in [
            (429, "rate-limited"),
            (400, "introspect-inconclusive"),
            (503, "introspect-inconclusive"),
            (302, "introspect-inconclusive"),
            (404, "introspect-inconclusive"),
        ] {
            let f = findings(&t, &events(), &answer(status));
            assert_eq!(f.len(), 1);
            assert_eq!(f[0].code, code, "{status}");
        }
    }
}
