//! One integration-test binary that drives the real `tokenlint` executable. Each module covers one area;
//! `support` has the helpers and the test-token builders.

mod inspect;
mod scan;
mod support;
