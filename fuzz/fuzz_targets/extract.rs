//! Extraction on any text: never panics, and every candidate and placeholder points inside the input,
//! at character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let e = tokenlint::extract::extract(input);
    assert!(e.candidates.len() + e.placeholders.len() <= tokenlint::extract::MAX_CANDIDATES);
    for c in &e.candidates {
        assert!(c.start <= c.end && c.end <= input.len(), "span {}..{}", c.start, c.end);
        assert!(!c.chars.is_empty());
        for &(_, at) in &c.chars {
            assert!(at < input.len() && input.is_char_boundary(at), "offset {at}");
        }
    }
    for p in &e.placeholders {
        assert!(p.start <= p.end && p.end <= input.len());
        assert!(input.is_char_boundary(p.start) && input.is_char_boundary(p.end));
    }
});
