//! Shipping: what makes tokenlint feel like an installed tool besides its job, namely shell completion
//! scripts and roff manual pages. Both are generated from the clap command itself ([`Cli::command`]),
//! never from a second list of flags, so whatever is added to `cli.rs` appears in them by itself. The
//! only thing added here is knowledge clap cannot have: the finding codes `tokenlint explain` accepts,
//! taken from the rules catalogue so shells can complete them.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Arg, CommandFactory};
use clap_complete::aot::{Shell, generate};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use crate::cli::Cli;
use crate::rules;

const BIN: &str = "tokenlint";

/// The command as completions and man pages describe it: the parser's command, with `explain`'s CODE
/// argument knowing the catalogue's codes (each with its summary, which zsh and fish show).
///
/// The parser itself does not restrict CODE to these values: `explain` answers an unknown code with
/// "did you mean", which a clap error could not.
pub fn command() -> clap::Command {
    let codes: Vec<PossibleValue> = rules::catalogue()
        .map(|c| PossibleValue::new(c.code).help(c.summary))
        .collect();
    // `mut_subcommands` and `mut_args` keep the order (their singular forms move the item to the end).
    Cli::command().mut_subcommands(|sub| {
        if sub.get_name() != "explain" {
            return sub;
        }
        sub.mut_args(|a: Arg| {
            if a.is_positional() {
                a.value_parser(codes.clone())
            } else {
                a
            }
        })
    })
}

/// Writes the completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) {
    let mut cmd = command();
    generate(shell, &mut cmd, BIN, out);
}

/// The command, built, for man pages: no `help` subcommand (it has no page of its own).
fn man_command() -> clap::Command {
    let mut cmd = command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The names of the subcommands that have a manual page, in definition order.
pub fn man_subcommands() -> Vec<String> {
    man_command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

/// Renders the top page, tokenlint(1), or with `subcommand` the page tokenlint-SUBCOMMAND(1).
/// An unknown subcommand is an `Err` naming the ones that exist.
pub fn man_page(subcommand: Option<&str>, out: &mut dyn Write) -> Result<(), String> {
    let cmd = man_command();
    let page = match subcommand {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) if !sub.is_hide_set() => sub.clone(),
            _ => {
                return Err(format!(
                    "no subcommand `{}` (there are: {})",
                    rules::quote_short(name, 40),
                    man_subcommands().join(", ")
                ));
            }
        },
    };
    render_page(&page, out).map_err(|e| format!("cannot write the manual page: {e}"))
}

/// Writes tokenlint.1 and tokenlint-SUBCOMMAND.1 for every subcommand into `dir` (created if missing),
/// and returns the paths written.
pub fn write_man_pages(dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let cmd = man_command();
    let mut pages = vec![cmd.clone()];
    pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    let mut written = Vec::new();
    for page in pages {
        let path = dir.join(format!("{}.1", page_name(&page)));
        let mut buf = Vec::new();
        render_page(&page, &mut buf).map_err(|e| e.to_string())?;
        std::fs::write(&path, buf).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// `tokenlint` or `tokenlint-inspect`: clap gives a built subcommand this display name.
fn page_name(cmd: &clap::Command) -> &str {
    cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
}

/// One page: clap_mangen's sections, except that the text after the options (our examples and exit
/// status) goes in an EXAMPLES section kept line for line, since roff would otherwise fill the aligned
/// example columns into one paragraph.
fn render_page(cmd: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = Vec::new();
    render_sections(cmd, &mut buf)?;
    // Each section rendered alone repeats roff's preamble (two lines defining the apostrophe); keep the
    // first copy.
    let text = String::from_utf8_lossy(&buf);
    let mut seen = std::collections::HashSet::new();
    for line in text.lines() {
        if !(line.starts_with(".ie \\n(.g") || line.starts_with(".el .ds Aq")) || seen.insert(line)
        {
            writeln!(out, "{}", ascii_roff(line))?;
        }
    }
    Ok(())
}

/// Roff input is ASCII: other characters (the smart quotes in a code's summary) become groff's
/// `\[uXXXX]` escapes, which man-db, groff and mandoc all read whether or not they run `preconv`.
fn ascii_roff(line: &str) -> std::borrow::Cow<'_, str> {
    if line.is_ascii() {
        return line.into();
    }
    line.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", c as u32)
            }
        })
        .collect::<String>()
        .into()
}

