//! Hygiene rules: what happened to the token on its way from 1Password to the request. Stray whitespace,
//! invisible characters, quotes, a missing or doubled scheme, a placeholder where the token should be.
//! Every fact extraction recorded while cleaning becomes a finding here.

use super::{Code, Ctx};
use crate::extract::{Fact, Placeholder, Quoting, invisible_name};
use crate::report::{Finding, Lines, Severity, Span};

pub static SURROUNDING_WHITESPACE: Code = Code {
    code: "surrounding-whitespace",
    severity: Severity::Warning,
    summary: "whitespace before or after the token",
    fix: "Remove the whitespace; when reading the token from a file, strip the line ending (e.g. `tr -d '\\r\\n'`).",
    explanation: "The token is surrounded by spaces, tabs, or line endings that are not part of it. \
Clients such as the 1Password Splunk app, the Elastic integration and most scripts build the header as \
`\"Bearer \" + token` without trimming, so the whitespace reaches the server and the token no longer \
matches: 401. A classic case is a trailing carriage return (\\r) from a file saved on Windows: \
`$(cat token.txt)` strips the newline but keeps the \\r. The single newline that ends the input is normal \
and never reported.",
};

pub static INNER_WHITESPACE: Code = Code {
    code: "inner-whitespace",
    severity: Severity::Error,
    summary: "spaces, tabs or line breaks inside the token",
    fix: "Join the token back into one line: copy it again from 1Password, or remove the line breaks.",
    explanation: "A JWT never contains whitespace. Whitespace inside means the token was wrapped by an \
editor, a terminal, an email or a chat client when it was copied, or two pieces were pasted together. \
The server sees a different token and answers 401. tokenlint removed the whitespace to decode the token, \
so the header and claims shown are what the token would be if it were joined again.",
};

pub static INVISIBLE_CHARACTER: Code = Code {
    code: "invisible-character",
    severity: Severity::Error,
    summary: "zero-width, BOM, no-break space, soft hyphen or bidi control in the token",
    fix: "Remove the character: copy the token again from 1Password (`op read`) rather than from a web page, \
chat or document.",
    explanation: "Rich-text editors, chat apps and web pages insert characters you cannot see: zero-width \
spaces, a byte order mark at the start of a file, no-break spaces, soft hyphens, bidirectional controls. \
They are part of what gets sent, so the server sees a different token and answers 401. tokenlint names \
each one and where it is, and decodes the token without it.",
};

pub static SMART_QUOTES: Code = Code {
    code: "smart-quotes",
    severity: Severity::Error,
    summary: "typographic quotes (“ ” ‘ ’) around or in the token",
    fix: "Replace them with plain ASCII quotes (\" or '), or remove them.",
    explanation: "Word processors, chat apps and documentation sites turn plain quotes into typographic \
ones. A shell does not treat “ or ” as quotes, so they become part of the header value, and the server \
receives them: 401. In a curl command they also split the header into several arguments. Retype the quotes \
in a plain-text editor.",
};

pub static QUOTED: Code = Code {
    code: "quoted",
    severity: Severity::Warning,
    summary: "plain quotes around a bare token",
    fix: "Remove the quotes from the stored value; use quotes only as syntax (in a shell command or a .env file).",
    explanation: "The token is wrapped in quotes where quotes are not syntax: pasted into a field, a \
header value, or a file that is read as is. Clients send the quotes as part of the token and the server \
answers 401. Quotes in a shell command, a .env assignment or a YAML value are syntax and are not reported.",
};

pub static PLACEHOLDER: Code = Code {
    code: "placeholder",
    severity: Severity::Error,
    summary: "a placeholder or unexpanded variable where the token should be",
    fix: "Put the real token there, or make sure the variable is expanded (double quotes in a shell).",
    explanation: "Where the token should be, the input has a placeholder: an unexpanded `$VAR`, `${VAR}`, \
`%VAR%` or `$(command)`, a template such as `{{token}}`, or text like `<token>` or `YOUR_TOKEN_HERE`. \
The server receives that text literally and answers 401. A common cause is single quotes in a shell: \
`curl -H 'Authorization: Bearer $TOKEN'` sends the nine characters `$TOKEN`, because a shell does not \
expand variables inside single quotes. Use double quotes: `-H \"Authorization: Bearer $TOKEN\"`. Other \
causes: a configuration template that was never rendered, an environment variable that was never set \
(some programs send `undefined` or `null`).",
};

pub static SHELL_VARIABLE: Code = Code {
    code: "shell-variable",
    severity: Severity::Info,
    summary: "the token comes from a shell variable tokenlint cannot see",
    fix: "Check the variable's value itself: `tokenlint --env NAME`.",
    explanation: "The input refers to the token through a shell variable in a place where the shell will \
expand it (unquoted or inside double quotes), so the command is fine as written, but tokenlint only sees \
the variable's name. Inspect the value the command will send with `tokenlint --env NAME` (it reads the \
variable from the environment without putting the token on the command line).",
};

