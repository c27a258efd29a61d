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

/// `text` with every run that looks like a token cut to its first six characters and `…`: a JWT (a run
/// of base64url, dots and padding with `eyJ` and a dot in it) or a 1Password service account token
/// (`ops_...`). The last line of defence for messages that quote what the user typed: `--file
/// $EVENTS_API_TOKEN` names a file that does not exist, and the error would print its name.
pub fn redact_tokens(text: &str) -> String {
    let in_run =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(in_run) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c| !in_run(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        let tokenish = (run.contains("eyJ") && run.contains('.')) || run.contains("ops_");
        if tokenish && run_len > 6 {
            out.push_str(&run[..6]);
            out.push('\u{2026}');
        } else {
            out.push_str(run);
        }
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_like_runs_are_cut_in_messages() {
        let t = "eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJlc2lnbmF0dXJl";
        assert_eq!(
            redact_tokens(&format!("cannot read {t}: no such file")),
            "cannot read eyJhbG\u{2026}: no such file"
        );
        assert_eq!(
            redact_tokens("--now `ops_eyJzaWduSW5BZGRyZXNzIjoi` is not a time"),
            "--now `ops_ey\u{2026}` is not a time"
        );
        let plain = "cannot read ./testdata/events-token.txt: permission denied (os error 13)";
        assert_eq!(redact_tokens(plain), plain);
    }

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
