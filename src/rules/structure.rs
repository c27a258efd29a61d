//! Structure rules: is it a JWT at all, are its segments whole and well encoded, do the header and claims
//! decode to JSON objects, is the signature as long as its algorithm needs.

use super::{Code, Ctx};
use crate::extract::Fact;
use crate::jwt::{Part, SegmentDefect, Shape};
use crate::report::{Finding, Severity};

pub static NOT_A_JWT: Code = Code {
    code: "not-a-jwt",
    severity: Severity::Error,
    summary: "the candidate is not a JWT",
    fix: "Check that you copied the right value: a JWT is three base64url parts joined by dots.",
    explanation: "The text where the token should be has no dots, so it is not a JSON Web Token. A JWT \
in compact form is three base64url segments joined by dots (`eyJ...`.`eyJ...`.`...`); 1Password Events \
API tokens are JWTs. You may have copied another credential (an API key, a password, a session id), or \
only one part of the token.",
};

pub static SEGMENT_COUNT: Code = Code {
    code: "segment-count",
    severity: Severity::Error,
    summary: "not 3 (JWS) or 5 (JWE) segments",
    fix: "Copy the whole token again; it must have exactly two dots (three parts).",
    explanation: "A signed JWT has three dot-separated segments (header, claims, signature) and an \
encrypted one has five. Any other count means part of the token was lost or two tokens were joined. Two \
segments usually means the signature was cut off; four means a piece is missing or duplicated.",
};

pub static ENCRYPTED_TOKEN: Code = Code {
    code: "encrypted-token",
    severity: Severity::Info,
    summary: "a JWE: its claims are encrypted",
    fix: "Nothing to fix; only the holder of the decryption key can read the claims.",
    explanation: "The token has five segments: it is an encrypted JWT (JWE). Its header is readable and \
shown, but the claims are encrypted, so tokenlint cannot check expiry, scopes or audience offline. \
1Password Events API tokens are signed, not encrypted: a JWE is not an Events token.",
};

pub static BAD_BASE64URL: Code = Code {
    code: "bad-base64url",
    severity: Severity::Error,
    summary: "characters outside base64url, or stray bits in the last character",
    fix: "Copy the token again; if `+` or `/` appear, something re-encoded it as standard base64.",
    explanation: "JWT segments use base64url without padding: the letters, digits, `-` and `_`. A `+` or \
`/` means the token was re-encoded with standard base64; other characters mean it was damaged or mixed \
with surrounding text. Non-canonical trailing bits (a last character no encoder produces) mean the segment \
was cut or altered. Strict servers reject all of these.",
};

pub static PADDED_BASE64: Code = Code {
    code: "padded-base64",
    severity: Severity::Error,
    summary: "`=` padding at the end of a segment",
    fix: "Remove the `=` characters; JWT segments are never padded.",
    explanation: "RFC 7515 encodes JWT segments as base64url without `=` padding. Padding appears when a \
tool re-encoded the token with a standard base64 library. Many servers reject a padded token, and its \
signature no longer matches the signed text.",
};

pub static BAD_JSON: Code = Code {
    code: "bad-json",
    severity: Severity::Error,
    summary: "header or claims are not a JSON object",
    fix: "Copy the token again; if it came from your own code, encode the header and claims as JSON objects.",
    explanation: "The header and the claims of a JWT are base64url-encoded JSON objects. This one decodes \
to something else: invalid JSON (often because the segment was cut), an array, a string, or bytes that are \
not text. No server will accept it.",
};

pub static TRUNCATED: Code = Code {
    code: "truncated",
    severity: Severity::Error,
    summary: "the token was cut: `...`, an impossible segment length, a short signature",
    fix: "Copy the whole token again, from 1Password itself (`op read op://vault/item/credential`), not from \
a log, an example or a screen.",
    explanation: "There is evidence that the token is incomplete: it ends in `...` or `…` (as tokens \
in documentation, logs and UIs are shown), a segment has a length no base64 encoding can have, or the \
signature is shorter than its algorithm produces (ES256 64 bytes, ES384 96, ES512 132, HS256 32, HS384 \
48, HS512 64, RS and PS at least 256, EdDSA 64). This is the most common cause of a 401 with a pasted \
token. A 1Password Events token is about 500 characters long.",
};

