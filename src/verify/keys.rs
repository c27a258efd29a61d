//! A key ring is the set of keys the user handed tokenlint to check signatures with: public keys from
//! files (PEM SubjectPublicKeyInfo, PKCS#1 `RSA PUBLIC KEY`, X.509 certificates, DER, a JWK or a JWKS)
//! and HMAC secrets (from an environment variable or a file, never from the command line). Each key
//! keeps where it came from, its `kid` if it has one, and its type, so a verdict can name the key
//! that made it.
//!
//! Private keys are refused, not silently reduced to their public half: tokenlint never needs one,
//! and a tool that accepts them teaches people to copy private keys around. The error says how to
//! extract the public key.

use std::fmt;
use std::io::Read;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::der;
use crate::secret::SecretBytes;

/// Key files are small; a bigger file is a mistake (a log, a binary), not a key.
pub const MAX_KEY_FILE_BYTES: u64 = 1 << 20;

/// What kind of key this is, which decides the algorithms it can check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// An RSA public key; `pss_only` when its SubjectPublicKeyInfo restricts it to RSASSA-PSS.
    Rsa {
        bits: usize,
        pss_only: bool,
    },
    EcP256,
    EcP384,
    Ed25519,
    /// A shared secret; only its length is kept here.
    Hmac {
        bytes: usize,
    },
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyKind::Rsa {
                bits,
                pss_only: false,
            } => write!(f, "RSA {bits}-bit"),
            KeyKind::Rsa {
                bits,
                pss_only: true,
            } => write!(f, "RSA-PSS {bits}-bit"),
            KeyKind::EcP256 => f.write_str("EC P-256"),
            KeyKind::EcP384 => f.write_str("EC P-384"),
            KeyKind::Ed25519 => f.write_str("Ed25519"),
            KeyKind::Hmac { bytes } => write!(f, "HMAC secret ({bytes} bytes)"),
        }
    }
}

/// The form a key arrived in; reported so the user can tell two keys from the same file apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyForm {
    PemPublicKey,
    PemRsaPublicKey,
    Certificate,
    DerPublicKey,
    DerCertificate,
    Jwk,
    Jwks,
    Secret,
}

impl KeyForm {
    pub fn describe(self) -> &'static str {
        match self {
            KeyForm::PemPublicKey => "PEM public key",
            KeyForm::PemRsaPublicKey => "PKCS#1 PEM RSA public key",
            KeyForm::Certificate => "X.509 certificate",
            KeyForm::DerPublicKey => "DER public key",
            KeyForm::DerCertificate => "DER X.509 certificate",
            KeyForm::Jwk => "JWK",
            KeyForm::Jwks => "JWKS",
            KeyForm::Secret => "HMAC secret",
        }
    }
}

/// One key of the ring. Its `Debug` shows where it came from and what it is, never key material.
pub struct Key {
    pub(crate) origin: String,
    pub(crate) kid: Option<String>,
    pub(crate) kind: KeyKind,
    pub(crate) form: KeyForm,
    /// The `alg` a JWK declares for itself (RFC 7517 §4.4), if any.
    pub(crate) declared_alg: Option<String>,
    pub(crate) decoding: DecodingKey,
    /// Public bytes a confused verifier would use as an HMAC secret for this key (the PEM text as
    /// read from disk, the DER): an HS* token that verifies with one of them was forged with the
    /// key-confusion attack (RFC 8725 §2.1).
    pub(crate) confusion_secrets: Vec<Vec<u8>>,
    /// For an HMAC secret given without `base64:` whose text is itself valid base64: the decoded
    /// bytes, tried only to tell the user that the other reading of the secret would verify.
    pub(crate) base64_reading: Option<DecodingKey>,
}

impl Key {
    pub fn origin(&self) -> &str {
        &self.origin
    }
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }
    pub fn kind(&self) -> KeyKind {
        self.kind
    }
    pub fn form(&self) -> KeyForm {
        self.form
    }
    pub fn declared_alg(&self) -> Option<&str> {
        self.declared_alg.as_deref()
    }

    fn new(origin: &str, kind: KeyKind, form: KeyForm, decoding: DecodingKey) -> Key {
        Key {
            origin: origin.to_string(),
            kid: None,
            kind,
            form,
            declared_alg: None,
            decoding,
            confusion_secrets: Vec::new(),
            base64_reading: None,
        }
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("origin", &self.origin)
            .field("kid", &self.kid)
            .field("kind", &self.kind)
            .field("form", &self.form)
            .field("declared_alg", &self.declared_alg)
            .finish_non_exhaustive()
    }
}

/// The keys given for one run, plus notes about entries that were skipped (a JWKS entry for
/// encryption, a curve tokenlint cannot check) so the user learns why a key they expected is absent.
#[derive(Debug, Default)]
pub struct KeyRing {
    keys: Vec<Key>,
    notes: Vec<String>,
}

