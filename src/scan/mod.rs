//! Scanning finds tokens committed, or about to be committed, in files: the pre-commit check. A scan
//! reads files from a [`source`] (a walk of directories, a list of files, or the git index), finds the
//! tokens in each with [`detect`] (a literal prefilter, then inspect's own extract → decode → rules path
//! on a window around each hit), gives each a status (`live`, `expired`, `not-yet-valid`, `malformed`)
//! and the finding `committed-token`, and applies the user's [`suppress`]ions. The result is a
//! [`ScanReport`]: plain data that the renderers print.
//!
//! Binary files (a NUL byte in the first 8 KiB) and files over the size limit are skipped and counted,
//! never silently. Nothing here prints a token: results carry the redacted prefix and the fingerprint.

pub mod detect;
pub(crate) mod source;
pub mod suppress;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub use detect::{Found, Status};
use suppress::{Baseline, BaselineEntry, IgnoreFile, Suppression};

use crate::report::Severity;
use crate::rules::Settings;

/// The default `--max-file-size`: 32 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 << 20;

/// What to scan and how; resolved from the flags by `main`.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// Files and directories; empty means the current directory (or, with `staged`, every staged file).
    pub paths: Vec<PathBuf>,
    /// Scan the blobs staged in the git index instead of the working copy.
    pub staged: bool,
    pub max_file_size: u64,
    /// Ignore `.gitignore`, `.ignore` and `.git/info/exclude`.
    pub no_ignore: bool,
    pub threads: usize,
    /// Show a progress line on stderr when the scan takes more than a second.
    pub progress: bool,
    /// A `.tokenlintignore` to use instead of the one found from the current directory up.
    pub ignore_file: Option<PathBuf>,
    /// A baseline: tokens listed in it are suppressed.
    pub baseline: Option<PathBuf>,
    /// The baseline is about to be written: it may be missing, and it suppresses nothing.
    pub writing_baseline: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            paths: Vec::new(),
            staged: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            no_ignore: false,
            threads: default_threads(),
            progress: false,
            ignore_file: None,
            baseline: None,
            writing_baseline: false,
        }
    }
}

/// One thread per core, at most eight: past that the disk, not the CPU, is the limit.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().min(8))
}

/// One token found in one file.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The file, as given or found (relative to the current directory), or, with `--staged`, relative to
    /// the top of the repository. Forward slashes.
    pub path: String,
    pub found: Found,
    /// Why it is not reported, when it is not.
    pub suppressed: Option<Suppression>,
}

impl Hit {
    pub fn severity(&self) -> Severity {
        self.found.finding.severity
    }
}

/// Why a file was not scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Larger than `--max-file-size` (its size in bytes).
    TooLarge(u64),
    /// It could not be read (the error).
    Unreadable(String),
    /// Its first this many tokens are reported; the rest of it was not scanned.
    TooManyTokens(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

/// Counts over the whole scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub binary_skipped: u64,
    pub too_large: u64,
    pub unreadable: u64,
    pub elapsed: Duration,
}

/// Everything a scan found.
#[derive(Clone, Debug, Default)]
pub struct ScanReport {
    /// Every token found, suppressed ones included, ordered by path, line and column.
    pub hits: Vec<Hit>,
    /// Files too large or unreadable, by path.
    pub skipped: Vec<Skipped>,
    pub stats: Stats,
    /// The `.tokenlintignore` in use.
    pub ignore_file: Option<PathBuf>,
    /// With `--staged`: the top of the repository, which paths are relative to.
    pub repo_root: Option<PathBuf>,
    /// Baseline entries for every token not suppressed by a comment or the ignore file (what
    /// `--write-baseline` writes).
    pub baseline_entries: Vec<BaselineEntry>,
}

impl ScanReport {
    /// The tokens that are reported.
    pub fn active(&self) -> impl Iterator<Item = &Hit> {
        self.hits.iter().filter(|h| h.suppressed.is_none())
    }

