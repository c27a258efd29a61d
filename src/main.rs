//! The `tokenlint` binary: parses flags, reads the clock (the only place that does), runs the library,
//! and maps the result to an exit status: 0 clean, 1 findings at or above `--fail-on`, 2 could not run.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Parser;

use tokenlint::analyse::{InputInfo, analyse};
use tokenlint::cli::{
    self, Cli, ColorChoice, Command, ExplainArgs, Format, InspectArgs, ManArgs, OnlineArgs,
    OutputArgs, ScanArgs, ScanFormat,
};
use tokenlint::input::{self, Origin};
use tokenlint::introspect::{self, CaCerts};
use tokenlint::profile::{self, ProfileMode, ProfileSettings, onepassword};
use tokenlint::render::{self, RenderOptions};
use tokenlint::report::{FailOn, Report, Severity};
use tokenlint::rules::{self, Settings};
use tokenlint::secret::redact_tokens;
use tokenlint::verify::KeyRing;

/// A failure to run, already worded for the user.
struct Failure(String);

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let json = cli::wants_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || !json {
                // clap quotes the value it refused, and that may be a token typed in the wrong place.
                let plain = e.render().to_string();
                let redacted = redact_tokens(&plain);
                if redacted == plain {
                    let _ = e.print();
                } else {
                    eprint!("{redacted}");
                }
                return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            }
            return fail(
                &Failure(e.kind().to_string() + ": " + &first_line(&e.to_string())),
                true,
            );
        }
    };
    let result = match cli.command {
        Some(Command::Explain(a)) => explain(&a),
        Some(Command::Inspect(a)) => inspect(&a),
        Some(Command::Scan(a)) => scan(&a),
        Some(Command::Completions(a)) => completions(a.shell),
        Some(Command::Man(a)) => man(&a),
        None => inspect(&cli.inspect),
    };
    match result {
        Ok(code) => code,
        Err(f) => fail(&f, json),
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string()
}

fn fail(f: &Failure, json: bool) -> ExitCode {
    // Messages quote what the user typed (a path, a time), which may be a token in the wrong place.
    let message = redact_tokens(&f.0);
    if json {
        let mut buf = Vec::new();
        let _ = render::json::render_error(&message, &mut buf);
        let _ = emit(&buf);
    } else {
        eprintln!("tokenlint: error: {message}");
    }
    ExitCode::from(2)
}

/// `--env` and `--secret-env` take a variable's name; `--env $EVENTS_API_TOKEN` passes its value. Then
/// the argument is the secret itself, so the error says what is wrong without repeating it.
fn env_name<'a>(flag: &str, name: &'a str) -> Result<&'a str, Failure> {
    let is_name = name.len() <= 256
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_name {
        Ok(name)
    } else {
        Err(Failure(format!(
            "{flag} takes the NAME of an environment variable (like EVENTS_API_TOKEN), not its value: \
the {} characters given are not a variable name (not repeated here, in case they are the secret)",
            name.chars().count()
        )))
    }
}

/// Writes to stdout; a reader that went away (a closed pipe) is not an error.
fn emit(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure(format!("cannot write the output: {e}"))),
    }
}

fn set_color(choice: ColorChoice, format: Format) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                && io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on && format == Format::Human);
}

/// `--now`, or the clock.
fn now(arg: Option<&str>) -> Result<DateTime<Utc>, Failure> {
    let Some(s) = arg else {
        return Ok(Utc::now());
    };
    let s = s.trim();
    if let Ok(secs) = s.parse::<i64>() {
        return DateTime::from_timestamp(secs, 0)
            .ok_or_else(|| Failure(format!("--now {s}: out of range")));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Failure(format!(
                "--now (or TOKENLINT_NOW) `{s}` is not a time: use RFC 3339 like 2026-12-04T10:00:00Z, or Unix seconds"
            ))
        })
}

fn fail_on(f: cli::FailOn) -> FailOn {
    match f {
        cli::FailOn::Error => FailOn::Severity(Severity::Error),
        cli::FailOn::Warning => FailOn::Severity(Severity::Warning),
        cli::FailOn::Info => FailOn::Severity(Severity::Info),
        cli::FailOn::Never => FailOn::Never,
    }
}

