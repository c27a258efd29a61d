//! Suppression says which found tokens the user already knows about, so a repository can adopt the check
//! without fixing its history first. Three ways, checked in this order:
//!
//! - a `tokenlint:allow` comment on the token's line or the line before (see [`super::detect`]);
//! - a `.tokenlintignore` file: fingerprints (`sha256:…`, one token wherever it is) and path globs in
//!   gitignore syntax, relative to the file's directory;
//! - a baseline file (`--baseline FILE`): the fingerprint and path of each token known when it was
//!   written (`--write-baseline`).
//!
//! Nothing here holds a token: fingerprints are 64 bits of a SHA-256, useless for recovering one.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::{Deserialize, Serialize};

/// The name of the ignore file tokenlint looks for.
pub const IGNORE_FILE: &str = ".tokenlintignore";

/// Why a token is not reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `comment`, `ignore-file` or `baseline`.
    pub by: &'static str,
    /// What matched: the comment marker, the fingerprint or glob line, the baseline file.
    pub detail: String,
}

/// Joins `p` to `cwd` and removes `.` and `..` without touching the file system (no symlink resolution:
/// paths are compared as the user wrote them).
pub fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `dir`, with forward slashes; `None` when it is not under `dir`.
pub fn relative_to(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// A parsed `.tokenlintignore`.
#[derive(Debug)]
pub struct IgnoreFile {
    pub path: PathBuf,
    dir: PathBuf,
    fingerprints: BTreeSet<String>,
    globs: Gitignore,
}

impl IgnoreFile {
    /// Finds `.tokenlintignore` in `start` or a directory above it, stopping at the top of the git
    /// repository (a directory holding `.git`).
    pub fn discover(start: &Path) -> Result<Option<IgnoreFile>, String> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(IGNORE_FILE);
            if candidate.is_file() {
                return IgnoreFile::load(&candidate).map(Some);
            }
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        Ok(None)
    }

    /// Reads an ignore file: `#` comments, `sha256:` fingerprints, and gitignore globs.
    pub fn load(path: &Path) -> Result<IgnoreFile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        IgnoreFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<IgnoreFile, String> {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut fingerprints = BTreeSet::new();
        let mut builder = GitignoreBuilder::new(&dir);
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if let Some(hex) = t.strip_prefix("sha256:") {
                // A fingerprint may be followed by a comment: `sha256:0123… # test fixture`.
                let hex = hex.split_whitespace().next().unwrap_or("");
                if hex.len() != 16 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(format!(
                        "{} line {}: a fingerprint is `sha256:` and 16 hex digits, as tokenlint prints it",
                        path.display(),
                        n + 1
                    ));
                }
                fingerprints.insert(format!("sha256:{}", hex.to_ascii_lowercase()));
                continue;
            }
            builder
                .add_line(Some(path.to_path_buf()), line)
                .map_err(|e| format!("{} line {}: {e}", path.display(), n + 1))?;
        }
        let globs = builder
            .build()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(IgnoreFile {
            path: path.to_path_buf(),
            dir,
            fingerprints,
            globs,
        })
    }

    /// Does this file suppress the token with `fingerprint` found at `abs` (an absolute path)?
    pub fn matches(&self, fingerprint: &str, abs: &Path) -> Option<Suppression> {
        if self.fingerprints.contains(fingerprint) {
            return Some(Suppression {
                by: "ignore-file",
                detail: format!("{} lists {fingerprint}", self.path.display()),
            });
        }
        let rel = abs.strip_prefix(&self.dir).ok()?;
        match self.globs.matched_path_or_any_parents(rel, false) {
            ignore::Match::Ignore(glob) => Some(Suppression {
                by: "ignore-file",
                detail: format!("{} matches `{}`", self.path.display(), glob.original()),
            }),
            _ => None,
        }
    }
}

/// The version of the baseline file format written by this build.
pub const BASELINE_VERSION: u32 = 1;

/// One known token in a baseline.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    /// Relative to the baseline file's directory, with forward slashes.
    pub path: String,
    /// The status when the baseline was written (for people reading the file; not matched).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub status: String,
}

#[derive(Serialize, Deserialize)]
struct BaselineWire {
    schema_version: u32,
    #[serde(default)]
    note: String,
    entries: Vec<BaselineEntry>,
}

/// A baseline: the tokens known when it was written, matched by fingerprint and path.
#[derive(Debug)]
pub struct Baseline {
    pub path: PathBuf,
    dir: PathBuf,
    known: BTreeSet<(String, String)>,
}