impl KeyRing {
    pub fn new() -> Self {
        KeyRing::default()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Why entries of the given files were skipped; for the user, printed as notes.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Loads every public key in a file: PEM (public keys, `RSA PUBLIC KEY`, certificates; several
    /// blocks are several keys), DER, a JWK or a JWKS. Returns how many keys it added.
    pub fn load_file(&mut self, path: &Path) -> Result<usize, String> {
        let origin = path.display().to_string();
        let bytes = read_capped(path, &origin)?;
        self.load_bytes(&origin, &bytes)
    }

    /// Like [`KeyRing::load_file`], for bytes already read; `origin` names them in messages.
    pub fn load_bytes(&mut self, origin: &str, bytes: &[u8]) -> Result<usize, String> {
        let keys = parse_key_file(origin, bytes, &mut self.notes)?;
        let count = keys.len();
        self.keys.extend(keys);
        Ok(count)
    }

    /// Adds an HMAC secret read from the environment variable `name` (origin `env:NAME`).
    pub fn load_secret_env(&mut self, name: &str) -> Result<(), String> {
        let origin = format!("env:{name}");
        let value = match std::env::var_os(name) {
            None => {
                return Err(format!(
                    "{origin}: the environment variable {name} is not set; export it first \
                     (or put the secret in a file and use --secret-file)"
                ));
            }
            Some(v) => v,
        };
        let text = Zeroizing::new(value.into_string().map_err(|_| {
            format!(
                "{origin}: the value is not valid UTF-8; put the secret in a file and use \
                 --secret-file, or encode it as base64:..."
            )
        })?);
        if text.is_empty() {
            return Err(format!(
                "{origin}: the environment variable {name} is empty"
            ));
        }
        self.add_secret_text(&origin, text.as_bytes())
    }

    /// Adds an HMAC secret read from a file (origin `file:PATH`). One trailing newline (`\n` or
    /// `\r\n`) is removed, because editors and `echo` add one that is not part of the secret.
    pub fn load_secret_file(&mut self, path: &Path) -> Result<(), String> {
        let origin = format!("file:{}", path.display());
        let mut bytes = read_capped(path, &origin)?;
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        if bytes.is_empty() {
            return Err(format!(
                "{origin}: the file is empty; it should hold the HMAC secret"
            ));
        }
        self.add_secret_text(&origin, &bytes)
    }

    /// Adds a secret in the `--secret-*` syntax: raw bytes, or `base64:` and standard or URL-safe
    /// base64.
    pub fn add_secret_text(&mut self, origin: &str, text: &[u8]) -> Result<(), String> {
        let secret = parse_hmac_secret(text).map_err(|e| format!("{origin}: {e}"))?;
        let mut key = hmac_key(origin, secret.expose(), KeyForm::Secret)?;
        if !text.starts_with(BASE64_PREFIX) {
            key.base64_reading = base64_reading(text);
        }
        self.keys.push(key);
        Ok(())
    }
}

const BASE64_PREFIX: &[u8] = b"base64:";

/// Reads a secret given as `--secret-env`/`--secret-file` text: the bytes as they are, or, after a
/// `base64:` prefix, base64 in the standard or the URL-safe alphabet (padding optional, surrounding
/// whitespace ignored). An empty secret is refused: HMAC with an empty key proves nothing.
pub fn parse_hmac_secret(text: &[u8]) -> Result<SecretBytes, String> {
    if let Some(encoded) = text.strip_prefix(BASE64_PREFIX) {
        let encoded = encoded.trim_ascii();
        if encoded.is_empty() {
            return Err("nothing follows \"base64:\"; the secret is empty".to_string());
        }
        // The decoder's error names the offending byte, which is part of the secret: keep it out.
        let decoded = decode_base64_any(encoded).ok_or_else(|| {
            "the text after \"base64:\" is not valid base64 (standard or URL-safe alphabet); \
             drop the prefix if the secret is meant as raw text"
                .to_string()
        })?;
        if decoded.is_empty() {
            return Err("the base64 after \"base64:\" decodes to nothing".to_string());
        }
        return Ok(SecretBytes::new(decoded.to_vec()));
    }
    if text.is_empty() {
        return Err("the secret is empty".to_string());
    }
    Ok(SecretBytes::new(text.to_vec()))
}

fn decode_base64_any(encoded: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    STANDARD_PAD_INDIFFERENT
        .decode(encoded)
        .or_else(|_| URL_SAFE_PAD_INDIFFERENT.decode(encoded))
        .ok()
        .map(Zeroizing::new)
}

/// A raw secret that is also plausible base64 of a real key (16 bytes or more decoded): the other
/// way a service may read the same configuration value.
fn base64_reading(text: &[u8]) -> Option<DecodingKey> {
    if text.len() < 22 {
        return None;
    }
    let decoded = decode_base64_any(text)?;
    if decoded.len() < 16 {
        return None;
    }
    DecodingKey::from_secret(&decoded).ok()
}

fn hmac_key(origin: &str, secret: &[u8], form: KeyForm) -> Result<Key, String> {
    let decoding = DecodingKey::from_secret(secret)
        .map_err(|_| format!("{origin}: the HMAC secret is empty"))?;
    Ok(Key::new(
        origin,
        KeyKind::Hmac {
            bytes: secret.len(),
        },
        form,
        decoding,
    ))
}

fn read_capped(path: &Path, origin: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{origin}: cannot open: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("{origin}: cannot read: {e}"))?;
    if meta.is_dir() {
        return Err(format!(
            "{origin}: is a directory; give the path of a key file"
        ));
    }
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{origin}: cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(format!(
            "{origin}: is larger than {} KiB; that is not a key file",
            MAX_KEY_FILE_BYTES / 1024
        ));
    }
    Ok(bytes)
}

