//! A secret is a bearer token or a key that tokenlint holds in memory. Its `Debug` and `Display` print
//! `(redacted)`, so no `{:?}` in an error, a log line or a test failure can leak it, and its bytes are
//! zeroed when it is dropped. Code that really needs the text asks for it with [`Secret::expose`], which
//! makes every such place easy to find.

use std::fmt;

use zeroize::Zeroize;

/// Text that must not be printed by accident: a token or an HMAC secret.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Secret(text.into())
    }

    /// The secret text itself. Every caller is a place where the secret leaves this wrapper.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Secret(text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Bytes that must not be printed by accident (an HMAC key after base64 decoding).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(bytes)
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes(redacted, {} bytes)", self.0.len())
    }
}

impl Drop for SecretBytes {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_text() {
        let s = Secret::new("eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl");
        assert_eq!(format!("{s:?}"), "Secret(redacted)");
        assert_eq!(format!("{s}"), "(redacted)");
        assert_eq!(s.expose(), "eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl");
        let b = SecretBytes::new(b"hunter2hunter2".to_vec());
        assert!(!format!("{b:?}").contains("hunter2"));
    }
}
