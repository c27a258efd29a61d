//! Where the text to inspect comes from: an argument, standard input (with a hidden prompt on a
//! terminal), a file or an environment variable. Input is capped at 1 MiB (tokenlint inspects a token or a
//! snippet; `scan` is for files), must be text, and must be UTF-8; each refusal says what to do.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

/// The most `inspect` reads.
pub const MAX_INPUT: usize = 1 << 20;

/// Where the input comes from.
#[derive(Debug)]
pub enum Origin<'a> {
    Argv(&'a str),
    Stdin,
    File(&'a Path),
    Env(&'a str),
}

/// Reads the input text.
pub fn read(origin: &Origin) -> Result<String, String> {
    match origin {
        Origin::Argv(text) => check(text.as_bytes().to_vec(), "the argument"),
        Origin::Env(name) => {
            let value: OsString = std::env::var_os(name).ok_or_else(|| {
                format!("the environment variable {name} is not set (export it first, or pass the token on stdin)")
            })?;
            let bytes = os_bytes(value);
            check(bytes, &format!("the environment variable {name}"))
        }
        Origin::File(path) => {
            if path.as_os_str() == "-" {
                return read_stdin();
            }
            if path.is_dir() {
                return Err(format!(
                    "{} is a directory; pass a file, or use `tokenlint scan {}` for a tree",
                    path.display(),
                    path.display()
                ));
            }
            let file = std::fs::File::open(path)
                .map_err(|e| format!("cannot read {}: {}", path.display(), io_reason(&e)))?;
            let bytes = read_capped(file)
                .map_err(|e| format!("cannot read {}: {}", path.display(), io_reason(&e)))?;
            check(bytes, &path.display().to_string())
        }
        Origin::Stdin => read_stdin(),
    }
}

fn read_stdin() -> Result<String, String> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        eprint!(
            "Paste the token (or one line: a header, a curl command) and press Enter. It will not be shown.\n> "
        );
        let line = rpassword::read_password()
            .map_err(|e| format!("cannot read from the terminal: {}", io_reason(&e)))?;
        eprintln!();
        return check(line.into_bytes(), "the pasted text");
    }
    let bytes = read_capped(stdin.lock())
        .map_err(|e| format!("cannot read standard input: {}", io_reason(&e)))?;
    check(bytes, "standard input")
}

fn read_capped(r: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(MAX_INPUT as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(unix)]
fn os_bytes(s: OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStringExt;
    s.into_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: OsString) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

/// Refuses input that is too large, binary, or not UTF-8, naming where.
fn check(bytes: Vec<u8>, what: &str) -> Result<String, String> {
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "{what} is larger than 1 MiB; inspect takes one token or a short snippet. To search files for \
tokens, use `tokenlint scan PATH`"
        ));
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(format!(
            "{what} looks binary (a NUL byte at offset {at}); tokenlint reads text: a token, a header, a curl command"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{what} is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8 text",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_with_the_offset() {
        let e = check(b"abc\xffdef".to_vec(), "x").unwrap_err();
        assert!(e.contains("offset 3"), "{e}");
        let e = check(b"ab\0".to_vec(), "x").unwrap_err();
        assert!(e.contains("offset 2"), "{e}");
        let e = check(vec![b'a'; MAX_INPUT + 1], "x").unwrap_err();
        assert!(e.contains("1 MiB"), "{e}");
    }
}