pub static SIGNATURE_LENGTH: Code = Code {
    code: "signature-length",
    severity: Severity::Error,
    summary: "the signature is longer than its algorithm produces",
    fix: "Re-create the token; if your code signs it, encode ECDSA signatures as raw r‖s (RFC 7518 §3.4), not DER.",
    explanation: "The signature has more bytes than the header's algorithm produces. For ES256/ES384/ES512 \
the most common cause is a DER-encoded signature (about 70 bytes for ES256) where JWS requires the raw \
concatenation r‖s (exactly 64 bytes). Otherwise two tokens were joined or the token was altered.",
};

pub static CODES: &[&Code] = &[
    &NOT_A_JWT,
    &SEGMENT_COUNT,
    &ENCRYPTED_TOKEN,
    &BAD_BASE64URL,
    &PADDED_BASE64,
    &BAD_JSON,
    &TRUNCATED,
    &SIGNATURE_LENGTH,
];

/// The number of signature bytes an algorithm produces: exact, or a minimum.
pub fn expected_signature_len(alg: &str) -> Option<(usize, bool)> {
    Some(match alg {
        "ES256" | "ES256K" => (64, true),
        "ES384" => (96, true),
        "ES512" => (132, true),
        "HS256" => (32, true),
        "HS384" => (48, true),
        "HS512" => (64, true),
        "EdDSA" | "Ed25519" => (64, false),
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => (256, false),
        _ => return None,
    })
}

pub fn shape(ctx: &Ctx, out: &mut Vec<Finding>) {
    match ctx.decoded.shape {
        Shape::Jws => {}
        Shape::Jwe => out.push(ENCRYPTED_TOKEN.finding(
            "five segments: an encrypted JWT (JWE); the header is shown, the claims are encrypted.",
            ctx.whole(),
        )),
        Shape::Opaque => out.push(NOT_A_JWT.finding(
            format!(
                "{} characters with no dots: this is not a JWT.",
                ctx.token.chars().count()
            ),
            ctx.whole(),
        )),
        Shape::Other(n) => out.push(SEGMENT_COUNT.finding(
            format!(
                "{n} segments; a signed JWT has 3 (header.claims.signature){}.",
                if n == 2 {
                    ": the signature is missing"
                } else {
                    ""
                }
            ),
            ctx.whole(),
        )),
    }
}

pub fn truncated(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut evidence = Vec::new();
    let mut span = None;
    for f in &ctx.candidate.facts {
        if let Fact::Ellipsis { start, end } = f {
            evidence.push("it contains an ellipsis (`...` or `…`) where it was cut".to_string());
            span = span.or_else(|| ctx.span(*start, *end));
        }
    }
    for (i, seg) in ctx.decoded.segments.iter().enumerate() {
        for d in &seg.defects {
            if let SegmentDefect::ImpossibleLength(n) = d {
                evidence.push(format!(
                    "{} has {n} base64 characters, a length no encoding produces",
                    segment_name(ctx.decoded.shape, i)
                ));
                span = span.or_else(|| {
                    ctx.token_span(seg.start + seg.len.saturating_sub(1), seg.start + seg.len)
                });
            }
        }
    }
    if ctx.decoded.shape == Shape::Other(2)
        && ctx
            .decoded
            .alg()
            .is_some_and(|a| !a.eq_ignore_ascii_case("none"))
    {
        evidence.push(
            "the signature segment is missing (header.claims with no third part)".to_string(),
        );
    }
    if ctx.decoded.shape == Shape::Jws
        && let Some(alg) = ctx.decoded.alg()
        && let Some((need, _exact)) = expected_signature_len(alg)
    {
        let sig = &ctx.decoded.segments[2];
        let have = sig.bytes.as_ref().map_or(0, Vec::len);
        if have < need {
            evidence.push(if have == 0 {
                format!("the signature is empty; {alg} signatures are {need} bytes")
            } else {
                format!("the signature is {have} bytes; {alg} signatures are {need} bytes")
            });
            span = span.or_else(|| ctx.token_span(sig.start, sig.start + sig.len));
        }
    }
    if !evidence.is_empty() {
        evidence.dedup();
        // A token of a thousand cut segments needs no thousand reasons.
        if evidence.len() > super::MAX_PER_CODE {
            let more = evidence.len() - super::MAX_PER_CODE;
            evidence.truncate(super::MAX_PER_CODE);
            evidence.push(format!("{more} more like these"));
        }
        out.push(TRUNCATED.finding(
            format!("the token was cut: {}.", evidence.join("; ")),
            span.or_else(|| ctx.whole()),
        ));
    }
}

