//! The command line, as clap derive types that stay close to the flags. [`crate::config`]-style
//! resolution (parsing `--now`, durations, colour) happens in `main`, which owns the clock and the
//! terminal.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::introspect::Region;

const ABOUT: &str = "Inspect and lint bearer tokens offline (JWTs, 1Password Events API tokens)";

// Paragraphs are single logical lines (`\` joins them) so clap wraps them to the terminal.
const LONG_ABOUT: &str = "\
Inspect and lint bearer tokens offline.

Give tokenlint a token, or anything that contains one (an Authorization header, a whole curl command, a \
.env line, a JSON document), and it decodes the JWT header and claims, shows scopes and times, and reports \
every defect that makes a server answer 401: truncation, stray whitespace, invisible characters, smart \
quotes, unexpanded $VARIABLES, `Bearer Bearer`, a wrong scheme, an expired token, and more. Each finding \
has a stable code (see `tokenlint explain`).

Nothing is sent anywhere unless you pass --introspect, and no output shows the whole token or its \
signature unless --show-token.

With no subcommand, tokenlint runs `inspect`.";

// `-h` shows the short texts (`about`, `after_help`); `--help` the long ones (`long_about`,
// `after_long_help`). Both are read by `tokenlint man` too, so examples live here once.

const AFTER_HELP: &str = "\
Examples:
  op read op://Vault/Events/credential | tokenlint
  tokenlint --file request.sh
  tokenlint explain truncated

More examples with --help; each subcommand has its own (`tokenlint inspect --help`).";

const AFTER_LONG_HELP: &str = "\
Examples:
  tokenlint                                  paste the token at a hidden prompt
  op read op://Vault/Events/credential | tokenlint
  tokenlint --file request.sh                a token, header, curl command, .env or JSON file
  tokenlint --env EVENTS_API_TOKEN --json    a JSON report for scripts
  tokenlint -f token.txt --key issuer.pem    check the signature with the issuer's public key
  tokenlint explain                          list every finding code
  tokenlint explain expired                  why a code happens and how to fix it
  tokenlint completions bash > ~/.local/share/bash-completion/completions/tokenlint
  tokenlint man > ~/.local/share/man/man1/tokenlint.1

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 tokenlint could not run.";

const INSPECT_LONG_ABOUT: &str = "\
Find the token in the input, decode it and report its defects (the default subcommand).

The input can be the token alone or anything that holds one: a `Bearer` value, an `Authorization` header \
line, a whole curl command (one line or continued with `\\`), a .env or YAML assignment, a JSON document, a \
log line. Everything cleaning peels off (quotes, whitespace, invisible characters, a doubled scheme) that \
would reach the server becomes a finding. Times are checked against the clock, or --now.

A 1Password Events token is also checked against 1Password's rules and the request it came with (region, \
features, endpoint); with --key, --secret-env or --secret-file the signature is checked; --introspect asks \
1Password whether it accepts the token. Without a key the report says the signature was not checked.";

const INSPECT_AFTER_HELP: &str = "\
Examples:
  op read op://Vault/Events/credential | tokenlint
  tokenlint --file request.sh

More examples with --help.";

const INSPECT_EXAMPLES: &str = "\
Examples:
  tokenlint                                    paste the token at a hidden prompt
  op read op://Vault/Events/credential | tokenlint
  tokenlint --env EVENTS_API_TOKEN             read it from an environment variable
  tokenlint --file request.sh                  a file with a curl command or a header
  pbpaste | tokenlint --json | jq '.tokens[0].times'
  tokenlint --now 2027-01-01T00:00:00Z --fail-on warning -f token.txt
  tokenlint -f token.txt --key issuer-jwks.json       check the signature with a JWKS
  tokenlint -f token.txt --secret-file hs256.secret   check an HS256 token with its secret
  tokenlint --introspect --env EVENTS_API_TOKEN       also ask 1Password whether it accepts it
  tokenlint -f token.txt --url https://events.1password.eu/api/v2/itemusages
                                               check the token against the request it is for
  tokenlint --profile 1password-events --require-feature auditevents --env EVENTS_API_TOKEN
                                               a pipeline's precondition: exit 1 unless it fits

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 tokenlint could not run.";

const EXPLAIN_LONG_ABOUT: &str = "\
Explain a finding code: why it happens, why it matters, how to fix it.

