//! Where the scanned content comes from: files and directories on disk (walked in parallel with the
//! `ignore` crate, honouring `.gitignore` and `.ignore`), or the blobs staged in the git index (what the
//! next commit will contain, which may differ from the working copy). Each source hands every file's
//! bytes to a [`Collector`](super::Collector); neither decides anything about tokens.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};

use ignore::{WalkBuilder, WalkState};

use super::{Collector, SkipReason, suppress};

/// How much file content may be in memory at once, across threads. A file larger than this still gets
/// read, alone.
const MEMORY_BUDGET: u64 = 48 << 20;
/// What is read first to tell a binary file (a NUL byte in it) before reading the rest.
pub(crate) const BINARY_PROBE: usize = 8 << 10;
/// A thread keeps its read buffer between files unless it grew past this.
const KEEP_BUFFER: usize = 4 << 20;

/// Bytes of file content in memory, shared by the walker's threads.
struct Budget {
    used: Mutex<u64>,
    freed: Condvar,
}

impl Budget {
    fn acquire(&self, n: u64) -> BudgetGuard<'_> {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && *used + n > MEMORY_BUDGET {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += n;
        BudgetGuard { budget: self, n }
    }
}

struct BudgetGuard<'a> {
    budget: &'a Budget,
    n: u64,
}

impl Drop for BudgetGuard<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|e| e.into_inner());
        *used -= self.n;
        self.budget.freed.notify_all();
    }
}

/// How the walk treats ignore files.
pub(crate) struct WalkOptions<'a> {
    pub paths: &'a [PathBuf],
    pub no_ignore: bool,
    pub threads: usize,
}

/// Walks `paths` and hands each file to the collector. Paths named explicitly are always scanned (as
/// the pre-commit framework passes them); files found in directories are filtered by `.gitignore`,
/// `.ignore` and `.git/info/exclude` (in or out of a git repository), never by the user's global git
/// excludes, so results are the same on every machine. Hidden files are scanned (`.env` is where tokens
/// hide); `.git` itself is not.
pub(crate) fn walk(opts: &WalkOptions, collector: &Collector) -> Result<(), String> {
    for p in opts.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    let mut builder = WalkBuilder::new(&opts.paths[0]);
    for p in &opts.paths[1..] {
        builder.add(p);
    }
    builder
        .hidden(false)
        .parents(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads)
        .filter_entry(|e| e.file_name() != ".git");
    let budget = Budget {
        used: Mutex::new(0),
        freed: Condvar::new(),
    };
    builder.build_parallel().run(|| {
        let budget = &budget;
        let mut buf: Vec<u8> = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = error_path(&err).unwrap_or_else(|| "(walk)".to_string());
                    collector.skip(&path, SkipReason::Unreadable(err.to_string()));
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                // Directories are walked; symlinks are not followed (a link's target is scanned where
                // it lives); a named path that is a symlink to a file is read below.
                let named_link = entry.depth() == 0
                    && entry.path_is_symlink()
                    && entry.path().metadata().is_ok_and(|m| m.is_file());
                if !named_link {
                    return WalkState::Continue;
                }
            }
            let path = entry.path();
            let display = display_path(path);
            match read_file(path, collector.max_file_size, &mut buf, budget) {
                Ok(Outcome::Text(guard)) => {
                    collector.content(&display, path, &buf);
                    drop(guard);
                }
                Ok(Outcome::Binary) => collector.binary(),
                Ok(Outcome::TooLarge(size)) => collector.skip(&display, SkipReason::TooLarge(size)),
                Err(e) => collector.skip(&display, SkipReason::Unreadable(e.to_string())),
            }
            if buf.capacity() > KEEP_BUFFER {
                buf = Vec::new();
            }
            WalkState::Continue
        })
    });
    Ok(())
}

fn error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(display_path(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// A path as shown in results: as given or found, without a leading `./`, with forward slashes.
pub(crate) fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.replace('\\', "/")
}

enum Outcome<'a> {
    Text(BudgetGuard<'a>),
    Binary,
    TooLarge(u64),
}

/// Reads a file into `buf`: the first bytes to tell a binary file, then the rest, never more than
/// `max` bytes.
fn read_file<'a>(
    path: &Path,
    max: u64,
    buf: &mut Vec<u8>,
    budget: &'a Budget,
) -> io::Result<Outcome<'a>> {
    let mut f = File::open(path)?;
    let size = f.metadata()?.len();
    if size > max {
        return Ok(Outcome::TooLarge(size));
    }
    buf.clear();
    (&mut f).take(BINARY_PROBE as u64).read_to_end(buf)?;
    if memchr::memchr(0, buf).is_some() {
        return Ok(Outcome::Binary);
    }
    let guard = budget.acquire(size);
    buf.reserve(size.saturating_sub(buf.len() as u64) as usize);
    // One byte more than allowed tells a file that grew while it was read.
    f.take(max + 1 - buf.len() as u64).read_to_end(buf)?;
    if buf.len() as u64 > max {
        return Ok(Outcome::TooLarge(buf.len() as u64));
    }
    Ok(Outcome::Text(guard))
}

