//! Test tokens shaped like real 1Password credentials, built at test time from the test key in
//! `testdata/keys/es256-private.pem`. Nothing here is a real credential: the key signs nothing outside
//! this repository and every identifier is derived from a seed string, so the same seed always gives the
//! same token (ES256 signing with RFC 6979 nonces is deterministic too), which keeps transcripts stable.
//!
//! The shapes follow `shared/reference/1password-events-api.md`: header `{"alg","kid","typ"}` in that
//! order with a 26-character lowercase base32 `kid`; claims in the order 1Password's web client writes
//! them (`1password.com/auuid`, `1password.com/fts`, `aud`, `sub`, `exp`, `iat`, `nbf`, `iss`, `jti`);
//! a 64-byte raw P-256 signature. The header is built by hand and signed with
//! `jsonwebtoken::crypto::sign` rather than `jsonwebtoken::encode`, because `encode` serialises its
//! `Header` struct as `{"typ","alg",...}` and real Events tokens start `eyJhbGciOiJFUzI1NiIs`.
//!
//! Used by the library's unit tests (`#[path]` module in `src/profile/onepassword.rs`) and by the CLI
//! tests in `tests/cli/`, so it only depends on crates both can see.
#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

const PRIVATE_PEM: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/testdata/keys/es256-private.pem"
));

/// 2026-01-01T00:00:00Z: the `iat` of every test token unless a test sets another.
pub const ISSUED_AT: i64 = 1_767_225_600;
pub const DAY: i64 = 86_400;

/// The four Events API hosts, one per region (reference: "Hosts").
pub const US_HOST: &str = "events.1password.com";
pub const ENT_HOST: &str = "events.ent.1password.com";
pub const CA_HOST: &str = "events.1password.ca";
pub const EU_HOST: &str = "events.1password.eu";
pub const ALL_HOSTS: [&str; 4] = [US_HOST, ENT_HOST, CA_HOST, EU_HOST];

/// `n` characters of RFC 4648 base32 derived from `seed`: the shape of 1Password's UUIDs (`kid`, `jti`
/// lowercase; `1password.com/auuid`, `sub` uppercase).
pub fn base32_id(seed: &str, n: usize, upper: bool) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(n);
    let mut counter = 0u32;
    while out.len() < n {
        let digest = Sha256::digest(format!("{seed}/{counter}").as_bytes());
        for byte in digest.iter() {
            if out.len() == n {
                break;
            }
            let c = ALPHABET[(byte & 31) as usize] as char;
            out.push(if upper { c.to_ascii_uppercase() } else { c });
        }
        counter += 1;
    }
    out
}

/// `n` URL-safe characters derived from `seed` (the shape of Connect's `1password.com/token`).
fn urlsafe_id(seed: &str, n: usize) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let mut text = URL_SAFE_NO_PAD.encode(digest);
    text.truncate(n);
    text
}

fn b64_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("JSON always serialises"))
}

/// A JWT under construction: header and claims as ordered JSON maps, and how to sign it.
#[derive(Clone, Debug)]
pub struct TokenBuilder {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    signing: Signing,
}

#[derive(Clone, Debug)]
enum Signing {
    /// Sign with the ES256 test key (whatever `alg` the header says is left as is).
    Es256,
    /// HMAC-SHA256 with a fixed test secret: for tokens whose header says something other than ES256.
    Hs256,
}

impl TokenBuilder {
    /// A clean Events API token for `host` (one of [`ALL_HOSTS`]) with all three features and no expiry
    /// (the web UI's default, "Never"). `seed` makes the identifiers differ between tokens.
    pub fn events(host: &str, seed: &str) -> Self {
        let header = json!({
            "alg": "ES256",
            "kid": base32_id(&format!("{seed}/kid"), 26, false),
            "typ": "JWT",
        });
        let claims = json!({
            "1password.com/auuid": base32_id(&format!("{seed}/auuid"), 26, true),
            "1password.com/fts": ["signinattempts", "itemusages", "auditevents"],
            "aud": [host],
            "sub": base32_id(&format!("{seed}/sub"), 26, true),
            "iat": ISSUED_AT,
            "iss": "com.1password.b5",
            "jti": base32_id(&format!("{seed}/jti"), 26, false),
        });
        TokenBuilder {
            header: into_map(header),
            claims: into_map(claims),
            signing: Signing::Es256,
        }
    }

