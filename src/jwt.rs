//! Decoding splits a compact JWT into its dot-separated segments and base64url/JSON-decodes the header
//! and claims itself, so a token with any `alg`, even one no crypto library knows, can be shown. Decoding is
//! lenient where it can be (a segment in standard base64, with padding, with stray bits) and records every
//! leniency as a [`SegmentDefect`], so the rules can report what a strict server would refuse.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What is wrong with one segment's base64url.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SegmentDefect {
    /// Characters outside the base64url alphabet, with their character index in the token.
    BadChars(Vec<(usize, char)>),
    /// `=` padding at the end (JWTs use unpadded base64url).
    Padding(usize),
    /// A length no base64 encoding can have (one character too many or too few): the segment was cut.
    ImpossibleLength(usize),
    /// The last character carries bits that no encoder sets: damaged or cut.
    NonCanonicalBits,
}

/// One dot-separated part of a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Character index in the token where the segment starts.
    pub start: usize,
    /// Length in characters.
    pub len: usize,
    /// The decoded bytes, as far as they could be decoded.
    pub bytes: Option<Vec<u8>>,
    pub defects: Vec<SegmentDefect>,
}

/// A header or claims segment, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Object(Map<String, Value>),
    /// Decoded bytes that are not a JSON object; the reason says what they are instead.
    NotObject(String),
    /// The segment did not decode at all.
    Undecodable,
}

impl Part {
    pub fn object(&self) -> Option<&Map<String, Value>> {
        match self {
            Part::Object(m) => Some(m),
            _ => None,
        }
    }
}

/// The shape of a token by its segment count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Three segments: header, claims, signature.
    Jws,
    /// Five segments: header, encrypted key, IV, ciphertext, tag.
    Jwe,
    /// One segment: no dots at all.
    Opaque,
    /// Any other count.
    Other(usize),
}

/// A token split and decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub shape: Shape,
    pub segments: Vec<Segment>,
    pub header: Part,
    /// The claims of a JWS; `Undecodable` for a JWE (they are encrypted).
    pub claims: Part,
}

impl Decoded {
    /// The `alg` header parameter, if the header is an object with a string `alg`.
    pub fn alg(&self) -> Option<&str> {
        self.header.object()?.get("alg")?.as_str()
    }

    /// The raw signature bytes of a JWS.
    pub fn signature(&self) -> Option<&[u8]> {
        match self.shape {
            Shape::Jws => self.segments.get(2)?.bytes.as_deref(),
            _ => None,
        }
    }
}

/// Segments decoded and checked; later ones (a token has 3 or 5) are only counted and measured, so a
/// "token" of a million dots costs no more than its length to read.
pub const MAX_DECODED_SEGMENTS: usize = 16;

/// Splits and decodes `token`. Never fails: what cannot be decoded is recorded.
pub fn decode(token: &str) -> Decoded {
    let mut segments = Vec::new();
    let mut start = 0;
    for (i, part) in token.split('.').enumerate() {
        let len = part.chars().count();
        segments.push(if i < MAX_DECODED_SEGMENTS {
            decode_segment(part, start)
        } else {
            Segment {
                start,
                len,
                bytes: None,
                defects: Vec::new(),
            }
        });
        start += len + 1;
    }
    let shape = match segments.len() {
        1 => Shape::Opaque,
        3 => Shape::Jws,
        5 => Shape::Jwe,
        n => Shape::Other(n),
    };
    let header = if shape == Shape::Opaque {
        Part::Undecodable
    } else {
        json_part(segments[0].bytes.as_deref())
    };
    let claims = match shape {
        Shape::Jws | Shape::Other(2) | Shape::Other(4) => json_part(segments[1].bytes.as_deref()),
        _ => Part::Undecodable,
    };
    Decoded {
        shape,
        segments,
        header,
        claims,
    }
}

/// The deepest header or claims tokenlint shows. serde_json refuses documents nested deeper than 128
/// levels, and a report wraps the claims in levels of its own: showing at most 64 keeps every JSON report
/// readable by a parser with that common limit. No real token nests its claims anywhere near this deep.
pub const MAX_DEPTH: usize = 64;

fn too_deep() -> Part {
    Part::NotObject(format!(
        "it is nested more than {MAX_DEPTH} levels deep, which tokenlint does not show"
    ))
}