fn parse_key_file(origin: &str, bytes: &[u8], notes: &mut Vec<String>) -> Result<Vec<Key>, String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() {
            return Err(format!(
                "{origin}: the file is empty; it should hold a public key"
            ));
        }
        if trimmed.starts_with('{') {
            return parse_json_keys(origin, trimmed, notes);
        }
        if trimmed.contains("-----BEGIN ") {
            return parse_pem_keys(origin, bytes, text);
        }
        if ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"]
            .iter()
            .any(|p| trimmed.starts_with(p))
        {
            return Err(format!(
                "{origin}: is an OpenSSH public key; convert it to PEM first: \
                 ssh-keygen -e -m PKCS8 -f {origin} > public.pem"
            ));
        }
        if trimmed.starts_with("eyJ") && trimmed.matches('.').count() >= 2 {
            return Err(format!(
                "{origin}: looks like a token, not a key; --key wants the public key (PEM, JWK or \
                 JWKS) the token's issuer signs with"
            ));
        }
    }
    if bytes.first() == Some(&der::TAG_SEQUENCE) {
        return parse_der_key(origin, bytes).map(|k| vec![k]);
    }
    Err(format!(
        "{origin}: is not a key tokenlint can read; expected a PEM public key or certificate \
         (-----BEGIN PUBLIC KEY-----), a JWK or JWKS (JSON), or a DER public key"
    ))
}

fn parse_der_key(origin: &str, der_bytes: &[u8]) -> Result<Key, String> {
    if der::parse_spki(der_bytes).is_ok() {
        return key_from_spki(origin, der_bytes, KeyForm::DerPublicKey);
    }
    if let Ok(spki) = der::certificate_spki(der_bytes) {
        return key_from_spki(origin, spki, KeyForm::DerCertificate);
    }
    if let Ok((n, e)) = der::parse_pkcs1_public(der_bytes) {
        let mut key = rsa_key(origin, n, e, false, KeyForm::DerPublicKey)?;
        key.confusion_secrets.push(der_bytes.to_vec());
        return Ok(key);
    }
    Err(format!(
        "{origin}: is binary but not a DER public key or certificate tokenlint can read; \
         a private key? Extract the public key: openssl pkey -in {origin} -pubout -out public.pem"
    ))
}

/// One `-----BEGIN LABEL-----` block, decoded.
struct PemBlock {
    label: String,
    der: Vec<u8>,
}

fn pem_blocks(origin: &str, text: &str) -> Result<Vec<PemBlock>, String> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        let label_end = after
            .find("-----")
            .ok_or_else(|| format!("{origin}: a PEM BEGIN line is not closed with -----"))?;
        let label = after[..label_end].trim().to_string();
        let body_and_more = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let body_end = body_and_more.find(&end_marker).ok_or_else(|| {
            format!("{origin}: the PEM block BEGIN {label} has no matching END line; is the file cut off?")
        })?;
        let body = &body_and_more[..body_end];
        // RFC 1421 headers (Proc-Type, DEK-Info) only occur in encrypted private keys, which are
        // refused anyway; skip them so the message about the private key is the one the user sees.
        let b64: String = body
            .lines()
            .filter(|line| !line.contains(':'))
            .flat_map(|line| line.chars().filter(|c| !c.is_ascii_whitespace()))
            .collect();
        let der = STANDARD_PAD_INDIFFERENT
            .decode(b64.as_bytes())
            .map_err(|_| format!("{origin}: the PEM block BEGIN {label} is not valid base64"))?;
        blocks.push(PemBlock { label, der });
        rest = &body_and_more[body_end + end_marker.len()..];
    }
    Ok(blocks)
}