Every finding tokenlint reports has a stable kebab-case code (`truncated`, `expired`, `double-bearer`, \
...). Codes are never renamed or reused, so scripts can grep for them. Without a CODE, every code is \
listed with its severity and a one-line summary.";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  tokenlint explain              list every code
  tokenlint explain truncated    the long explanation of one code";

const COMPLETIONS_LONG_ABOUT: &str = "\
Print a shell completion script for tokenlint on standard output.

The script is generated from tokenlint's own flag definitions, so it always matches this version: \
regenerate a saved script after an upgrade. Install it where your shell looks for completions:

  bash        tokenlint completions bash > ~/.local/share/bash-completion/completions/tokenlint
  zsh         tokenlint completions zsh > ~/.zfunc/_tokenlint
              (with `fpath=(~/.zfunc $fpath)` before `compinit` in ~/.zshrc)
  fish        tokenlint completions fish > ~/.config/fish/completions/tokenlint.fish
  powershell  add `tokenlint completions powershell | Out-String | Invoke-Expression` to $PROFILE
  elvish      add `eval (tokenlint completions elvish | slurp)` to ~/.config/elvish/rc.elv

Then open a new shell.";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  tokenlint completions bash > ~/.local/share/bash-completion/completions/tokenlint
  source <(tokenlint completions bash)       try it in this shell only";

const MAN_LONG_ABOUT: &str = "\
Print tokenlint's manual page (roff) on standard output, or write every page into a directory.

The pages are generated from tokenlint's own flag definitions and help text, so they always match this \
version. The top page, tokenlint(1), covers the default `inspect` flags and lists the subcommands; each \
subcommand has its own page, tokenlint-SUBCOMMAND(1).";

const MAN_EXAMPLES: &str = "\
Examples:
  tokenlint man > ~/.local/share/man/man1/tokenlint.1
  tokenlint man --dir ~/.local/share/man/man1       tokenlint.1 and one page per subcommand
  tokenlint man explain | man -l -                  read one page without installing it";

#[derive(Debug, Parser)]
#[command(
    name = "tokenlint",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    after_long_help = AFTER_LONG_HELP,
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
    #[command(
        long_about = INSPECT_LONG_ABOUT,
        after_help = INSPECT_AFTER_HELP,
        after_long_help = INSPECT_EXAMPLES
    )]
    Inspect(Box<InspectArgs>),
    /// Explain a finding code: why it happens, why it matters, how to fix it
    #[command(long_about = EXPLAIN_LONG_ABOUT, after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Find tokens committed (or about to be) in files, trees or the git index: the pre-commit check
    #[command(
        long_about = SCAN_LONG_ABOUT,
        after_help = SCAN_AFTER_HELP,
        after_long_help = SCAN_EXAMPLES
    )]
    Scan(ScanArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(long_about = COMPLETIONS_LONG_ABOUT, after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write all pages into a directory
    #[command(long_about = MAN_LONG_ABOUT, after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The token or text to inspect. `-` or nothing reads standard input
    ///
    /// Prefer stdin, --env or --file: a token on the command line lands in your shell history
    /// (finding `token-in-argv`)
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Read the input from a file (a token, a header, a curl command, a .env or JSON file)
    #[arg(short, long, value_name = "PATH", conflicts_with_all = ["token", "env"])]
    pub file: Option<PathBuf>,

    /// Read the token from an environment variable, e.g. EVENTS_API_TOKEN
    #[arg(short, long, value_name = "NAME", conflicts_with = "token")]
    pub env: Option<String>,

    /// Warn (`expires-soon`) when the token expires within this time
    ///
    /// A number with a unit: 30d, 12h, 90m, 2w; or plain seconds
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    pub expiry_warning: String,

    /// Include the whole token in the output (it is redacted otherwise)
    #[arg(long)]
    pub show_token: bool,

    /// Check the signature with the public key in this file (PEM, DER, JWK or JWKS; repeatable)
    ///
    /// PEM: BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY or BEGIN CERTIFICATE; RSA, EC P-256/P-384, Ed25519.
    /// In a JWKS the token's `kid` picks the key. Repeat for several files. Private keys are refused:
    /// give the public half
    #[arg(long = "key", value_name = "PATH", help_heading = "Signature")]
    pub keys: Vec<PathBuf>,

    /// Check an HS256/384/512 signature with the secret in this environment variable
    ///
    /// The value is used as it is, or decoded when it starts with `base64:` (standard or URL-safe).
    /// Never on the command line, so it stays out of shell history
    #[arg(long, value_name = "NAME", help_heading = "Signature")]
    pub secret_env: Vec<String>,

    /// Like --secret-env, with the secret read from a file; one trailing newline is removed
    #[arg(long, value_name = "PATH", help_heading = "Signature")]
    pub secret_file: Vec<PathBuf>,

    /// What kind of token to expect
    ///
    /// `auto` recognises 1Password credentials (Events API, service account, Connect) and checks Events
    /// tokens; `generic` treats every token as a plain JWT; `1password-events` expects an Events API
    /// token and reports anything else as `wrong-token-kind`
    #[arg(long, value_enum, default_value_t = Profile::Auto, value_name = "PROFILE", help_heading = "1Password Events")]
    pub profile: Profile,

    /// An Events feature (scope) the token must have; repeatable
    ///
    /// signinattempts, itemusages or auditevents. Repeat for several. A token without it gets
    /// `missing-feature`
    #[arg(
        long = "require-feature",
        value_name = "NAME",
        help_heading = "1Password Events"
    )]
    pub require_feature: Vec<String>,

    /// The URL the token is sent to, when the input has none (a bare token, an env variable)
    ///
    /// It is checked against the token's region (`region-mismatch`), the Events API's endpoints
    /// (`wrong-endpoint`) and the feature the endpoint needs (`missing-feature`). A curl command's own
    /// URL wins
    #[arg(long, value_name = "URL", help_heading = "1Password Events")]
    pub url: Option<String>,

    /// The HTTP method for --url
    ///
    /// Default: the method the endpoint takes (GET for introspect, POST for signinattempts, itemusages
    /// and auditevents)
    #[arg(
        long,
        value_name = "METHOD",
        requires = "url",
        help_heading = "1Password Events"
    )]
    pub method: Option<String>,

    #[command(flatten)]
    pub output: OutputArgs,

    // Last, so that its help heading does not capture the flags after it.
    #[command(flatten)]
    pub online: OnlineArgs,
}