pub static MISSING_BEARER_SCHEME: Code = Code {
    code: "missing-bearer-scheme",
    severity: Severity::Error,
    summary: "Authorization header without the Bearer scheme",
    fix: "Write the header as `Authorization: Bearer <token>`.",
    explanation: "The Authorization header carries the token alone. HTTP requires a scheme before the \
credentials, and the 1Password Events API expects `Authorization: Bearer <token>`. Without `Bearer ` the \
server cannot read the credentials and answers 401.",
};

pub static DOUBLE_BEARER: Code = Code {
    code: "double-bearer",
    severity: Severity::Error,
    summary: "`Bearer Bearer <token>`",
    fix: "Store the token without the `Bearer ` prefix (clients add it), or drop the prefix you add.",
    explanation: "The scheme appears twice. This happens when the stored value already includes \
`Bearer ` and the client adds its own, which every known 1Password Events client does (the Splunk app, \
the Elastic integration, the example scripts). The server reads `Bearer` as the token and answers 401.",
};

pub static MALFORMED_SCHEME: Code = Code {
    code: "malformed-scheme",
    severity: Severity::Error,
    summary: "`Bearer:` or `Bearer<token>`: the scheme is not followed by one space",
    fix: "Write exactly `Bearer`, one space, then the token.",
    explanation: "The scheme is glued to the token or followed by punctuation (`Bearer:`, `Bearer,`). \
Servers split the header value at the first space, so they see an unknown scheme and no token: 401.",
};

pub static WRONG_SCHEME: Code = Code {
    code: "wrong-scheme",
    severity: Severity::Error,
    summary: "a scheme other than Bearer (Basic, Token, JWT, ...)",
    fix: "Use `Authorization: Bearer <token>`.",
    explanation: "The Authorization header uses a scheme other than `Bearer`. JWT access tokens, \
including 1Password Events API tokens, are bearer tokens (RFC 6750): the server only looks for \
`Bearer <token>` and answers 401 to anything else.",
};

pub static TOKEN_IN_ARGV: Code = Code {
    code: "token-in-argv",
    severity: Severity::Info,
    summary: "the token was given on the command line",
    fix: "Pipe it in (`op read ... | tokenlint`), or use `--env NAME` or `--file PATH`.",
    explanation: "A token passed as a command-line argument is saved in your shell history and visible \
to other users of the machine in `ps`. tokenlint inspected it anyway; next time pipe it on standard input, \
or use `--env NAME` or `--file PATH`. Run `tokenlint` alone and paste the token at the hidden prompt.",
};

pub static EMPTY_INPUT: Code = Code {
    code: "empty-input",
    severity: Severity::Error,
    summary: "nothing token-like in the input",
    fix: "Pass the token, a header, a curl command or a file that contains one.",
    explanation: "tokenlint found no token in what it was given: the input was empty, only whitespace, \
or text with nothing that looks like a token or an Authorization header. If you piped a command's \
output, check that the command printed the token (for example that the environment variable is set).",
};

pub static TOO_MANY_TOKENS: Code = Code {
    code: "too-many-tokens",
    severity: Severity::Warning,
    summary: "more than 1000 tokens in one input: the rest were not checked",
    fix: "Inspect one token or request at a time; to search files for tokens, use `tokenlint scan`.",
    explanation: "tokenlint inspects a token, a header or a request. This input holds more than 1000 \
tokens and placeholders (a log or a dump, perhaps), so tokenlint reported the first 1000 and only counted \
the rest: a report of every one would be too long to read, and the time and memory it takes would grow \
with the input. The tokens after the first 1000 were not checked, so a clean report says nothing about \
them. Split the input, or use `tokenlint scan` for files and trees.",
};

pub static CODES: &[&Code] = &[
    &EMPTY_INPUT,
    &SURROUNDING_WHITESPACE,
    &INNER_WHITESPACE,
    &INVISIBLE_CHARACTER,
    &SMART_QUOTES,
    &QUOTED,
    &PLACEHOLDER,
    &SHELL_VARIABLE,
    &MISSING_BEARER_SCHEME,
    &DOUBLE_BEARER,
    &MALFORMED_SCHEME,
    &WRONG_SCHEME,
    &TOKEN_IN_ARGV,
    &TOO_MANY_TOKENS,
];