fn parse_pem_keys(origin: &str, raw: &[u8], text: &str) -> Result<Vec<Key>, String> {
    let blocks = pem_blocks(origin, text)?;
    if let Some(private) = blocks.iter().find(|b| b.label.contains("PRIVATE KEY")) {
        let how = if private.label == "OPENSSH PRIVATE KEY" {
            format!("ssh-keygen -e -m PKCS8 -f {origin} > public.pem")
        } else {
            format!("openssl pkey -in {origin} -pubout -out public.pem")
        };
        return Err(format!(
            "{origin}: holds a private key (BEGIN {}). tokenlint checks signatures with the public \
             key only and does not read private keys; extract the public key with: {how}",
            private.label
        ));
    }
    let usable: Vec<&PemBlock> = blocks
        .iter()
        .filter(|b| b.label != "EC PARAMETERS")
        .collect();
    let mut keys = Vec::new();
    for (i, block) in usable.iter().enumerate() {
        let block_origin = if usable.len() > 1 {
            format!("{origin} (block {})", i + 1)
        } else {
            origin.to_string()
        };
        let mut key = match block.label.as_str() {
            "PUBLIC KEY" => key_from_spki(&block_origin, &block.der, KeyForm::PemPublicKey)?,
            "RSA PUBLIC KEY" => {
                let (n, e) = der::parse_pkcs1_public(&block.der).map_err(|e| {
                    format!(
                        "{block_origin}: the RSA PUBLIC KEY block is not a PKCS#1 public key ({e})"
                    )
                })?;
                rsa_key(&block_origin, n, e, false, KeyForm::PemRsaPublicKey)?
            }
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                let spki = der::certificate_spki(&block.der).map_err(|e| {
                    format!(
                        "{block_origin}: the CERTIFICATE block is not an X.509 certificate ({e})"
                    )
                })?;
                key_from_spki(&block_origin, spki, KeyForm::Certificate)?
            }
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                return Err(format!(
                    "{block_origin}: is a certificate request, not a key; take its public key with: \
                     openssl req -in {origin} -pubkey -noout > public.pem"
                ));
            }
            other => {
                return Err(format!(
                    "{block_origin}: a PEM block BEGIN {other} is not a public key or a certificate; \
                     --key wants BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY or BEGIN CERTIFICATE"
                ));
            }
        };
        // What a naive HS256 verifier would use as the "secret" when handed this public key file.
        key.confusion_secrets.push(raw.to_vec());
        key.confusion_secrets
            .push(text.trim_end().as_bytes().to_vec());
        key.confusion_secrets.push(block.der.clone());
        keys.push(key);
    }
    if keys.is_empty() {
        return Err(format!("{origin}: holds no public key or certificate"));
    }
    Ok(keys)
}

fn key_from_spki(origin: &str, spki_der: &[u8], form: KeyForm) -> Result<Key, String> {
    let spki = der::parse_spki(spki_der)
        .map_err(|e| format!("{origin}: not a valid SubjectPublicKeyInfo ({e})"))?;
    match spki.algorithm {
        der::OID_RSA_ENCRYPTION | der::OID_RSASSA_PSS => {
            let pss_only = spki.algorithm == der::OID_RSASSA_PSS;
            let (n, e) = der::parse_pkcs1_public(spki.key)
                .map_err(|e| format!("{origin}: the RSA public key inside is malformed ({e})"))?;
            rsa_key(origin, n, e, pss_only, form)
        }
        der::OID_EC_PUBLIC_KEY => match spki.curve {
            Some(der::OID_P256) => ec_key(origin, spki.key, KeyKind::EcP256, form),
            Some(der::OID_P384) => ec_key(origin, spki.key, KeyKind::EcP384, form),
            Some(der::OID_P521) => Err(unsupported_curve(origin, "P-521", "ES512")),
            Some(der::OID_SECP256K1) => Err(unsupported_curve(origin, "secp256k1", "ES256K")),
            _ => Err(format!(
                "{origin}: is an EC key on a curve JWS does not use (JWS signs with P-256 or P-384 here)"
            )),
        },
        der::OID_ED25519 => ed25519_key(origin, spki.key, form),
        der::OID_ED448 => Err(unsupported_curve(origin, "Ed448", "Ed448/EdDSA")),
        der::OID_X25519 | der::OID_X448 => Err(format!(
            "{origin}: is a key-agreement key (X25519/X448), which cannot make signatures"
        )),
        der::OID_DSA => Err(format!("{origin}: is a DSA key; JWS has no DSA algorithm")),
        _ => Err(format!(
            "{origin}: holds a public key of an algorithm tokenlint does not know"
        )),
    }
}

fn unsupported_curve(origin: &str, curve: &str, alg: &str) -> String {
    format!(
        "{origin}: is a {curve} key ({alg}); tokenlint's crypto library (jsonwebtoken 12) cannot \
         check {alg} signatures, so this key cannot be used"
    )
}

fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        None => 0,
        Some(&top) => (magnitude.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
    }
}