impl Baseline {
    /// Reads a baseline file. A missing file is an error unless `may_be_missing` (when it is about to be
    /// written).
    pub fn load(path: &Path, cwd: &Path, may_be_missing: bool) -> Result<Baseline, String> {
        let abs = absolute(cwd, path);
        let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        let text = match std::fs::read_to_string(&abs) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_be_missing => String::new(),
            Err(e) => {
                return Err(format!(
                    "cannot read the baseline {}: {e} (write one with --write-baseline)",
                    path.display()
                ));
            }
        };
        let mut known = BTreeSet::new();
        if !text.trim().is_empty() {
            let wire: BaselineWire = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "the baseline {} is not a tokenlint baseline: {e}",
                    path.display()
                )
            })?;
            if wire.schema_version != BASELINE_VERSION {
                return Err(format!(
                    "the baseline {} has schema_version {}; this tokenlint reads {BASELINE_VERSION}",
                    path.display(),
                    wire.schema_version
                ));
            }
            for e in wire.entries {
                known.insert((e.fingerprint, e.path));
            }
        }
        Ok(Baseline {
            path: path.to_path_buf(),
            dir,
            known,
        })
    }

    /// The path as a baseline entry names it, when the file is under the baseline's directory.
    pub fn entry_path(&self, abs: &Path) -> Option<String> {
        relative_to(&self.dir, abs)
    }

    pub fn matches(&self, fingerprint: &str, abs: &Path) -> Option<Suppression> {
        let path = self.entry_path(abs)?;
        self.known
            .contains(&(fingerprint.to_string(), path))
            .then(|| Suppression {
                by: "baseline",
                detail: format!("listed in {}", self.path.display()),
            })
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

/// The text of a baseline file holding `entries` (sorted, without duplicates).
pub fn baseline_text(mut entries: Vec<BaselineEntry>) -> String {
    entries.sort();
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.path == b.path);
    let wire = BaselineWire {
        schema_version: BASELINE_VERSION,
        note: "Tokens known when this baseline was written (fingerprints, never tokens). \
`tokenlint scan --baseline FILE` reports only others; rewrite it with --write-baseline."
            .to_string(),
        entries,
    };
    serde_json::to_string_pretty(&wire).expect("plain data serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_removes_dots_lexically() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            absolute(cwd, Path::new("./a/../b/c.env")),
            PathBuf::from("/repo/sub/b/c.env")
        );
        assert_eq!(absolute(cwd, Path::new("../x")), PathBuf::from("/repo/x"));
        assert_eq!(
            relative_to(Path::new("/repo"), Path::new("/repo/sub/b/c.env")).as_deref(),
            Some("sub/b/c.env")
        );
        assert_eq!(relative_to(Path::new("/repo"), Path::new("/other/x")), None);
    }

    #[test]
    fn ignore_file_matches_fingerprints_and_globs() {
        let f = IgnoreFile::parse(
            Path::new("/repo/.tokenlintignore"),
            "# fixtures\nsha256:0123456789ABCDEF  # the sample token\ntestdata/\n*.snap\n!keep.snap\n",
        )
        .unwrap();
        let fp = "sha256:0123456789abcdef";
        assert_eq!(
            f.matches(fp, Path::new("/repo/src/a.rs")).unwrap().by,
            "ignore-file"
        );
        let other = "sha256:ffffffffffffffff";
        assert!(
            f.matches(other, Path::new("/repo/testdata/x/y.txt"))
                .is_some()
        );
        assert!(f.matches(other, Path::new("/repo/a/b.snap")).is_some());
        assert!(f.matches(other, Path::new("/repo/keep.snap")).is_none());
        assert!(f.matches(other, Path::new("/repo/src/a.rs")).is_none());
        assert!(
            f.matches(other, Path::new("/elsewhere/testdata/a"))
                .is_none()
        );
    }

    #[test]
    fn ignore_file_rejects_a_bad_fingerprint() {
        let e = IgnoreFile::parse(Path::new("/r/.tokenlintignore"), "sha256:xyz\n").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn baseline_round_trips_and_matches_by_fingerprint_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        let text = baseline_text(vec![
            BaselineEntry {
                fingerprint: "sha256:bbbbbbbbbbbbbbbb".into(),
                path: "z.env".into(),
                status: "live".into(),
            },
            BaselineEntry {
                fingerprint: "sha256:aaaaaaaaaaaaaaaa".into(),
                path: "a/b.env".into(),
                status: "expired".into(),
            },
            BaselineEntry {
                fingerprint: "sha256:aaaaaaaaaaaaaaaa".into(),
                path: "a/b.env".into(),
                status: "expired".into(),
            },
        ]);
        assert!(text.find("a/b.env").unwrap() < text.find("z.env").unwrap());
        std::fs::write(&path, &text).unwrap();
        let b = Baseline::load(&path, dir.path(), false).unwrap();
        assert_eq!(b.len(), 2);
        let fp = "sha256:aaaaaaaaaaaaaaaa";
        assert!(b.matches(fp, &dir.path().join("a/b.env")).is_some());
        assert!(b.matches(fp, &dir.path().join("a/c.env")).is_none());
        assert!(
            b.matches("sha256:cccccccccccccccc", &dir.path().join("a/b.env"))
                .is_none()
        );
    }

    #[test]
    fn a_missing_baseline_is_an_error_unless_it_is_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.json");
        assert!(Baseline::load(&path, dir.path(), false).is_err());
        assert!(Baseline::load(&path, dir.path(), true).unwrap().is_empty());
        std::fs::write(&path, "{\"schema_version\": 9, \"entries\": []}").unwrap();
        let e = Baseline::load(&path, dir.path(), false).unwrap_err();
        assert!(e.contains("schema_version 9"), "{e}");
    }
}