/// `--profile`, `--require-feature`, `--url` and `--method`, checked.
fn profile_settings(a: &InspectArgs) -> Result<ProfileSettings, Failure> {
    let required = a
        .require_feature
        .iter()
        .map(|name| onepassword::parse_feature_name(name))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure(format!("--require-feature: {e}")))?;
    if let Some(url) = &a.url
        && onepassword::parse_url(url).is_none()
    {
        return Err(Failure(format!(
            "--url `{}` has no host; give a URL such as https://events.1password.com/api/v2/auth/introspect",
            rules::quote_short(url, 60)
        )));
    }
    if let Some(m) = &a.method
        && (m.is_empty() || !m.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err(Failure(format!(
            "--method `{}` is not an HTTP method such as GET or POST",
            rules::quote_short(m, 20)
        )));
    }
    Ok(ProfileSettings {
        mode: match a.profile {
            cli::Profile::Auto => ProfileMode::Auto,
            cli::Profile::Generic => ProfileMode::Generic,
            cli::Profile::OnePasswordEvents => ProfileMode::OnePasswordEvents,
        },
        required,
        url: a.url.clone(),
        method: a.method.clone(),
    })
}

fn inspect(a: &InspectArgs) -> Result<ExitCode, Failure> {
    let out: &OutputArgs = &a.output;
    let format = out.format();
    set_color(out.color, format);
    let now = now(out.now.as_deref())?;
    let expiry_warning_secs = rules::time::parse_duration(&a.expiry_warning)
        .map_err(|e| Failure(format!("--expiry-warning: {e}")))?;
    let origin = match (&a.token, &a.file, &a.env) {
        (_, Some(path), _) => Origin::File(path),
        (_, _, Some(name)) => Origin::Env(env_name("--env", name)?),
        (Some(t), _, _) if t != "-" => Origin::Argv(t),
        _ => Origin::Stdin,
    };
    // The input holds the token: zeroed when inspect returns.
    let text = tokenlint::secret::Secret::new(input::read(&origin).map_err(Failure)?);
    let info = InputInfo {
        from_argv: matches!(origin, Origin::Argv(_)),
        show_token: a.show_token,
    };
    let settings = Settings {
        now,
        expiry_warning_secs,
        keys: Arc::new(key_ring(a)?),
        profile: profile_settings(a)?,
    };
    let mut report = analyse(text.expose(), &info, &settings);
    let problems = if a.online.introspect {
        online(&mut report, &a.online)?
    } else {
        Vec::new()
    };
    // Introspection adds findings (the server's own 401, a --region override): rank them too.
    report.likely_causes = profile::likely_causes(&report);
    let mut buf = Vec::new();
    let written = match format {
        Format::Json => render::json::render(
            &report,
            &now.to_rfc3339_opts(SecondsFormat::Secs, true),
            &mut buf,
        ),
        Format::Human => render::human::render(
            &report,
            &RenderOptions {
                now,
                local: out.local,
            },
            &mut buf,
        ),
    };
    written.map_err(|e| Failure(format!("cannot render the report: {e}")))?;
    emit(&buf)?;
    if !problems.is_empty() {
        // The report (JSON included) already carries each failure; stderr says it once more for a
        // person, and the exit status says the check could not be done.
        for p in &problems {
            eprintln!("tokenlint: error: {}", redact_tokens(p));
        }
        return Ok(ExitCode::from(2));
    }
    Ok(if fail_on(out.fail_on).fails(report.worst()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The keys of `--key`, `--secret-env` and `--secret-file`. A key that cannot be read stops the run:
/// checking with fewer keys than asked would make "no matching key" look like the token's fault.
fn key_ring(a: &InspectArgs) -> Result<KeyRing, Failure> {
    let mut ring = KeyRing::new();
    for path in &a.keys {
        ring.load_file(path)
            .map_err(|e| Failure(format!("--key {e}")))?;
    }
    for name in &a.secret_env {
        ring.load_secret_env(env_name("--secret-env", name)?)
            .map_err(|e| Failure(format!("--secret-env {e}")))?;
    }
    for path in &a.secret_file {
        ring.load_secret_file(path)
            .map_err(|e| Failure(format!("--secret-file {e}")))?;
    }
    for note in ring.notes() {
        eprintln!("tokenlint: note: {note}");
    }
    Ok(ring)
}

/// `--introspect`: the only network access. Returns what kept the check from being done.
fn online(report: &mut Report, a: &OnlineArgs) -> Result<Vec<String>, Failure> {
    // A bad --events-url is a bad flag: say so before anything else, whatever the tokens hold.
    if a.events_url.is_some() {
        introspect::resolve_target(None, a.region, a.events_url.as_deref()).map_err(Failure)?;
    }
    let ca_certs = match &a.ca_cert {
        None => CaCerts::default(),
        Some(path) => {
            // Bounded like key files: `--ca-cert /dev/zero` must not read forever.
            let mut pem = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(input::MAX_INPUT as u64 + 1).read_to_end(&mut pem))
                .map_err(|e| Failure(format!("--ca-cert {}: {e}", path.display())))?;
            if pem.len() > input::MAX_INPUT {
                return Err(Failure(format!(
                    "--ca-cert {}: larger than 1 MiB; that is not a PEM certificate file",
                    path.display()
                )));
            }
            CaCerts::from_pem(&pem)
                .map_err(|e| Failure(format!("--ca-cert {}: {e}", path.display())))?
        }
    };
    let request = introspect::Request {
        region: a.region,
        events_url: a.events_url.clone(),
        force: a.force,
        options: introspect::Options {
            timeout: Duration::from_secs(a.timeout),
            ca_certs,
            proxy: introspect::ProxySetting::FromEnvironment,
        },
    };
    Ok(introspect::check(report, &request, |token, target| {
        introspect::introspect(token, target, &request.options)
    }))
}

fn explain(a: &ExplainArgs) -> Result<ExitCode, Failure> {
    set_color(ColorChoice::Auto, Format::Human);
    let mut buf = Vec::new();
    match &a.code {
        None => render::explain::list(&mut buf),
        Some(code) => match rules::lookup(code.trim()) {
            Some(c) => render::explain::one(c, &mut buf),
            None => {
                let near = render::explain::suggestions(code);
                let hint = if near.is_empty() {
                    "run `tokenlint explain` to list every code".to_string()
                } else {
                    format!("did you mean {}?", near.join(", "))
                };
                return Err(Failure(format!(
                    "no finding code `{}`; {hint}",
                    rules::quote_short(code, 40)
                )));
            }
        },
    }
    .map_err(|e| Failure(e.to_string()))?;
    emit(&buf)?;
    Ok(ExitCode::SUCCESS)
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Failure> {
    let mut buf = Vec::new();
    tokenlint::ship::completions(shell, &mut buf);
    emit(&buf)?;
    Ok(ExitCode::SUCCESS)
}

fn man(a: &ManArgs) -> Result<ExitCode, Failure> {
    let mut buf = Vec::new();
    match &a.dir {
        Some(dir) => {
            for path in tokenlint::ship::write_man_pages(dir).map_err(Failure)? {
                buf.extend_from_slice(format!("{}\n", path.display()).as_bytes());
            }
        }
        None => tokenlint::ship::man_page(a.subcommand.as_deref(), &mut buf).map_err(Failure)?,
    }
    emit(&buf)?;
    Ok(ExitCode::SUCCESS)
}

fn scan(a: &ScanArgs) -> Result<ExitCode, Failure> {
    use tokenlint::scan::{self, ScanOptions};
    let format = a.format();
    set_color(
        a.color,
        if format == ScanFormat::Human {
            Format::Human
        } else {
            Format::Json
        },
    );
    let now = now(a.now.as_deref())?;
    let opts = ScanOptions {
        paths: a.paths.clone(),
        staged: a.staged,
        max_file_size: scan::parse_size(&a.max_file_size)
            .map_err(|e| Failure(format!("--max-file-size: {e}")))?,
        no_ignore: a.no_ignore,
        threads: a.threads.unwrap_or_else(scan::default_threads),
        progress: io::stderr().is_terminal(),
        ignore_file: a.ignore_file.clone(),
        baseline: a.baseline.clone(),
        writing_baseline: a.write_baseline,
    };
    // No keys: a scan reports what is committed, decoded; signatures are `inspect --key`'s job.
    let settings = Settings {
        now,
        expiry_warning_secs: 7 * 86_400,
        keys: Arc::new(KeyRing::default()),
        profile: ProfileSettings::default(),
    };
    let report = scan::scan(&opts, &settings).map_err(Failure)?;
    if let (true, Some(path)) = (a.write_baseline, &a.baseline) {
        let n = report.baseline_entries.len();
        let text = scan::suppress::baseline_text(report.baseline_entries.clone());
        std::fs::write(path, text)
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
        eprintln!(
            "tokenlint: wrote {n} token{} to the baseline {}",
            if n == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut buf = Vec::new();
    let written = match format {
        ScanFormat::Human => render::scan_human::render(&report, &mut buf),
        ScanFormat::Json => render::scan_json::render(
            &report,
            &now.to_rfc3339_opts(SecondsFormat::Secs, true),
            &mut buf,
        ),
        ScanFormat::Sarif => {
            let base = match &report.repo_root {
                Some(root) => root.clone(),
                None => std::env::current_dir().unwrap_or_default(),
            };
            render::sarif::render(&report, &base, &mut buf)
        }
    };
    written.map_err(|e| Failure(format!("cannot render the report: {e}")))?;
    emit(&buf)?;
    Ok(if fail_on(a.fail_on).fails(report.worst()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