/// The online check. Everything here needs --introspect; without it tokenlint sends nothing anywhere.
#[derive(Debug, Args)]
#[command(next_help_heading = "Online check (sends the token to 1Password)")]
pub struct OnlineArgs {
    /// Also ask the 1Password Events API whether it accepts the token (sends it)
    ///
    /// One GET to https://<host>/api/v2/auth/introspect with `Authorization: Bearer <token>`, where
    /// <host> is the Events host in the token's `aud`. Not done when the offline checks found errors
    /// (see --force)
    #[arg(long)]
    pub introspect: bool,

    /// Send to this region's Events host instead of the one the token's `aud` names
    #[arg(long, value_enum, value_name = "REGION", requires = "introspect")]
    pub region: Option<Region>,

    /// Send to this base URL instead (a gateway, a test server)
    ///
    /// https, or http to 127.0.0.1, ::1 or localhost only. /api/v2/auth/introspect is appended
    #[arg(
        long,
        value_name = "URL",
        requires = "introspect",
        conflicts_with = "region"
    )]
    pub events_url: Option<String>,

    /// Give up connecting, and the whole exchange, after this many seconds
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=600)
    )]
    pub timeout: u64,

    /// Also trust the CA certificate(s) in this PEM file
    ///
    /// For example the root of a corporate proxy that inspects TLS. Added to the built-in Mozilla
    /// roots. HTTPS_PROXY and NO_PROXY are honoured
    #[arg(long, value_name = "PEM", requires = "introspect")]
    pub ca_cert: Option<PathBuf>,

    /// Send the token even when tokenlint advises against it
    ///
    /// That is, when the offline checks found errors, or when --region/--events-url disagrees with the
    /// token's `aud` (region-mismatch)
    #[arg(long, requires = "introspect")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Same as --format json
    #[arg(long)]
    pub json: bool,

    /// When to colour human output
    ///
    /// NO_COLOR in the environment means never for `auto`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Exit with status 1 when a finding is at or above this severity
    ///
    /// `error`: the token will be rejected or is damaged; `warning`: likely trouble; `info`: worth
    /// knowing. With `never` the status is 0 whatever the findings (2 still means tokenlint could not
    /// run)
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Check times against this moment instead of the clock
    ///
    /// RFC 3339 (2026-12-04T10:00:00Z) or Unix seconds. Makes reports reproducible
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

