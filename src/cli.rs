//! The command line, as clap derive types that stay close to the flags. [`crate::config`]-style
//! resolution (parsing `--now`, durations, colour) happens in `main`, which owns the clock and the
//! terminal.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Inspect and lint bearer tokens offline (JWTs, 1Password Events API tokens)";

const LONG_ABOUT: &str = "\
Inspect and lint bearer tokens offline.

Give tokenlint a token, or anything that contains one (an Authorization header, a whole curl command, a
.env line, a JSON document), and it decodes the JWT header and claims, shows scopes and times, and reports
every defect that makes a server answer 401: truncation, stray whitespace, invisible characters, smart
quotes, unexpanded $VARIABLES, `Bearer Bearer`, a wrong scheme, an expired token, and more. Each finding
has a stable code (see `tokenlint explain`).

Nothing is sent anywhere, and no output shows the whole token or its signature unless --show-token.

With no subcommand, tokenlint runs `inspect`.";

const INSPECT_EXAMPLES: &str = "\
Examples:
  tokenlint                                  paste the token at a hidden prompt
  op read op://Vault/Events/credential | tokenlint
  tokenlint --env EVENTS_API_TOKEN           read it from an environment variable
  tokenlint --file request.sh                a file with a curl command or a header
  pbpaste | tokenlint --json | jq '.tokens[0].times'
  tokenlint --now 2027-01-01T00:00:00Z --fail-on warning -f token.txt

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 tokenlint could not run.";

#[derive(Debug, Parser)]
#[command(
    name = "tokenlint",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = "Run `tokenlint inspect --help` for inspect's examples, `tokenlint explain` for the finding codes.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub inspect: InspectArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the token in the input, decode it and report its defects (the default)
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Explain a finding code: why it happens, why it matters, how to fix it
    #[command(
        after_help = "Examples:\n  tokenlint explain              list every code\n  tokenlint explain truncated    the long explanation of one code"
    )]
    Explain(ExplainArgs),
    /// Find tokens committed (or about to be) in files, trees or the git index: the pre-commit check
    #[command(after_help = SCAN_EXAMPLES)]
    Scan(ScanArgs),
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The token or text to inspect. `-` or nothing reads standard input. Prefer stdin, --env or
    /// --file: a token on the command line lands in your shell history (finding `token-in-argv`)
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Read the input from a file (a token, a header, a curl command, a .env or JSON file)
    #[arg(short, long, value_name = "PATH", conflicts_with_all = ["token", "env"])]
    pub file: Option<PathBuf>,

    /// Read the token from an environment variable, e.g. EVENTS_API_TOKEN
    #[arg(short, long, value_name = "NAME", conflicts_with = "token")]
    pub env: Option<String>,

    /// Warn (`expires-soon`) when the token expires within this time: 30d, 12h, 90m, 2w, or seconds
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    pub expiry_warning: String,

    /// Include the whole token in the output (it is redacted otherwise)
    #[arg(long)]
    pub show_token: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Same as --format json
    #[arg(long)]
    pub json: bool,

    /// When to colour human output. NO_COLOR in the environment means never for `auto`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Exit with status 1 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Check times against this moment instead of the clock: RFC 3339 (2026-12-04T10:00:00Z) or Unix
    /// seconds. Makes reports reproducible
    #[arg(long, value_name = "TIME", env = "TOKENLINT_NOW")]
    pub now: Option<String>,

    /// Show times in the local time zone instead of UTC (human output; JSON is always UTC)
    #[arg(long)]
    pub local: bool,
}

impl OutputArgs {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

const SCAN_EXAMPLES: &str = "\
Examples:
  tokenlint scan                             the current directory (honours .gitignore)
  tokenlint scan --staged                    what the next commit holds (a git pre-commit hook)
  tokenlint scan config/ deploy/secrets.env  some directories and files
  tokenlint scan --format sarif > tokenlint.sarif
  tokenlint scan --baseline .tokenlint-baseline.json --write-baseline   accept what is there now

A token on a line with `tokenlint:allow` (or below one) is not reported, nor one whose fingerprint or
path is in .tokenlintignore.

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 tokenlint could not run.";

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and directories to scan (default: the current directory). Files named here are always
    /// scanned; directories are walked honouring .gitignore, .ignore and .git/info/exclude, in a git
    /// repository or not
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Scan what is staged in the git index (the content the next commit will hold, not the working
    /// copy): added, copied and modified files. PATHs limit it
    #[arg(long)]
    pub staged: bool,

    /// Skip files larger than this (they are counted and listed): bytes, or a number with K, M or G
    #[arg(long, value_name = "SIZE", default_value = "32M")]
    pub max_file_size: String,

    /// Also scan files that .gitignore, .ignore and .git/info/exclude leave out
    #[arg(long)]
    pub no_ignore: bool,

    /// Do not report tokens listed in this baseline file (written with --write-baseline)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write every token found (not already allowed by a comment or .tokenlintignore) to the --baseline
    /// file, then exit 0: adopt the check without fixing the history first
    #[arg(long, requires = "baseline")]
    pub write_baseline: bool,

    /// Use this ignore file instead of the .tokenlintignore found in the current directory or above it
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Option<PathBuf>,

    /// Threads that read and scan files (default: one per core, at most 8)
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Output format: human (grouped by file), json (versioned schema), sarif (SARIF 2.1.0)
    #[arg(long, value_enum, default_value_t = ScanFormat::Human)]
    pub format: ScanFormat,

    /// Same as --format json
    #[arg(long)]
    pub json: bool,

    /// When to colour human output. NO_COLOR in the environment means never for `auto`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Exit with status 1 when a finding is at or above this severity (a live token is an error, an
    /// expired one a warning, a damaged one info)
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Check times against this moment instead of the clock: RFC 3339 or Unix seconds
    #[arg(long, value_name = "TIME", env = "TOKENLINT_NOW")]
    pub now: Option<String>,
}

impl ScanArgs {
    pub fn format(&self) -> ScanFormat {
        if self.json {
            ScanFormat::Json
        } else {
            self.format
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code to explain, e.g. `truncated`. Without one, every code is listed
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// Does this command line ask for JSON? Used to report a flag error as JSON too.
pub fn wants_json(args: &[std::ffi::OsString]) -> bool {
    let mut prev_format = false;
    for a in args {
        let a = a.to_string_lossy();
        if a == "--json" || a == "--format=json" || (prev_format && a == "json") {
            return true;
        }
        prev_format = a == "--format";
    }
    false
}
