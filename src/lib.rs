//! tokenlint inspects and lints bearer tokens offline: it finds a token in messy text, decodes the JWT
//! header and claims, and reports defects with stable codes. See `ARCHITECTURE.md` for the pipeline.

pub mod introspect;
pub mod secret;