const SCAN_LONG_ABOUT: &str = "\
Find tokens committed (or about to be committed) in files, trees or the git index: the pre-commit check.

Each token found is decoded like `inspect` decodes it and gets a status: `live` (error), `not-yet-valid` \
(error: it will work then), `expired` (warning) or `malformed` (info), as the finding `committed-token`. \
Tokens are found in quotes, .env and YAML assignments, JSON (also nested in a string), headers, curl \
commands, URLs (?token=), log lines, and wrapped over lines or written with \\n escapes. Base64 that \
only starts like a JWT is not reported: the header must decode to a JSON object with `alg`.

Directories are walked honouring .gitignore, .ignore and .git/info/exclude (also outside a git \
repository); hidden files are scanned, .git is not. Binary files and files over --max-file-size are \
skipped and counted. --staged scans the index, so the content checked is what will be committed.

Not reported: a token with `tokenlint:allow` on its line or the line before, one whose fingerprint or \
path is in .tokenlintignore, one listed in the --baseline file.";

const SCAN_AFTER_HELP: &str = "\
Examples:
  tokenlint scan                   the current directory
  tokenlint scan --staged          what the next commit holds (a git pre-commit hook)

More examples with --help.";

const SCAN_EXAMPLES: &str = "\
Examples:
  tokenlint scan                             the current directory (honours .gitignore)
  tokenlint scan --staged                    what the next commit holds (a git pre-commit hook)
  tokenlint scan config/ deploy/secrets.env  some directories and files
  tokenlint scan --format sarif > tokenlint.sarif
  tokenlint scan --baseline .tokenlint-baseline.json --write-baseline   accept what is there now
  tokenlint scan --baseline .tokenlint-baseline.json                    report only new tokens

Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 tokenlint could not run.";

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files and directories to scan (default: the current directory)
    ///
    /// Files named here are always scanned, as the pre-commit framework passes them; directories are
    /// walked honouring .gitignore, .ignore and .git/info/exclude, in a git repository or not
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Scan what is staged in the git index, not the working copy
    ///
    /// The added, copied and modified files, read from the index: the content the next commit will
    /// hold. PATHs limit it. Paths in the report are relative to the top of the repository
    #[arg(long)]
    pub staged: bool,

    /// Skip files larger than this; they are counted and listed
    ///
    /// Bytes, or a number with K, M or G
    #[arg(long, value_name = "SIZE", default_value = "32M")]
    pub max_file_size: String,

    /// Also scan files that .gitignore, .ignore and .git/info/exclude leave out
    #[arg(long)]
    pub no_ignore: bool,

    /// Do not report tokens listed in this baseline file
    ///
    /// A baseline lists fingerprints and paths, never tokens; write it with --write-baseline
    #[arg(long, value_name = "FILE", help_heading = "Suppression")]
    pub baseline: Option<PathBuf>,

    /// Write every token found to the --baseline file, then exit 0
    ///
    /// Tokens already allowed by a comment or .tokenlintignore are left out. Adopt the check in a
    /// repository without fixing its history first
    #[arg(long, requires = "baseline", help_heading = "Suppression")]
    pub write_baseline: bool,

    /// Use this ignore file instead of .tokenlintignore
    ///
    /// By default .tokenlintignore is looked for in the current directory and above it, up to the top
    /// of the git repository. It lists fingerprints (sha256:...) and path globs in .gitignore syntax
    #[arg(long, value_name = "FILE", help_heading = "Suppression")]
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

    /// Exit with status 1 when a finding is at or above this severity
    ///
    /// A live token is an error, an expired one a warning, a damaged one info
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

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Print the page of this subcommand (tokenlint-SUBCOMMAND(1)) instead of the top page
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,

    /// Write tokenlint.1 and every subcommand's page into this directory instead of printing one page
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    pub dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// Recognise 1Password credentials and check Events API tokens
    Auto,
    /// Treat every token as a plain JWT
    Generic,
    /// Expect a 1Password Events API token
    #[value(name = "1password-events")]
    OnePasswordEvents,
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