/// How deeply `v` nests (a scalar is 0). `v` came from serde_json, so at most 128: the recursion is
/// bounded.
fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn json_part(bytes: Option<&[u8]>) -> Part {
    let Some(bytes) = bytes else {
        return Part::Undecodable;
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v @ Value::Object(_)) if depth(&v) > MAX_DEPTH => too_deep(),
        Ok(Value::Object(m)) => Part::Object(m),
        Ok(other) => Part::NotObject(format!(
            "it is JSON, but {} instead of an object",
            json_kind(&other)
        )),
        // Valid JSON, but deeper than serde_json's limit.
        Err(e) if e.to_string().starts_with("recursion limit exceeded") => too_deep(),
        Err(e) => match std::str::from_utf8(bytes) {
            Err(_) => Part::NotObject("it is not text (not UTF-8)".into()),
            Ok(_) => Part::NotObject(format!("it is not valid JSON ({e})")),
        },
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn decode_segment(part: &str, start: usize) -> Segment {
    let mut defects = Vec::new();
    let mut bad = Vec::new();
    let mut clean = String::with_capacity(part.len());
    let trimmed = part.trim_end_matches('=');
    let padding = part.len() - trimmed.len();
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => clean.push(c),
            // Standard base64: reported, but decoded so the content can still be shown.
            '+' => {
                bad.push((start + i, c));
                clean.push('-');
            }
            '/' => {
                bad.push((start + i, c));
                clean.push('_');
            }
            _ => bad.push((start + i, c)),
        }
    }
    if !bad.is_empty() {
        defects.push(SegmentDefect::BadChars(bad));
    }
    if padding > 0 {
        defects.push(SegmentDefect::Padding(padding));
    }
    let len = part.chars().count();
    if clean.len() % 4 == 1 {
        defects.push(SegmentDefect::ImpossibleLength(clean.len()));
        // Show what the rest says: drop the dangling character.
        clean.pop();
    }
    let bytes = match STRICT.decode(&clean) {
        Ok(b) => Some(b),
        Err(base64::DecodeError::InvalidLastSymbol { .. }) => {
            if !defects
                .iter()
                .any(|d| matches!(d, SegmentDefect::ImpossibleLength(_)))
            {
                defects.push(SegmentDefect::NonCanonicalBits);
            }
            LENIENT.decode(&clean).ok()
        }
        Err(_) => LENIENT.decode(&clean).ok(),
    };
    Segment {
        start,
        len,
        bytes,
        defects,
    }
}

/// Encodes bytes as unpadded base64url (for tests and samples).
pub fn b64url(bytes: &[u8]) -> String {
    STRICT.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(header: &str, claims: &str, sig: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            b64url(header.as_bytes()),
            b64url(claims.as_bytes()),
            b64url(sig)
        )
    }

    #[test]
    fn decodes_header_claims_and_signature() {
        let t = tok(r#"{"alg":"ES256","typ":"JWT"}"#, r#"{"sub":"x"}"#, &[7; 64]);
        let d = decode(&t);
        assert_eq!(d.shape, Shape::Jws);
        assert_eq!(d.alg(), Some("ES256"));
        assert_eq!(d.claims.object().unwrap()["sub"], "x");
        assert_eq!(d.signature().unwrap().len(), 64);
        assert!(d.segments.iter().all(|s| s.defects.is_empty()));
    }

    #[test]
    fn unknown_alg_still_decodes() {
        let d = decode(&tok(r#"{"alg":"XYZ999"}"#, "{}", b"s"));
        assert_eq!(d.alg(), Some("XYZ999"));
    }

    #[test]
    fn records_padding_bad_chars_and_cut_segments() {
        let h = b64url(br#"{"alg":"HS256"}"#);
        let d = decode(&format!("{h}==.e30.abc+/"));
        assert!(d.segments[0].defects.contains(&SegmentDefect::Padding(2)));
        assert!(matches!(&d.segments[2].defects[0], SegmentDefect::BadChars(v) if v.len() == 2));
        assert_eq!(d.alg(), Some("HS256"));
        let d = decode(&format!("{h}.e30.abcde"));
        assert!(matches!(
            d.segments[2].defects[0],
            SegmentDefect::ImpossibleLength(_)
        ));
        // "e31" decodes "{}" only with stray trailing bits.
        let d = decode(&format!("{h}.e31.abcd"));
        assert!(
            d.segments[1]
                .defects
                .contains(&SegmentDefect::NonCanonicalBits)
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_shown() {
        let nested = |n: usize| format!("{{\"x\":{}1{}}}", "[".repeat(n), "]".repeat(n));
        let d = decode(&tok("{}", &nested(MAX_DEPTH - 1), b"s"));
        assert!(d.claims.object().is_some());
        for n in [MAX_DEPTH, 127, 128, 5000, 100_000] {
            let d = decode(&tok("{}", &nested(n), b"s"));
            assert!(
                matches!(&d.claims, Part::NotObject(r) if r.contains("nested more than 64")),
                "{n}: {:?}",
                d.claims
            );
        }
    }

    #[test]
    fn jwe_and_non_object_parts() {
        let d = decode(&format!(
            "{}.a.b.c.d",
            b64url(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
        ));
        assert_eq!(d.shape, Shape::Jwe);
        assert!(d.header.object().is_some());
        assert_eq!(d.claims, Part::Undecodable);
        let d = decode(&tok("[1,2]", "not json", b"s"));
        assert!(matches!(d.header, Part::NotObject(ref r) if r.contains("array")));
        assert!(matches!(d.claims, Part::NotObject(ref r) if r.contains("not valid JSON")));
    }
}
