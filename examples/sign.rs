//! Signs test tokens with any of the test keys in `testdata/keys/` (made for the tests, see its
//! README), for the samples that show signature checking:
//!
//!     cargo run --example sign -- ALG KEY_FILE CLAIMS_JSON [KID]
//!
//! ALG is RS256/384/512, PS256/384/512, ES256, ES384, EdDSA or HS256/384/512. KEY_FILE is a PKCS#8
//! private key PEM, or for HS* a secret file in the `--secret-file` syntax (raw, or `base64:...`;
//! one trailing newline ignored). The token is printed on stdout; no real service accepts it.

use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: sign ALG KEY_FILE CLAIMS_JSON [KID]");
        std::process::exit(2);
    }
    let alg = Algorithm::from_str(&args[0]).expect("an algorithm jsonwebtoken can sign with");
    let key_bytes = std::fs::read(&args[1]).expect("the key file");
    let claims: serde_json::Value = serde_json::from_str(&args[2]).expect("claims as JSON");
    let key = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            let text = key_bytes.strip_suffix(b"\n").unwrap_or(&key_bytes);
            let secret = tokenlint::verify::parse_hmac_secret(text).expect("a usable secret");
            EncodingKey::from_secret(secret.expose()).expect("a non-empty secret")
        }
        Algorithm::ES256 | Algorithm::ES384 => {
            EncodingKey::from_ec_pem(&key_bytes).expect("PKCS#8 EC")
        }
        Algorithm::EdDSA => EncodingKey::from_ed_pem(&key_bytes).expect("PKCS#8 Ed25519"),
        _ => EncodingKey::from_rsa_pem(&key_bytes).expect("an RSA private key"),
    };
    let mut header = serde_json::json!({"alg": args[0], "typ": "JWT"});
    if let Some(kid) = args.get(3) {
        header["kid"] = serde_json::json!(kid);
    }
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let sig = jsonwebtoken::crypto::sign(input.as_bytes(), &key, alg).expect("signing");
    println!("{input}.{sig}");
}
