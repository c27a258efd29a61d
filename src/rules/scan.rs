//! Scan rules: what `tokenlint scan` says about a token found in a file. There is one code,
//! `committed-token`; its severity follows the token's status (live: error, expired: warning, malformed:
//! info), because a token that still works is a leak and one that cannot work is only worth cleaning up.

use super::Code;
use crate::report::Severity;

pub static COMMITTED_TOKEN: Code = Code {
    code: "committed-token",
    severity: Severity::Error,
    summary: "a token is written in a file that is (or is about to be) committed",
    fix: "Revoke the token, remove it from the file and load it at run time (a secret store, `op read`, an \
environment variable); if it was pushed, revoking it is what makes it safe, since it stays in the history.",
    explanation: "`tokenlint scan` found a bearer token in a file. Anyone who can read the repository, \
a fork, a clone on a laptop, a CI log or a backup can use a committed token for as long as it is valid, \
and removing it in a later commit does not remove it from the history. The severity follows the token's \
status: `error` for a live signed token (it decodes, is not expired and its signature has the right \
length), `warning` for an expired one (no longer usable, but it shows where and how your tokens are kept, \
and the next one will be committed the same way), `info` for a malformed or truncated one (probably not \
usable as it is; the rest of it may be elsewhere). A token that only becomes valid later (`nbf` in the \
future) counts as live: it will work. A 1Password Events API token has no expiry unless one was chosen, \
so a committed one is usable until it is revoked: revoke it in 1Password (Integrations > Events \
Reporting > the integration > revoke the token) and issue a new one kept out of the repository. If the \
token is a fixture made for tests, say so where it is: a `tokenlint:allow` comment on its line or the \
line above, its fingerprint in `.tokenlintignore`, or a baseline (`tokenlint scan --baseline FILE \
--write-baseline`).",
};

pub static CODES: &[&Code] = &[&COMMITTED_TOKEN];
