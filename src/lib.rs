//! tokenlint inspects and lints bearer tokens offline: it finds a token in messy text, decodes the JWT
//! header and claims, and reports defects with stable codes. The pipeline is
//! input → [`extract`] → [`jwt`] decode → [`rules`] (+ [`profile`]) → [`report::Report`] → [`render`].
//! See `ARCHITECTURE.md`.

pub mod analyse;
pub mod cli;
pub mod extract;
pub mod input;
pub mod introspect;
pub mod jwt;
pub mod profile;
pub mod render;
pub mod report;
pub mod rules;
pub mod scan;
pub mod secret;
pub mod ship;
pub mod verify;
