//! The in-process pipeline, timed: for each sample input, `analyse` (extract, decode, rules) plus a
//! render, as `tokenlint inspect` does after reading its input, with no process start-up or I/O. Prints
//! tokens per second, the median of several batches. Run with `cargo bench --bench pipeline`; an argument
//! that is not a flag keeps only the inputs whose name contains it.
//!
//! Plain `std::time::Instant` loops: the numbers are for a table in the README, not for catching 2%
//! regressions, so a statistics crate is not worth its build time.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokenlint::analyse::{InputInfo, analyse};
use tokenlint::profile::ProfileSettings;
use tokenlint::render::{self, RenderOptions};
use tokenlint::rules::Settings;
use tokenlint::verify::KeyRing;

/// (name, input, render as JSON?, check the signature with the test public key?)
const INPUTS: &[(&str, &str, bool, bool)] = &[
    (
        "bare token, human",
        include_str!("../testdata/events-token.txt"),
        false,
        false,
    ),
    (
        "bare token, json",
        include_str!("../testdata/events-token.txt"),
        true,
        false,
    ),
    (
        "curl command",
        include_str!("../testdata/curl.sh"),
        false,
        false,
    ),
    (
        ".env with \\r",
        include_str!("../testdata/windows.env"),
        false,
        false,
    ),
    (
        "expired token",
        include_str!("../testdata/expired-token.txt"),
        false,
        false,
    ),
    (
        "truncated",
        include_str!("../testdata/truncated.txt"),
        false,
        false,
    ),
    (
        "bare token, --key",
        include_str!("../testdata/events-token.txt"),
        false,
        true,
    ),
];

const BATCHES: usize = 15;
const BATCH_TIME: Duration = Duration::from_millis(100);

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    // 2026-12-04T12:00:00Z, as in the README's transcripts.
    let now: DateTime<Utc> = DateTime::from_timestamp(1_796_385_600, 0).expect("a time");
    let plain = Settings {
        now,
        expiry_warning_secs: 7 * 86_400,
        keys: Arc::new(KeyRing::new()),
        profile: ProfileSettings::default(),
    };
    let mut ring = KeyRing::new();
    ring.load_bytes(
        "es256-public.pem",
        include_bytes!("../testdata/keys/es256-public.pem"),
    )
    .expect("the test public key");
    let keyed = Settings {
        keys: Arc::new(ring),
        ..plain.clone()
    };
    let info = InputInfo::default();
    let opts = RenderOptions { now, local: false };
    let now_text = "2026-12-04T12:00:00Z";

    println!(
        "pipeline: analyse + render in process, median of {BATCHES} batches of ~{} ms",
        BATCH_TIME.as_millis()
    );
    println!("{:<22} {:>12} {:>14}", "input", "per token", "tokens/s");
    for &(name, input, json, key) in INPUTS {
        let settings = if key { &keyed } else { &plain };
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let mut out = Vec::with_capacity(16 * 1024);
        let mut once = || {
            out.clear();
            let report = analyse(black_box(input), &info, settings);
            if json {
                render::json::render(&report, now_text, &mut out).expect("render");
            } else {
                render::human::render(&report, &opts, &mut out).expect("render");
            }
            black_box(&out);
        };
        // Warm up and size a batch so that it takes about BATCH_TIME.
        let start = Instant::now();
        let mut warm = 0u64;
        while start.elapsed() < BATCH_TIME {
            once();
            warm += 1;
        }
        let per_batch = warm.max(1);
        let mut per_token: Vec<f64> = (0..BATCHES)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..per_batch {
                    once();
                }
                t.elapsed().as_secs_f64() / per_batch as f64
            })
            .collect();
        per_token.sort_by(f64::total_cmp);
        let median = per_token[BATCHES / 2];
        println!(
            "{:<22} {:>9.1} µs {:>14}",
            name,
            median * 1e6,
            thousands((1.0 / median) as u64)
        );
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