/// The limits jsonwebtoken's RSA backend enforces when it verifies (the `rsa` crate: 1024 to 8192
/// bits, an odd exponent between 3 and 2^33 - 1). A key outside them would fail every signature
/// with no reason given, so it is refused here, with one.
fn rsa_key(origin: &str, n: &[u8], e: &[u8], pss_only: bool, form: KeyForm) -> Result<Key, String> {
    let bits = bit_length(n);
    if bits < 1024 {
        return Err(format!(
            "{origin}: is a {bits}-bit RSA key; keys under 1024 bits cannot be checked (and RFC 7518 \
             asks for 2048 bits or more)"
        ));
    }
    if bits > 8192 {
        return Err(format!(
            "{origin}: is a {bits}-bit RSA key; tokenlint's crypto library checks at most 8192 bits"
        ));
    }
    let e_value = e.iter().try_fold(0u64, |acc, &b| {
        (acc <= (u64::MAX >> 8)).then_some((acc << 8) | u64::from(b))
    });
    let e_ok = matches!(e_value, Some(v) if v >= 3 && v % 2 == 1 && v < (1u64 << 33));
    if !e_ok || n.last().is_some_and(|b| b % 2 == 0) {
        return Err(format!(
            "{origin}: is not a usable RSA public key (even modulus or an exponent outside 3..2^33)"
        ));
    }
    let decoding = DecodingKey::from_rsa_raw_components(n, e);
    Ok(Key::new(
        origin,
        KeyKind::Rsa { bits, pss_only },
        form,
        decoding,
    ))
}

fn ec_key(origin: &str, point: &[u8], kind: KeyKind, form: KeyForm) -> Result<Key, String> {
    let (alg, coord) = match kind {
        KeyKind::EcP256 => (Algorithm::ES256, 32),
        _ => (Algorithm::ES384, 48),
    };
    let plausible = match point.first() {
        Some(4) => point.len() == 1 + 2 * coord,
        Some(2 | 3) => point.len() == 1 + coord,
        _ => false,
    };
    if !plausible {
        return Err(format!(
            "{origin}: the {kind} public point has the wrong length or format"
        ));
    }
    let decoding = DecodingKey::from_ec_der(point);
    check_usable(origin, &decoding, alg, kind)?;
    Ok(Key::new(origin, kind, form, decoding))
}

fn ed25519_key(origin: &str, x: &[u8], form: KeyForm) -> Result<Key, String> {
    if x.len() != 32 {
        return Err(format!(
            "{origin}: an Ed25519 public key is 32 bytes, this one is {}",
            x.len()
        ));
    }
    let decoding = DecodingKey::from_ed_der(x);
    check_usable(origin, &decoding, Algorithm::EdDSA, KeyKind::Ed25519)?;
    Ok(Key::new(origin, KeyKind::Ed25519, form, decoding))
}

/// jsonwebtoken parses EC and Ed25519 points when it builds a verifier; a point that is not on the
/// curve makes `crypto::verify` fail before it looks at any signature. Trying once with an empty
/// signature moves that failure to load time, where it can name the file.
fn check_usable(
    origin: &str,
    key: &DecodingKey,
    alg: Algorithm,
    kind: KeyKind,
) -> Result<(), String> {
    match jsonwebtoken::crypto::verify("", b"", key, alg) {
        Ok(_) => Ok(()),
        Err(_) => Err(format!(
            "{origin}: is not a valid {kind} public key (the point is not on the curve)"
        )),
    }
}

fn parse_json_keys(origin: &str, text: &str, notes: &mut Vec<String>) -> Result<Vec<Key>, String> {
    // serde_json's messages give a line and column, never the text around them.
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("{origin}: starts like JSON but is not valid JSON ({e})"))?;
    let Value::Object(obj) = value else {
        return Err(format!("{origin}: JSON, but not an object"));
    };
    if let Some(keys) = obj.get("keys") {
        let Value::Array(entries) = keys else {
            return Err(format!(
                "{origin}: \"keys\" is not an array, so this is not a JWKS"
            ));
        };
        if entries.iter().any(|e| e.get("d").is_some()) {
            return Err(private_jwk(origin, true));
        }
        let mut loaded = Vec::new();
        let mut skipped = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let entry_origin = format!("{origin} (keys[{i}])");
            let result = match entry {
                Value::Object(jwk) => key_from_jwk(&entry_origin, jwk, KeyForm::Jwks),
                _ => Err(format!("{entry_origin}: not a JSON object")),
            };
            match result {
                Ok(key) => loaded.push(key),
                Err(why) => skipped.push(format!("skipped {why}")),
            }
        }
        if loaded.is_empty() {
            let why = if skipped.is_empty() {
                "the \"keys\" array is empty".to_string()
            } else {
                skipped.join("; ")
            };
            return Err(format!(
                "{origin}: no key in this JWKS can check a signature: {why}"
            ));
        }
        notes.extend(skipped);
        return Ok(loaded);
    }
    if obj.contains_key("kty") {
        if obj.contains_key("d") {
            return Err(private_jwk(origin, false));
        }
        return key_from_jwk(origin, &obj, KeyForm::Jwk).map(|k| vec![k]);
    }
    if let Some(uri) = obj.get("jwks_uri").and_then(Value::as_str) {
        return Err(format!(
            "{origin}: is an OpenID Connect discovery document, not a key set; download the JWKS \
             from its jwks_uri ({uri:?}) and pass that file"
        ));
    }
    Err(format!(
        "{origin}: JSON, but neither a JWK (no \"kty\") nor a JWKS (no \"keys\" array)"
    ))
}