    pub fn suppressed(&self) -> impl Iterator<Item = &Hit> {
        self.hits.iter().filter(|h| h.suppressed.is_some())
    }

    /// The most severe reported finding: what `--fail-on` compares with.
    pub fn worst(&self) -> Option<Severity> {
        self.active().map(Hit::severity).max()
    }

    /// Reported tokens by severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for h in self.active() {
            match h.severity() {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Info => c.2 += 1,
            }
        }
        c
    }

    /// Reported tokens with this status.
    pub fn count_status(&self, s: Status) -> usize {
        self.active().filter(|h| h.found.status == s).count()
    }

    /// Number of distinct files with a reported token.
    pub fn files_with_tokens(&self) -> usize {
        let mut paths: Vec<&str> = self.active().map(|h| h.path.as_str()).collect();
        paths.dedup();
        paths.len()
    }
}

/// The tokens of one file, before suppression.
struct FileHits {
    path: String,
    abs: PathBuf,
    found: Vec<Found>,
}

/// Receives each file's content from a source, runs detection, and keeps counts for the progress line.
pub(crate) struct Collector<'a> {
    settings: &'a Settings,
    cwd: &'a Path,
    pub(crate) max_file_size: u64,
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    tokens: AtomicU64,
    results: Mutex<Vec<FileHits>>,
    skipped: Mutex<Vec<Skipped>>,
}