fn render_sections(cmd: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let man = Man::new(cmd.clone())
        .title(page_name(cmd).to_uppercase())
        .source(format!("{BIN} {}", env!("CARGO_PKG_VERSION")));
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    if let Some(text) = cmd.get_long_about().or_else(|| cmd.get_about()) {
        section("DESCRIPTION", &text.to_string(), out)?;
    }
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(out)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(out)?;
    }
    if let Some(text) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        let text = text.to_string();
        section(
            "EXAMPLES",
            text.strip_prefix("Examples:\n").unwrap_or(&text),
            out,
        )?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(out)?;
    }
    see_also(cmd, out)
}

/// A section from help text: paragraphs are filled, but indented lines (examples, a table of shells)
/// keep their lines and alignment, as they do in `--help`.
fn section(title: &str, text: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut roff = Roff::default();
    roff.control("SH", [title]);
    let mut verbatim = false;
    for line in text.lines() {
        let indented = line.starts_with(' ');
        if indented != verbatim && !line.trim().is_empty() {
            roff.control(if indented { "nf" } else { "fi" }, []);
            verbatim = indented;
        }
        if line.trim().is_empty() {
            if verbatim {
                roff.control("fi", []);
                verbatim = false;
            }
            roff.control("PP", []);
        } else {
            roff.text([roman(line)]);
        }
    }
    if verbatim {
        roff.control("fi", []);
    }
    roff.to_writer(out)
}

/// Subcommand pages point back to the top page; the top page lists the subcommands already.
fn see_also(cmd: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    if page_name(cmd) == BIN {
        return Ok(());
    }
    let mut roff = Roff::default();
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(format!("{BIN}(1)"))]);
    roff.to_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn man(sub: Option<&str>) -> String {
        let mut buf = Vec::new();
        man_page(sub, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn subcommand_pages_are_named_for_the_subcommand() {
        let page = man(Some("explain"));
        let th = env!("CARGO_PKG_VERSION");
        assert!(
            page.contains(&format!(".TH TOKENLINT-EXPLAIN 1  \"tokenlint {th}\"")),
            "{page}"
        );
        assert!(page.contains("tokenlint(1)"));
    }

    #[test]
    fn examples_keep_their_lines() {
        let page = man(None);
        let ex = &page[page.find(".SH EXAMPLES").expect("an EXAMPLES section")..];
        assert!(ex.contains("\n.nf\n"), "{ex}");
        assert!(ex.contains("\n  tokenlint explain expired "), "{ex}");
        assert!(
            !ex.contains("Examples:"),
            "the heading is the section title: {ex}"
        );
    }

    #[test]
    fn non_ascii_becomes_a_roff_escape() {
        assert_eq!(
            ascii_roff("quotes (\u{201c} \u{2019})"),
            "quotes (\\[u201C] \\[u2019])"
        );
        let page = man(Some("explain"));
        assert!(page.is_ascii());
        assert!(page.contains("\\[u201C]"), "{page}");
    }

    #[test]
    fn unknown_subcommand_names_the_real_ones() {
        let err = man_page(Some("nope"), &mut Vec::new()).unwrap_err();
        assert!(err.contains("nope") && err.contains("explain"), "{err}");
    }

    #[test]
    fn explain_completes_every_code() {
        let mut buf = Vec::new();
        // zsh, since clap_complete's fish script completes no positional argument.
        completions(Shell::Zsh, &mut buf);
        let script = String::from_utf8(buf).unwrap();
        for c in rules::catalogue() {
            assert!(script.contains(c.code), "zsh completion lacks {}", c.code);
        }
    }

    #[test]
    fn the_parser_still_accepts_an_unknown_code() {
        use clap::Parser;
        assert!(Cli::try_parse_from(["tokenlint", "explain", "not-a-code"]).is_ok());
    }
}
