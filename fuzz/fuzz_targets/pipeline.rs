//! The whole offline pipeline on any text: analyse, then both renderers. Never panics, the JSON report
//! parses, and without --show-token no report holds a token's text after its first dot.
#![no_main]

use chrono::DateTime;
use libfuzzer_sys::fuzz_target;
use tokenlint::analyse::{InputInfo, analyse};
use tokenlint::render::{self, RenderOptions};
use tokenlint::rules::Settings;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    colored::control::set_override(false);
    let now = DateTime::from_timestamp(1_796_385_600, 0).unwrap();
    let settings = Settings {
        now,
        expiry_warning_secs: 7 * 86_400,
        keys: Default::default(),
        profile: Default::default(),
    };
    let report = analyse(input, &InputInfo::default(), &settings);
    let mut json = Vec::new();
    render::json::render(&report, "2026-12-04T12:00:00Z", &mut json).unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("the JSON report parses");
    let mut human = Vec::new();
    let opts = RenderOptions { now, local: false };
    render::human::render(&report, &opts, &mut human).unwrap();
    let human = String::from_utf8(human).expect("human output is UTF-8");
    assert!(!human.contains('\u{1b}'), "an escape reached the terminal");
    for t in parsed["tokens"].as_array().into_iter().flatten() {
        assert!(t["token"].get("value").is_none(), "the token was shown without --show-token");
    }
});