impl Collector<'_> {
    /// A text file's content: find its tokens.
    pub(crate) fn content(&self, display: &str, path: &Path, bytes: &[u8]) {
        let mut found = detect::detect(bytes, self.settings);
        if found.len() > detect::MAX_TOKENS_PER_FILE {
            found.truncate(detect::MAX_TOKENS_PER_FILE);
            self.skip(
                display,
                SkipReason::TooManyTokens(detect::MAX_TOKENS_PER_FILE),
            );
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if found.is_empty() {
            return;
        }
        self.tokens.fetch_add(found.len() as u64, Ordering::Relaxed);
        let hits = FileHits {
            path: display.to_string(),
            abs: suppress::absolute(self.cwd, path),
            found,
        };
        lock(&self.results).push(hits);
    }

    pub(crate) fn binary(&self) {
        self.binary.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn skip(&self, display: &str, reason: SkipReason) {
        lock(&self.skipped).push(Skipped {
            path: display.to_string(),
            reason,
        });
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs a scan. `Err` only when the scan cannot run at all: a path that does not exist, `--staged`
/// outside a git repository, an unreadable ignore file or baseline.
pub fn scan(opts: &ScanOptions, settings: &Settings) -> Result<ScanReport, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let ignore_file = match &opts.ignore_file {
        Some(p) => Some(IgnoreFile::load(p)?),
        None => IgnoreFile::discover(&cwd)?,
    };
    let baseline = match &opts.baseline {
        Some(p) => Some(Baseline::load(p, &cwd, opts.writing_baseline)?),
        None => None,
    };
    let collector = Collector {
        settings,
        cwd: &cwd,
        max_file_size: opts.max_file_size,
        files: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        binary: AtomicU64::new(0),
        tokens: AtomicU64::new(0),
        results: Mutex::new(Vec::new()),
        skipped: Mutex::new(Vec::new()),
    };
    let started = Instant::now();
    let done = AtomicBool::new(false);
    let mut repo_root = None;
    std::thread::scope(|s| -> Result<(), String> {
        if opts.progress {
            s.spawn(|| progress(&collector, &done, started));
        }
        let r = if opts.staged {
            source::staged(&cwd, &opts.paths, &collector).map(|root| repo_root = Some(root))
        } else {
            let default = [PathBuf::from(".")];
            let paths = if opts.paths.is_empty() {
                &default[..]
            } else {
                &opts.paths[..]
            };
            source::walk(
                &source::WalkOptions {
                    paths,
                    no_ignore: opts.no_ignore,
                    threads: opts.threads.max(1),
                },
                &collector,
            )
        };
        done.store(true, Ordering::Relaxed);
        r
    })?;
    let mut report = ScanReport {
        stats: Stats {
            files_scanned: collector.files.load(Ordering::Relaxed),
            bytes_scanned: collector.bytes.load(Ordering::Relaxed),
            binary_skipped: collector.binary.load(Ordering::Relaxed),
            elapsed: started.elapsed(),
            ..Stats::default()
        },
        ignore_file: ignore_file.as_ref().map(|f| f.path.clone()),
        repo_root: repo_root.clone(),
        ..ScanReport::default()
    };
    let mut skipped = collector
        .skipped
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    for s in &skipped {
        match s.reason {
            SkipReason::TooLarge(_) => report.stats.too_large += 1,
            SkipReason::Unreadable(_) => report.stats.unreadable += 1,
            SkipReason::TooManyTokens(_) => {}
        }
    }
    report.skipped = skipped;
    let mut files = collector
        .results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in files {
        let abs = match &repo_root {
            Some(root) => source::staged_abs(root, &file.path),
            None => file.abs.clone(),
        };
        for found in file.found {
            let fp = found.report.token.fingerprint.clone();
            let mut suppressed = found.allowed_by_comment.then(|| Suppression {
                by: "comment",
                detail: format!(
                    "`{}` on the token's line or the line before",
                    detect::ALLOW_MARKER
                ),
            });
            if suppressed.is_none() {
                suppressed = ignore_file.as_ref().and_then(|f| f.matches(&fp, &abs));
            }
            if suppressed.is_none()
                && let Some(b) = &baseline
            {
                if let Some(path) = b.entry_path(&abs) {
                    report.baseline_entries.push(BaselineEntry {
                        fingerprint: fp.clone(),
                        path,
                        status: found.status.as_str().to_string(),
                    });
                }
                if !opts.writing_baseline {
                    suppressed = b.matches(&fp, &abs);
                }
            }
            report.hits.push(Hit {
                path: file.path.clone(),
                found,
                suppressed,
            });
        }
    }
    report.hits.sort_by(|a, b| {
        (&a.path, a.found.span.line, a.found.span.column).cmp(&(
            &b.path,
            b.found.span.line,
            b.found.span.column,
        ))
    });
    Ok(report)
}

/// The progress line: silent for the first second, then updated a few times a second, and erased at
/// the end so it never mixes with the report.
fn progress(c: &Collector, done: &AtomicBool, started: Instant) {
    use std::io::Write;
    let mut shown = false;
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() < Duration::from_secs(1) {
            continue;
        }
        let line = format!(
            "scanning: {} files, {}, {} tokens found ({:.0} s)",
            c.files.load(Ordering::Relaxed),
            human_bytes(c.bytes.load(Ordering::Relaxed)),
            c.tokens.load(Ordering::Relaxed),
            started.elapsed().as_secs_f64()
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        shown = true;
        drop(err);
        std::thread::sleep(Duration::from_millis(150));
    }
    if shown {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// `1.5 MiB`, `320 KiB`, `12 B`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if v < 10.0 {
        format!("{v:.1} {}", UNITS[u])
    } else {
        format!("{v:.0} {}", UNITS[u])
    }
}

/// Parses a size such as `32M`, `512K`, `1G`, `32MiB` or plain bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let lower = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let (num, mult) = match lower.chars().last() {
        Some('k') => (&lower[..lower.len() - 1], 1u64 << 10),
        Some('m') => (&lower[..lower.len() - 1], 1 << 20),
        Some('g') => (&lower[..lower.len() - 1], 1 << 30),
        _ => (lower, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{t}` is not a size: use bytes or a number with K, M or G (32M)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("32M").unwrap(), 32 << 20);
        assert_eq!(parse_size("32MiB").unwrap(), 32 << 20);
        assert_eq!(parse_size("512k").unwrap(), 512 << 10);
        assert_eq!(parse_size("100").unwrap(), 100);
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(40 << 20), "40 MiB");
    }
}
