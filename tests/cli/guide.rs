//! GUIDE.md's transcripts are real: every ```console block is run again, command by command, and must
//! print what the guide shows. When the output changes on purpose, `UPDATE_GUIDE=1 cargo test --test cli
//! guide` rewrites the blocks from the real binary; review the diff like any other change.
//!
//! In a block, a line starting with `$ ` is a command (continued while a line ends with ` \`); the lines
//! up to the next command are its output, stdout and stderr together. Each command runs in its own
//! `bash -c` from the repository root, with `tokenlint` first on PATH, the clock fixed at
//! 2026-12-04T12:00:00Z (TOKENLINT_NOW, as the guide says) and colour off.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::support::NOW_RFC3339;

struct Step {
    command: Vec<String>,
    output: Vec<String>,
}

enum Part {
    Text(String),
    Block(Vec<Step>),
}

fn parse(guide: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut lines = guide.lines().peekable();
    while let Some(line) = lines.next() {
        parts.push(Part::Text(line.to_string()));
        if line.trim_end() != "```console" {
            continue;
        }
        let mut steps: Vec<Step> = Vec::new();
        while let Some(line) = lines.next_if(|l| l.trim_end() != "```") {
            if let Some(first) = line.strip_prefix("$ ") {
                let mut command = vec![first.to_string()];
                while command.last().is_some_and(|l| l.ends_with(" \\")) {
                    match lines.next() {
                        Some(l) => command.push(l.to_string()),
                        None => break,
                    }
                }
                steps.push(Step {
                    command,
                    output: Vec::new(),
                });
            } else if let Some(step) = steps.last_mut() {
                step.output.push(line.to_string());
            } else {
                panic!("GUIDE.md: a console block must start with a `$ ` command, not {line:?}");
            }
        }
        parts.push(Part::Block(steps));
    }
    parts
}

fn render(parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text(line) => {
                out.push_str(line);
                out.push('\n');
            }
            Part::Block(steps) => {
                for step in steps {
                    for (i, l) in step.command.iter().enumerate() {
                        out.push_str(if i == 0 { "$ " } else { "" });
                        out.push_str(l);
                        out.push('\n');
                    }
                    for l in &step.output {
                        out.push_str(l);
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(command: &[String], bin_dir: &Path) -> Vec<String> {
    let script = format!("{{\n{}\n}} 2>&1", command.join("\n"));
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = Process::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(root())
        .env("PATH", path)
        .env("TOKENLINT_NOW", NOW_RFC3339)
        .env("NO_COLOR", "1")
        .env_remove("EVENTS_API_TOKEN")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

#[test]
fn guide_transcripts_are_what_tokenlint_prints() {
    if Process::new("bash").arg("--version").output().is_err() {
        eprintln!("bash is not installed; skipping");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("tokenlint");
    let bin_dir = bin.parent().expect("a directory").to_path_buf();
    let path = root().join("GUIDE.md");
    let guide = std::fs::read_to_string(&path).expect("GUIDE.md");
    let mut parts = parse(&guide);
    assert_eq!(render(&parts), guide, "parsing GUIDE.md loses nothing");

    let update = std::env::var_os("UPDATE_GUIDE").is_some();
    let mut stale = Vec::new();
    let mut steps = 0;
    for part in &mut parts {
        let Part::Block(block) = part else { continue };
        for step in block {
            steps += 1;
            let got = run(&step.command, &bin_dir);
            let want: Vec<String> = step
                .output
                .iter()
                .map(|l| l.trim_end().to_string())
                .collect();
            let mut want_trimmed = want.clone();
            while want_trimmed.last().is_some_and(|l| l.is_empty()) {
                want_trimmed.pop();
            }
            if got != want_trimmed {
                stale.push(format!(
                    "$ {}\n--- GUIDE.md shows:\n{}\n--- tokenlint prints:\n{}",
                    step.command.join("\n"),
                    want_trimmed.join("\n"),
                    got.join("\n")
                ));
                // Keep a blank line the guide had between this output and the next command.
                let blank = want.len() > want_trimmed.len();
                step.output = got;
                if blank {
                    step.output.push(String::new());
                }
            }
        }
    }
    assert!(
        steps >= 10,
        "GUIDE.md has transcripts ({steps} commands found)"
    );
    if update && !stale.is_empty() {
        std::fs::write(&path, render(&parts)).expect("GUIDE.md is writable");
        eprintln!("rewrote {} transcript(s) in GUIDE.md", stale.len());
        return;
    }
    assert!(
        stale.is_empty(),
        "{} transcript(s) in GUIDE.md no longer match; if the change is intended, run \
         `UPDATE_GUIDE=1 cargo test --test cli guide` and review the diff.\n\n{}",
        stale.len(),
        stale.join("\n\n")
    );
}