fn private_jwk(origin: &str, set: bool) -> String {
    let filter = if set {
        "jq '{keys: [.keys[] | del(.d, .p, .q, .dp, .dq, .qi, .oth)]}'"
    } else {
        "jq 'del(.d, .p, .q, .dp, .dq, .qi, .oth)'"
    };
    format!(
        "{origin}: holds a private JWK (it has \"d\"). tokenlint checks signatures with the public \
         key only and does not read private keys; strip the private members with: \
         {filter} {origin} > public.json"
    )
}

fn jwk_str<'a>(
    origin: &str,
    jwk: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{origin}: \"{name}\" is not a string")),
    }
}

fn jwk_bytes(origin: &str, jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text = jwk_str(origin, jwk, name)?
        .ok_or_else(|| format!("{origin}: the JWK has no \"{name}\""))?;
    URL_SAFE_PAD_INDIFFERENT
        .decode(text.trim())
        .map_err(|_| format!("{origin}: \"{name}\" is not base64url"))
}

fn key_from_jwk(origin: &str, jwk: &Map<String, Value>, form: KeyForm) -> Result<Key, String> {
    let kid = jwk_str(origin, jwk, "kid")?.map(str::to_string);
    let declared_alg = jwk_str(origin, jwk, "alg")?.map(str::to_string);
    if let Some(usage) = jwk_str(origin, jwk, "use")?
        && usage != "sig"
    {
        return Err(format!(
            "{origin}: is a key for \"use\": {usage:?}, not for signatures"
        ));
    }
    let kty = jwk_str(origin, jwk, "kty")?.unwrap_or("");
    let mut key = match kty {
        "RSA" => {
            let n = jwk_bytes(origin, jwk, "n")?;
            let e = jwk_bytes(origin, jwk, "e")?;
            let strip = |b: &[u8]| {
                b.iter()
                    .position(|&x| x != 0)
                    .map_or(Vec::new(), |i| b[i..].to_vec())
            };
            rsa_key(origin, &strip(&n), &strip(&e), false, form)?
        }
        "EC" => {
            let crv = jwk_str(origin, jwk, "crv")?.unwrap_or("");
            let (kind, coord) = match crv {
                "P-256" => (KeyKind::EcP256, 32),
                "P-384" => (KeyKind::EcP384, 48),
                "P-521" => return Err(unsupported_curve(origin, "P-521", "ES512")),
                "secp256k1" => return Err(unsupported_curve(origin, "secp256k1", "ES256K")),
                other => return Err(format!("{origin}: EC curve {other:?} is not one JWS uses")),
            };
            let x = jwk_bytes(origin, jwk, "x")?;
            let y = jwk_bytes(origin, jwk, "y")?;
            if x.len() != coord || y.len() != coord {
                return Err(format!(
                    "{origin}: {crv} coordinates are {coord} bytes each; these are {} and {}",
                    x.len(),
                    y.len()
                ));
            }
            let mut point = Vec::with_capacity(1 + 2 * coord);
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            ec_key(origin, &point, kind, form)?
        }
        "OKP" => match jwk_str(origin, jwk, "crv")?.unwrap_or("") {
            "Ed25519" => ed25519_key(origin, &jwk_bytes(origin, jwk, "x")?, form)?,
            "Ed448" => return Err(unsupported_curve(origin, "Ed448", "Ed448")),
            "X25519" | "X448" => {
                return Err(format!(
                    "{origin}: is a key-agreement key, which cannot make signatures"
                ));
            }
            other => {
                return Err(format!(
                    "{origin}: OKP curve {other:?} is not one JWS signs with"
                ));
            }
        },
        "oct" => {
            let k = Zeroizing::new(jwk_bytes(origin, jwk, "k")?);
            hmac_key(origin, &k, form)?
        }
        "" => return Err(format!("{origin}: the JWK has no \"kty\"")),
        other => {
            return Err(format!(
                "{origin}: key type {other:?} is not one JWS signs with"
            ));
        }
    };
    key.kid = kid;
    key.declared_alg = declared_alg;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn testdata(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/keys")
            .join(name)
    }

    fn load(name: &str) -> Result<KeyRing, String> {
        let mut ring = KeyRing::new();
        ring.load_file(&testdata(name))?;
        Ok(ring)
    }

    #[test]
    fn each_public_key_form_loads_with_its_type() {
        let cases = [
            (
                "rsa-public.pem",
                KeyKind::Rsa {
                    bits: 2048,
                    pss_only: false,
                },
                KeyForm::PemPublicKey,
            ),
            (
                "rsa-public-pkcs1.pem",
                KeyKind::Rsa {
                    bits: 2048,
                    pss_only: false,
                },
                KeyForm::PemRsaPublicKey,
            ),
            (
                "rsa-cert.pem",
                KeyKind::Rsa {
                    bits: 2048,
                    pss_only: false,
                },
                KeyForm::Certificate,
            ),
            ("es256-public.pem", KeyKind::EcP256, KeyForm::PemPublicKey),
            ("es256-cert.pem", KeyKind::EcP256, KeyForm::Certificate),
            ("es256-public.jwk", KeyKind::EcP256, KeyForm::Jwk),
            ("es384-public.pem", KeyKind::EcP384, KeyForm::PemPublicKey),
            (
                "ed25519-public.pem",
                KeyKind::Ed25519,
                KeyForm::PemPublicKey,
            ),
        ];
        for (file, kind, form) in cases {
            let ring = load(file).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(ring.keys().len(), 1, "{file}");
            let key = &ring.keys()[0];
            assert_eq!((key.kind(), key.form()), (kind, form), "{file}");
            assert!(key.origin().ends_with(file));
        }
    }

    #[test]
    fn a_jwks_loads_every_key_with_its_kid() {
        let ring = load("jwks.json").unwrap();
        let kids: Vec<_> = ring.keys().iter().map(|k| k.kid().unwrap()).collect();
        assert_eq!(
            kids,
            ["test-rsa", "test-es256", "test-es384", "test-ed25519"]
        );
        assert!(ring.keys()[1].origin().ends_with("jwks.json (keys[1])"));
        assert_eq!(ring.keys()[0].declared_alg(), Some("RS256"));
    }

    #[test]
    fn der_forms_load_too() {
        let pem = std::fs::read_to_string(testdata("rsa-cert.pem")).unwrap();
        let blocks = pem_blocks("x", &pem).unwrap();
        let mut ring = KeyRing::new();
        ring.load_bytes("cert.der", &blocks[0].der).unwrap();
        assert_eq!(ring.keys()[0].form(), KeyForm::DerCertificate);
        let pem = std::fs::read_to_string(testdata("es384-public.pem")).unwrap();
        let der = &pem_blocks("x", &pem).unwrap()[0].der;
        ring.load_bytes("key.der", der).unwrap();
        assert_eq!(ring.keys()[1].kind(), KeyKind::EcP384);
    }

    #[test]
    fn several_pem_blocks_are_several_keys() {
        let mut text = std::fs::read_to_string(testdata("rsa-cert.pem")).unwrap();
        text.push_str(&std::fs::read_to_string(testdata("es256-public.pem")).unwrap());
        let mut ring = KeyRing::new();
        assert_eq!(ring.load_bytes("chain.pem", text.as_bytes()).unwrap(), 2);
        assert_eq!(ring.keys()[0].origin(), "chain.pem (block 1)");
        assert_eq!(ring.keys()[1].origin(), "chain.pem (block 2)");
    }

    #[test]
    fn private_keys_are_refused_with_the_command_that_fixes_it() {
        for file in [
            "rsa-private.pem",
            "es256-private.pem",
            "ed25519-private.pem",
        ] {
            let err = load(file).unwrap_err();
            assert!(err.contains("private key"), "{err}");
            assert!(
                err.contains("openssl pkey -in") && err.contains("-pubout"),
                "{err}"
            );
            assert!(err.contains(file), "{err}");
        }
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}"#;
        let err = KeyRing::new()
            .load_bytes("k.jwk", jwk.as_bytes())
            .unwrap_err();
        assert!(err.contains("private JWK") && err.contains("jq"), "{err}");
    }

    #[test]
    fn unsupported_curves_say_which_algorithm_is_missing() {
        let err = load("es512-public.pem").unwrap_err();
        assert!(err.contains("P-521") && err.contains("ES512"), "{err}");
    }

    #[test]
    fn a_jwks_skips_what_it_cannot_use_and_says_why() {
        let jwks = r#"{"keys":[
            {"kty":"EC","crv":"P-521","kid":"big","x":"AA","y":"AA"},
            {"kty":"RSA","use":"enc","kid":"wrap","n":"AQAB","e":"AQAB"},
            {"kty":"oct","kid":"hmac","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}
        ]}"#;
        let mut ring = KeyRing::new();
        assert_eq!(ring.load_bytes("set.json", jwks.as_bytes()).unwrap(), 1);
        assert_eq!(ring.keys()[0].kind(), KeyKind::Hmac { bytes: 34 });
        assert_eq!(ring.notes().len(), 2);
        assert!(ring.notes()[0].contains("keys[0]") && ring.notes()[0].contains("ES512"));
        assert!(ring.notes()[1].contains("\"enc\""));
        let empty = KeyRing::new()
            .load_bytes("e.json", br#"{"keys":[]}"#)
            .unwrap_err();
        assert!(empty.contains("empty"), "{empty}");
    }

    #[test]
    fn wrong_files_get_a_message_that_names_them_and_says_what_to_do() {
        let cases: [(&str, &[u8], &str); 7] = [
            ("empty.pem", b"  \n", "empty"),
            (
                "token.txt",
                b"eyJhbGciOiJIUzI1NiJ9.e30.sig",
                "looks like a token",
            ),
            (
                "id.pub",
                b"ssh-ed25519 AAAAC3Nz user@host",
                "ssh-keygen -e -m PKCS8",
            ),
            (
                "oidc.json",
                br#"{"issuer":"x","jwks_uri":"https://x/keys"}"#,
                "jwks_uri",
            ),
            ("other.json", br#"{"a":1}"#, "neither a JWK"),
            (
                "cut.pem",
                b"-----BEGIN PUBLIC KEY-----\nMFkw\n",
                "no matching END",
            ),
            ("junk.bin", b"\x01\x02\x03", "not a key tokenlint can read"),
        ];
        for (origin, bytes, expected) in cases {
            let err = KeyRing::new().load_bytes(origin, bytes).unwrap_err();
            assert!(err.starts_with(origin), "{err}");
            assert!(err.contains(expected), "{origin}: {err}");
        }
    }

    #[test]
    fn an_ec_point_off_the_curve_is_refused_at_load_time() {
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}"#;
        let err = KeyRing::new()
            .load_bytes("bad.jwk", jwk.as_bytes())
            .unwrap_err();
        assert!(err.contains("not on the curve"), "{err}");
    }

    #[test]
    fn a_small_rsa_key_is_refused_with_its_size() {
        // n = 2^512 + 1 (odd, 513 bits), e = 65537.
        let mut n = vec![1u8];
        n.extend(std::iter::repeat_n(0u8, 63));
        n.push(1);
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let jwk = format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, b64(&n));
        let err = KeyRing::new()
            .load_bytes("small.jwk", jwk.as_bytes())
            .unwrap_err();
        assert!(err.contains("513-bit"), "{err}");
    }

    #[test]
    fn hmac_secrets_raw_or_base64() {
        assert_eq!(parse_hmac_secret(b"hunter2").unwrap().expose(), b"hunter2");
        assert_eq!(
            parse_hmac_secret(b"base64:aGk+Pw==").unwrap().expose(),
            b"hi>?"
        );
        assert_eq!(
            parse_hmac_secret(b"base64:aGk-Pw").unwrap().expose(),
            b"hi>?"
        );
        assert_eq!(
            parse_hmac_secret(b"base64: aGk+Pw==\n").unwrap().expose(),
            b"hi>?"
        );
        assert!(parse_hmac_secret(b"").unwrap_err().contains("empty"));
        assert!(parse_hmac_secret(b"base64:").unwrap_err().contains("empty"));
        let err = parse_hmac_secret(b"base64:s3cr*t!").unwrap_err();
        assert!(
            err.contains("not valid base64") && !err.contains("s3cr"),
            "{err}"
        );
    }

    #[test]
    fn a_secret_file_loses_one_trailing_newline_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, "abc\r\n").unwrap();
        let mut ring = KeyRing::new();
        ring.load_secret_file(&path).unwrap();
        assert_eq!(ring.keys()[0].kind(), KeyKind::Hmac { bytes: 3 });
        assert_eq!(ring.keys()[0].origin(), format!("file:{}", path.display()));
        std::fs::write(&path, "abc\n\n").unwrap();
        ring.load_secret_file(&path).unwrap();
        assert_eq!(ring.keys()[1].kind(), KeyKind::Hmac { bytes: 4 });
        std::fs::write(&path, "\n").unwrap();
        assert!(ring.load_secret_file(&path).unwrap_err().contains("empty"));
    }

    #[test]
    fn a_missing_secret_variable_is_named() {
        let err = KeyRing::new()
            .load_secret_env("TOKENLINT_TEST_SURELY_UNSET_VARIABLE")
            .unwrap_err();
        assert!(
            err.contains("env:TOKENLINT_TEST_SURELY_UNSET_VARIABLE") && err.contains("not set")
        );
    }

    #[test]
    fn debug_output_of_keys_never_shows_a_secret() {
        let secret = "correct-horse-battery-staple-0123456789";
        let mut ring = KeyRing::new();
        ring.add_secret_text("env:S", secret.as_bytes()).unwrap();
        ring.add_secret_text("env:T", b"base64:Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5")
            .unwrap();
        let jwk = r#"{"kty":"oct","kid":"k1","k":"Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5LXN0YXBsZQ"}"#;
        ring.load_bytes("oct.jwk", jwk.as_bytes()).unwrap();
        let debug = format!("{ring:?} {:#?}", ring.keys());
        for needle in [
            secret,
            "correct",
            "Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5",
            "99, 111, 114",
        ] {
            assert!(!debug.contains(needle), "{needle} leaked: {debug}");
        }
        assert!(debug.contains("env:S") && debug.contains("k1"));
    }
}
