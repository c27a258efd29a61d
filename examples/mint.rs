//! Makes test tokens for tokenlint's samples and benchmarks: signs the claims given as JSON with the
//! ES256 test key in `testdata/keys/es256-private.pem` (a key made for the tests, not 1Password's). The
//! header is written as 1Password writes it: `{"alg":"ES256","kid":"...","typ":"JWT"}`.
//!
//!     cargo run --example mint -- '{"iss":"com.1password.b5","iat":1793534400}' [KID]
//!
//! The token is printed on stdout. It is signed for real, so signature checks can verify it with
//! `testdata/keys/es256-public.pem`; no 1Password service accepts it.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};

fn main() {
    let mut args = std::env::args().skip(1);
    let claims: serde_json::Value = match args.next().map(|s| serde_json::from_str(&s)) {
        Some(Ok(v)) => v,
        _ => {
            eprintln!("usage: mint CLAIMS_JSON [KID]");
            std::process::exit(2);
        }
    };
    let header = match args.next() {
        Some(kid) => serde_json::json!({"alg": "ES256", "kid": kid, "typ": "JWT"}),
        None => serde_json::json!({"alg": "ES256", "typ": "JWT"}),
    };
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/keys/es256-private.pem"
    ))
    .expect("the test key is in testdata/keys");
    let key = EncodingKey::from_ec_pem(&pem).expect("a PKCS#8 P-256 key");
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let sig = jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, Algorithm::ES256)
        .expect("signing");
    println!("{signing_input}.{sig}");
}
