//! Decoding any text as a compact JWT: never panics, and the segments cover the token exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let d = tokenlint::jwt::decode(token);
    assert_eq!(d.segments.len(), token.split('.').count());
    let mut at = 0;
    for (seg, part) in d.segments.iter().zip(token.split('.')) {
        assert_eq!(seg.start, at);
        assert_eq!(seg.len, part.chars().count());
        at += seg.len + 1;
    }
    // What is shown is at most 64 levels deep.
    for part in [&d.header, &d.claims] {
        if let Some(m) = part.object() {
            serde_json::to_string(m).expect("a decoded part serializes");
        }
    }
});
