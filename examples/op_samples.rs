//! Writes the 1Password samples in `testdata/1password/` (used by the README's "Debugging a 401 from the
//! Events API" transcripts). Every token is built by `tests/support/op_tokens.rs` from the test key in
//! `testdata/keys/` (not 1Password's; no 1Password service accepts these tokens), and building is
//! deterministic, so running this again rewrites the same files:
//!
//!     cargo run --example op_samples

#[path = "../tests/support/op_tokens.rs"]
mod op_tokens;

use op_tokens::{DAY, EU_HOST, TokenBuilder, US_HOST, service_account_token};

/// 2026-11-01T12:00:00Z, a month before the README's `--now`, like the other samples.
const ISSUED: i64 = 1_793_534_400;

fn main() -> std::io::Result<()> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/1password");
    std::fs::create_dir_all(dir)?;
    let write = |name: &str, text: String| std::fs::write(format!("{dir}/{name}"), text);

    let eu = TokenBuilder::events(EU_HOST, "readme-eu")
        .issued_at(ISSUED)
        .features(&["signinattempts", "auditevents"])
        .expires_after(90 * DAY)
        .build();
    write("events-eu.txt", format!("{eu}\n"))?;
    write(
        "curl-wrong-region.sh",
        format!(
            "curl -sS -X POST https://events.1password.com/api/v2/signinattempts \\\n  -H \"Authorization: Bearer {eu}\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"limit\":100}}'\n"
        ),
    )?;

    let us = TokenBuilder::events(US_HOST, "readme-us")
        .issued_at(ISSUED)
        .features(&["signinattempts"])
        .build();
    write(
        "curl-missing-feature.sh",
        format!(
            "curl -sS -X POST https://events.1password.com/api/v2/auditevents \\\n  -H \"Authorization: Bearer {us}\" \\\n  -d '{{\"limit\":100}}'\n"
        ),
    )?;
    write(
        "curl-v1-introspect.sh",
        format!(
            "curl -sS https://events.1password.com/api/v1/auth/introspect \\\n  -H \"Authorization: Bearer {us}\"\n"
        ),
    )?;

    let sa = service_account_token("readme-sa");
    write(
        "curl-service-account.sh",
        format!(
            "curl -sS https://events.1password.com/api/v2/auth/introspect \\\n  -H \"Authorization: Bearer {sa}\"\n"
        ),
    )?;

    let connect = TokenBuilder::connect("readme-connect")
        .issued_at(ISSUED)
        .build();
    write("connect.txt", format!("{connect}\n"))?;
    Ok(())
}
