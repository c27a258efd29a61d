//! Header rules: what the JOSE header says about how the token is protected.

use super::{Code, Ctx};
use crate::report::{Finding, Severity};

pub static ALG_NONE: Code = Code {
    code: "alg-none",
    severity: Severity::Error,
    summary: "an unsigned token (`alg: none`)",
    fix: "Use a signed token; a server must never accept `alg: none`.",
    explanation: "The header says `\"alg\": \"none\"`: the token is not signed, so anyone could have \
written its claims. RFC 8725 says servers must reject it, and a server that accepts it is vulnerable. \
1Password Events API tokens are always signed with ES256. If your own service issued this token, fix the \
issuer; if a library accepted it, fix the library configuration.",
};

pub static CODES: &[&Code] = &[&ALG_NONE];

pub fn alg_none(ctx: &Ctx, out: &mut Vec<Finding>) {
    if let Some(alg) = ctx.decoded.alg()
        && alg.eq_ignore_ascii_case("none")
    {
        let seg = &ctx.decoded.segments[0];
        out.push(ALG_NONE.finding(
            format!(
                "the header's alg is \"{}\": the token is not signed.",
                super::quote_short(alg, 10)
            ),
            ctx.token_span(seg.start, seg.start + seg.len),
        ));
    }
}
