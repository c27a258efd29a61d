//! Shipping: completion scripts, man pages, `--version`, `-h` and `--help`. The subcommands and flags
//! expected are read from the clap command (`Cli::command()`), so a new subcommand is checked without
//! touching this file.

use std::process::Command as Process;

use clap::CommandFactory;
use predicates::prelude::*;
use tokenlint::cli::Cli;

use crate::support::*;

/// Every visible subcommand, as a user would type it.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(names.len() >= 2, "the command has subcommands: {names:?}");
    names
}

/// Every visible long flag of the top-level command.
fn long_flags() -> Vec<String> {
    Cli::command()
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

fn stdout_of(args: &[&str]) -> String {
    let out = tokenlint().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "tokenlint {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn has_bash() -> bool {
    Process::new("bash").arg("--version").output().is_ok()
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: a script, not {script:?}");
        for sub in subcommands() {
            assert!(script.contains(&sub), "{shell} completion lacks `{sub}`");
        }
        for flag in long_flags() {
            assert!(
                script.contains(flag.trim_start_matches('-')),
                "{shell} completion lacks {flag}"
            );
        }
    }
}

#[test]
fn completions_reject_an_unknown_shell() {
    tokenlint()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bash"));
}

#[test]
fn bash_completion_parses_and_completes() {
    if !has_bash() {
        eprintln!("bash is not installed; skipping");
        return;
    }
    let script = stdout_of(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenlint.bash");
    std::fs::write(&path, &script).unwrap();
    let syntax = Process::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        syntax.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );

    // Ask the completion function what follows `tokenlint ` and `tokenlint explain tru`, as Tab would.
    let ask = |words: &str, cword: usize, cur: &str, prev: &str| {
        let probe = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; _tokenlint tokenlint '{cur}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        );
        let out = Process::new("bash").arg("-c").arg(probe).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let first = ask("tokenlint ''", 1, "", "tokenlint");
    for sub in subcommands() {
        assert!(first.contains(&sub), "Tab offers no `{sub}`: {first:?}");
    }
    let code = ask("tokenlint explain tru", 2, "tru", "explain");
    assert_eq!(code, vec!["truncated"], "explain completes finding codes");
}

/// The page with roff's dash escapes undone, so names can be searched for.
fn plain(roff: &str) -> String {
    roff.replace("\\-", "-")
}

#[test]
fn man_page_is_roff_that_names_every_subcommand_and_flag() {
    let page = stdout_of(&["man"]);
    assert!(
        page.contains(".TH TOKENLINT 1"),
        "a roff title line: {page}"
    );
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"));
    let page = plain(&page);
    for sub in subcommands() {
        assert!(
            page.contains(&format!("tokenlint-{sub}(1)")),
            "the top page lists `{sub}`"
        );
    }
    for flag in long_flags() {
        assert!(page.contains(&flag), "the top page documents {flag}");
    }
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn every_subcommand_has_its_own_page() {
    for sub in subcommands() {
        let page = stdout_of(&["man", &sub]);
        let title = format!(".TH TOKENLINT-{} 1", sub.to_uppercase());
        assert!(page.contains(&title), "{sub}: {page}");
        assert!(plain(&page).contains(&format!("tokenlint {sub}")));
    }
    tokenlint()
        .args(["man", "no-such-command"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("explain"));
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let listed = stdout_of(&["man", "--dir", dir.path().to_str().unwrap()]);
    let mut want = vec!["tokenlint.1".to_string()];
    want.extend(subcommands().iter().map(|s| format!("tokenlint-{s}.1")));
    for name in &want {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.starts_with(".ie") || text.starts_with(".TH"), "{name}");
        assert!(
            listed.contains(name),
            "the written paths are listed: {listed}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), want.len());
}

#[test]
fn man_page_renders_without_roff_warnings() {
    let Ok(probe) = Process::new("groff").arg("--version").output() else {
        eprintln!("groff is not installed; skipping");
        return;
    };
    assert!(probe.status.success());
    let mut pages = vec![None];
    pages.extend(subcommands().into_iter().map(Some));
    for sub in pages {
        let mut args = vec!["man".to_string()];
        args.extend(sub.clone());
        let roff = tokenlint().args(&args).output().unwrap().stdout;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.1");
        std::fs::write(&path, roff).unwrap();
        let out = Process::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
            .unwrap();
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.trim().is_empty(),
            "{sub:?}: {warnings}"
        );
    }
}

#[test]
fn version_prints_the_crate_version() {
    for flag in ["--version", "-V"] {
        tokenlint()
            .arg(flag)
            .assert()
            .success()
            .stdout(format!("tokenlint {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn short_help_is_a_summary_of_long_help() {
    let mut commands: Vec<Vec<String>> = vec![vec![]];
    commands.extend(subcommands().into_iter().map(|s| vec![s]));
    for cmd in commands {
        let with = |flag: &str| {
            let mut args = cmd.clone();
            args.push(flag.to_string());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            stdout_of(&args)
        };
        let short = with("-h");
        let long = with("--help");
        assert!(
            short.len() < long.len(),
            "{cmd:?}: -h ({} bytes) is not shorter than --help ({} bytes)",
            short.len(),
            long.len()
        );
        assert!(short.contains("Usage: tokenlint"), "{cmd:?}: {short}");
        assert!(
            long.contains("Examples:\n  tokenlint"),
            "{cmd:?}: --help has examples\n{long}"
        );
    }
}
