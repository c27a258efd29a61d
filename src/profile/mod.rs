//! Profiles recognise what kind of token a candidate is and read the claims that say what it grants.
//! The generic profile knows JWS and JWE; service-specific knowledge (1Password Events) builds on it.

use serde_json::{Map, Value};

use crate::jwt::{Decoded, Shape};

/// The kind of token, as shown in reports (`kind`).
pub fn kind(decoded: &Decoded) -> &'static str {
    match decoded.shape {
        Shape::Jwe => "jwe",
        // A damaged JWT (a segment lost or added) is still a JWT when its header says so.
        Shape::Jws | Shape::Other(_) if decoded.alg().is_some() => "jwt",
        _ => "unknown",
    }
}

/// The scopes the token grants, in the token's order: 1Password's `1password.com/fts`, else the OAuth
/// `scope` (space-separated) or `scp` claims.
pub fn scopes(claims: Option<&Map<String, Value>>) -> Vec<String> {
    let Some(c) = claims else {
        return Vec::new();
    };
    for name in ["1password.com/fts", "scp", "scope", "scopes"] {
        match c.get(name) {
            Some(Value::Array(a)) => {
                return a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
            Some(Value::String(s)) => return s.split_whitespace().map(str::to_string).collect(),
            _ => {}
        }
    }
    Vec::new()
}
