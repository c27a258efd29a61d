//! One integration-test binary that drives the real `tokenlint` executable. Each module covers one area;
//! `support` has the helpers and the test-token builders, `op_tokens` the 1Password-shaped tokens (shared
//! with the library's unit tests).

mod guide;
mod hardening;
mod inspect;
mod introspect;
mod onepassword;
#[path = "../support/op_tokens.rs"]
mod op_tokens;
mod scan;
mod ship;
mod support;
mod verify;