fn segment_name(shape: Shape, i: usize) -> &'static str {
    match (shape, i) {
        (_, 0) => "the header",
        (Shape::Jws, 1) => "the claims segment",
        (Shape::Jws, 2) => "the signature",
        _ => "a segment",
    }
}

pub fn base64(ctx: &Ctx, out: &mut Vec<Finding>) {
    if ctx.decoded.shape == Shape::Opaque {
        return;
    }
    let mut tally = super::Tally::default();
    for (i, seg) in ctx.decoded.segments.iter().enumerate() {
        let name = segment_name(ctx.decoded.shape, i);
        for d in &seg.defects {
            match d {
                // One per segment: a finding for the first few, a count for the rest.
                SegmentDefect::BadChars(_) | SegmentDefect::NonCanonicalBits
                    if !tally.room(BAD_BASE64URL.code) => {}
                SegmentDefect::Padding(_) if !tally.room(PADDED_BASE64.code) => {}
                SegmentDefect::BadChars(chars) => {
                    let std_b64 = chars.iter().all(|&(_, c)| c == '+' || c == '/');
                    let mut shown: Vec<String> = chars
                        .iter()
                        .map(|&(_, c)| super::quote_short(&c.to_string(), 1))
                        .collect();
                    shown.dedup();
                    shown.truncate(5);
                    let msg = if std_b64 {
                        format!(
                            "{name} contains {} (standard base64, not base64url).",
                            shown.join(" ")
                        )
                    } else {
                        format!(
                            "{name} contains {} character{} outside base64url: {}.",
                            chars.len(),
                            if chars.len() == 1 { "" } else { "s" },
                            shown.join(" ")
                        )
                    };
                    out.push(BAD_BASE64URL.finding(msg, ctx.token_span(chars[0].0, chars[0].0 + 1)));
                }
                SegmentDefect::Padding(n) => out.push(PADDED_BASE64.finding(
                    format!("{name} ends with {n} `=` padding character{}.", if *n == 1 { "" } else { "s" }),
                    ctx.token_span(seg.start + seg.len - n, seg.start + seg.len),
                )),
                SegmentDefect::NonCanonicalBits => out.push(BAD_BASE64URL.finding(
                    format!("the last character of {name} carries bits no encoder sets: it was altered or cut."),
                    ctx.token_span(seg.start + seg.len.saturating_sub(1), seg.start + seg.len),
                )),
                SegmentDefect::ImpossibleLength(_) => {} // reported as `truncated`
            }
        }
    }
    tally.close(out);
}

pub fn json(ctx: &Ctx, out: &mut Vec<Finding>) {
    let d = ctx.decoded;
    if d.shape == Shape::Opaque {
        return;
    }
    let mut check = |part: &Part, i: usize, what: &str| {
        let seg = &d.segments[i];
        let reason = match part {
            Part::Object(_) => return,
            Part::NotObject(r) => r.clone(),
            Part::Undecodable if seg.len == 0 => "it is empty".to_string(),
            Part::Undecodable => "it does not decode".to_string(),
        };
        out.push(BAD_JSON.finding(
            format!("the {what} is not a JSON object: {reason}."),
            ctx.token_span(seg.start, seg.start + seg.len.max(1)),
        ));
    };
    check(&d.header, 0, "header");
    if matches!(d.shape, Shape::Jws | Shape::Other(2) | Shape::Other(4)) {
        check(&d.claims, 1, "claims segment");
    }
}

pub fn signature_length(ctx: &Ctx, out: &mut Vec<Finding>) {
    let d = ctx.decoded;
    let (Some(alg), Some(sig)) = (d.alg(), d.signature()) else {
        return;
    };
    let Some((need, true)) = expected_signature_len(alg) else {
        return;
    };
    if sig.len() > need {
        let der = alg.starts_with("ES") && sig.first() == Some(&0x30);
        let seg = &d.segments[2];
        out.push(SIGNATURE_LENGTH.finding(
            format!(
                "the signature is {} bytes; {alg} signatures are exactly {need}{}.",
                sig.len(),
                if der {
                    " (this one looks DER-encoded)"
                } else {
                    ""
                }
            ),
            ctx.token_span(seg.start, seg.start + seg.len),
        ));
    }
}