/// Turns the facts extraction recorded into findings.
pub fn facts(ctx: &Ctx, out: &mut Vec<Finding>) {
    let facts = &ctx.candidate.facts;
    let mut smart: Vec<(usize, char)> = Vec::new();
    let mut invisible: Vec<(usize, char)> = Vec::new();
    let mut tally = super::Tally::default();
    for f in facts {
        match f {
            // Facts that come one per place: a finding for the first few, a count for the rest.
            Fact::SurroundingWhitespace { .. } if !tally.room(SURROUNDING_WHITESPACE.code) => {}
            Fact::InnerWhitespace { .. } if !tally.room(INNER_WHITESPACE.code) => {}
            Fact::Quoted { .. } if !tally.room(QUOTED.code) => {}
            Fact::DoubleBearer { .. } if !tally.room(DOUBLE_BEARER.code) => {}
            Fact::SurroundingWhitespace { start, end, what } => out.push(SURROUNDING_WHITESPACE.finding(
                format!("{what}: clients that do not trim send it with the token."),
                ctx.span(*start, *end),
            )),
            Fact::InnerWhitespace { start, end, what } => out.push(INNER_WHITESPACE.finding(
                format!("{what} inside the token: it was wrapped or split when copied."),
                ctx.span(*start, *end),
            )),
            Fact::Invisible { at, ch } => invisible.push((*at, *ch)),
            Fact::SmartQuote { at, ch } => smart.push((*at, *ch)),
            Fact::Quoted { start, end, quote } => out.push(QUOTED.finding(
                format!("the token is wrapped in {quote}…{quote}; the quotes would be sent as part of it."),
                ctx.span(*start, *end),
            )),
            Fact::MissingScheme { at } => out.push(MISSING_BEARER_SCHEME.finding(
                "the Authorization header has the token but no `Bearer ` before it.",
                ctx.span(*at, *at),
            )),
            Fact::DoubleBearer { start, end } => out.push(DOUBLE_BEARER.finding(
                "`Bearer` appears twice: the stored value already had the prefix.",
                ctx.span(*start, *end),
            )),
            Fact::MalformedScheme { start, end, text } => out.push(MALFORMED_SCHEME.finding(
                format!("`{}` instead of `Bearer <token>`.", super::quote_short(text, 20)),
                ctx.span(*start, *end),
            )),
            Fact::WrongScheme { start, end, scheme } => out.push(WRONG_SCHEME.finding(
                format!(
                    "the scheme is `{}`, not `Bearer`.",
                    super::quote_short(scheme, 20)
                ),
                ctx.span(*start, *end),
            )),
            Fact::Ellipsis { .. } => {} // evidence for `truncated`
        }
    }
    tally.close(out);
    if !smart.is_empty() {
        let mut list: Vec<String> = smart.iter().take(8).map(|(_, c)| format!("{c}")).collect();
        if smart.len() > 8 {
            list.push(format!("… ({} in all)", smart.len()));
        }
        out.push(SMART_QUOTES.finding(
            format!(
                "typographic quote{} {} around or in the token; they are sent to the server as they are.",
                if smart.len() > 1 { "s" } else { "" },
                list.join(" ")
            ),
            ctx.span(smart[0].0, smart[0].0 + smart[0].1.len_utf8()),
        ));
    }
    // One finding per kind of invisible character, with the count and the first place.
    let mut kinds: Vec<char> = invisible.iter().map(|x| x.1).collect();
    kinds.dedup();
    kinds.sort();
    kinds.dedup();
    for k in kinds {
        let at: Vec<usize> = invisible.iter().filter(|x| x.1 == k).map(|x| x.0).collect();
        let name = invisible_name(k).unwrap_or("invisible character");
        let times = if at.len() > 1 {
            format!(" ({} times)", at.len())
        } else {
            String::new()
        };
        out.push(INVISIBLE_CHARACTER.finding(
            format!("a {name}{times} is hidden in the token."),
            ctx.span(at[0], at[0] + k.len_utf8()),
        ));
    }
}

/// Findings for placeholders that stand where a token should be.
pub fn placeholder(lines: &Lines, p: &Placeholder) -> Finding {
    let span = Some(Span::bytes(p.start, p.end).locate_in(lines));
    let text = super::quote_short(&p.text, 40);
    let is_var = p.text.starts_with('$');
    match p.quoting {
        Quoting::ShellSingle if is_var => PLACEHOLDER.finding(
            format!(
                "`{text}` is inside single quotes, so the shell sends it literally instead of the token. \
Use double quotes around the header."
            ),
            span,
        ),
        Quoting::ShellExpanded if is_var => SHELL_VARIABLE.finding(
            format!(
                "the token comes from `{text}` when the shell runs this; tokenlint cannot see its value."
            ),
            span,
        ),
        _ => PLACEHOLDER.finding(
            format!("`{text}` stands where the token should be; it would be sent literally."),
            span,
        ),
    }
}