    /// A 1Password Connect server access token, shaped like the one in 1Password/connect-sdk-go's tests
    /// (`connect/client_test.go`) but with the audience current Connect tokens carry.
    pub fn connect(seed: &str) -> Self {
        let header = json!({
            "alg": "ES256",
            "kid": base32_id(&format!("{seed}/kid"), 26, false),
            "typ": "JWT",
        });
        let claims = json!({
            "1password.com/auuid": base32_id(&format!("{seed}/auuid"), 26, true),
            "1password.com/token": urlsafe_id(&format!("{seed}/token"), 32),
            "1password.com/fts": ["vaultaccess"],
            "1password.com/vts": [{"u": base32_id(&format!("{seed}/vault"), 26, false), "a": 48}],
            "aud": ["com.1password.connect"],
            "sub": base32_id(&format!("{seed}/sub"), 26, true),
            "iat": ISSUED_AT,
            "iss": "com.1password.b5",
            "jti": base32_id(&format!("{seed}/jti"), 26, false),
        });
        TokenBuilder {
            header: into_map(header),
            claims: into_map(claims),
            signing: Signing::Es256,
        }
    }

    /// Replace the features (`1password.com/fts`).
    pub fn features(mut self, names: &[&str]) -> Self {
        self.claims.insert("1password.com/fts".into(), json!(names));
        self
    }

    /// Replace `aud` with any JSON value (a string, an array, ...).
    pub fn aud(mut self, aud: Value) -> Self {
        self.claims.insert("aud".into(), aud);
        self
    }

    /// Set `iat` and keep the claim where real tokens have it.
    pub fn issued_at(mut self, iat: i64) -> Self {
        self.claims.insert("iat".into(), json!(iat));
        self
    }

    /// Add `exp` = `iat` + `seconds`, placed before `iat` as 1Password's client writes it.
    pub fn expires_after(mut self, seconds: i64) -> Self {
        let iat = self
            .claims
            .get("iat")
            .and_then(Value::as_i64)
            .unwrap_or(ISSUED_AT);
        self.claims = insert_before(self.claims, "iat", "exp", json!(iat + seconds));
        self
    }

    /// Set or replace any claim (appended at the end when new).
    pub fn claim(mut self, name: &str, value: Value) -> Self {
        self.claims.insert(name.into(), value);
        self
    }

    pub fn without_claim(mut self, name: &str) -> Self {
        self.claims.shift_remove(name);
        self
    }

    /// Sign with HMAC-SHA256 and say so in the header: an Events token with an unexpected algorithm.
    pub fn hs256(mut self) -> Self {
        self.header.insert("alg".into(), json!("HS256"));
        self.signing = Signing::Hs256;
        self
    }

    /// The compact JWT: `header.claims.signature`.
    pub fn build(&self) -> String {
        let signing_input = format!(
            "{}.{}",
            b64_json(&Value::Object(self.header.clone())),
            b64_json(&Value::Object(self.claims.clone()))
        );
        let signature = match self.signing {
            Signing::Es256 => {
                let key = EncodingKey::from_ec_pem(PRIVATE_PEM).expect("test key is PKCS#8 P-256");
                jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, Algorithm::ES256)
            }
            Signing::Hs256 => {
                let key =
                    EncodingKey::from_secret(b"tokenlint-test-hmac-secret").expect("non-empty");
                jsonwebtoken::crypto::sign(signing_input.as_bytes(), &key, Algorithm::HS256)
            }
        }
        .expect("signing with a test key works");
        format!("{signing_input}.{signature}")
    }
}

/// A clean Events token for `host` (all features, no expiry).
pub fn events_token(host: &str) -> String {
    TokenBuilder::events(host, host).build()
}

/// A 1Password service account token: `ops_` and base64url of a JSON object. The values are made up;
/// the field names are those the reference lists (signInAddress, email, muk, secretKey, ...).
pub fn service_account_token(seed: &str) -> String {
    let body = json!({
        "signInAddress": "https://my.1password.com",
        "userAuth": {
            "method": "SRPg-4096",
            "alg": "PBES2g-HS256",
            "iterations": 650000,
            "salt": urlsafe_id(&format!("{seed}/salt"), 22),
        },
        "email": format!("{}@1passwordserviceaccounts.com", base32_id(&format!("{seed}/email"), 13, false)),
        "srpX": urlsafe_id(&format!("{seed}/srpx"), 43),
        "muk": {
            "alg": "A256GCM",
            "ext": true,
            "k": urlsafe_id(&format!("{seed}/muk"), 43),
            "key_ops": ["decrypt", "encrypt"],
            "kty": "oct",
            "kid": "mp",
        },
        "secretKey": format!("A3-{}", base32_id(&format!("{seed}/sk"), 26, true)),
        "deviceUuid": base32_id(&format!("{seed}/device"), 26, false),
    });
    format!("ops_{}", b64_json(&body))
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("built from json!({{...}})"),
    }
}

fn insert_before(
    map: Map<String, Value>,
    anchor: &str,
    name: &str,
    value: Value,
) -> Map<String, Value> {
    let mut out = Map::new();
    let mut value = Some(value);
    for (k, v) in map {
        if k == name {
            continue;
        }
        if k == anchor
            && let Some(v) = value.take()
        {
            out.insert(name.to_string(), v);
        }
        out.insert(k, v);
    }
    if let Some(v) = value {
        out.insert(name.to_string(), v);
    }
    out
}