/// One staged file: its mode, blob id and path (relative to the top of the repository).
struct StagedBlob {
    id: String,
    path: String,
}

fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("--staged needs git: cannot run it ({e})"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.first().copied().unwrap_or(""),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The top directory of the git repository that holds `cwd`.
pub(crate) fn repo_root(cwd: &Path) -> Result<PathBuf, String> {
    let out = git(cwd, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("--staged scans the git index, but {e}"))?;
    let s = String::from_utf8_lossy(&out)
        .trim_end_matches(['\n', '\r'])
        .to_string();
    Ok(PathBuf::from(s))
}

/// Files added, copied or modified in the index compared with HEAD (every staged file before the
/// first commit), limited to `pathspecs` when given. Symlinks and submodules have no content to scan.
fn staged_blobs(cwd: &Path, pathspecs: &[PathBuf]) -> Result<Vec<StagedBlob>, String> {
    let mut args: Vec<String> = [
        "diff",
        "--cached",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "--diff-filter=ACM",
        "--no-ext-diff",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if !pathspecs.is_empty() {
        args.push("--".into());
        args.extend(pathspecs.iter().map(|p| p.to_string_lossy().into_owned()));
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = git(cwd, &argv)?;
    let mut blobs = Vec::new();
    let mut fields = out.split(|&b| b == 0);
    while let Some(meta) = fields.next() {
        if meta.is_empty() {
            continue;
        }
        let Some(path) = fields.next() else { break };
        // `:100644 100644 <old id> <new id> M`
        let meta = String::from_utf8_lossy(meta);
        let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
        if parts.len() < 5 {
            continue;
        }
        let mode = parts[1];
        if mode == "120000" || mode == "160000" {
            continue;
        }
        blobs.push(StagedBlob {
            id: parts[3].to_string(),
            path: String::from_utf8_lossy(path).into_owned(),
        });
    }
    Ok(blobs)
}

/// Scans what is staged: each blob is read from the index with `git cat-file --batch`, so the content
/// is exactly what the next commit will hold, whatever the working copy says.
pub(crate) fn staged(
    cwd: &Path,
    pathspecs: &[PathBuf],
    collector: &Collector,
) -> Result<PathBuf, String> {
    let root = repo_root(cwd)?;
    let blobs = staged_blobs(cwd, pathspecs)?;
    if blobs.is_empty() {
        return Ok(root);
    }
    let mut child = Command::new("git")
        .current_dir(cwd)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("--staged needs git: cannot run it ({e})"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let stdout = child.stdout.take().expect("piped");
    let ids: Vec<String> = blobs.iter().map(|b| b.id.clone()).collect();
    // Written from another thread: git answers while it reads, and a full pipe either way would
    // otherwise stop both.
    let writer = std::thread::spawn(move || -> io::Result<()> {
        for id in ids {
            writeln!(stdin, "{id}")?;
        }
        Ok(())
    });
    let mut reader = BufReader::new(stdout);
    let mut buf = Vec::new();
    let result = (|| -> Result<(), String> {
        for blob in &blobs {
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .map_err(|e| format!("git cat-file: {e}"))?;
            // `<id> blob <size>`, or `<id> missing`.
            let parts: Vec<&str> = header.split_whitespace().collect();
            if parts.len() != 3 {
                collector.skip(
                    &blob.path,
                    SkipReason::Unreadable(format!("git cat-file: {}", header.trim())),
                );
                continue;
            }
            let size: u64 = parts[2]
                .parse()
                .map_err(|_| format!("git cat-file: unexpected answer `{}`", header.trim()))?;
            let abs = root.join(&blob.path);
            if size > collector.max_file_size {
                io::copy(&mut (&mut reader).take(size + 1), &mut io::sink())
                    .map_err(|e| format!("git cat-file: {e}"))?;
                collector.skip(&blob.path, SkipReason::TooLarge(size));
                continue;
            }
            buf.clear();
            (&mut reader)
                .take(size)
                .read_to_end(&mut buf)
                .map_err(|e| format!("git cat-file: {e}"))?;
            let mut newline = [0u8; 1];
            reader
                .read_exact(&mut newline)
                .map_err(|e| format!("git cat-file: {e}"))?;
            if memchr::memchr(0, &buf[..buf.len().min(BINARY_PROBE)]).is_some() {
                collector.binary();
            } else {
                collector.content(&blob.path, &abs, &buf);
            }
        }
        Ok(())
    })();
    drop(reader);
    let _ = writer.join();
    let status = child.wait().map_err(|e| format!("git cat-file: {e}"))?;
    result?;
    if !status.success() {
        return Err("git cat-file failed".to_string());
    }
    Ok(root)
}

/// The absolute path a staged file will have, for matching ignore globs and baselines.
pub(crate) fn staged_abs(root: &Path, path: &str) -> PathBuf {
    suppress::absolute(root, Path::new(path))
}
