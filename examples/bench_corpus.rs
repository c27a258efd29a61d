//! Generates the corpus for `bench/scan.sh`: a tree of source-like text (Rust, Python, JavaScript, Go,
//! YAML, JSON, Markdown, logs, .env files) with tokens planted in every form `tokenlint scan` finds
//! (assignments, YAML, JSON, curl commands, headers, `?token=` URLs, tokens wrapped by line breaks or
//! written with `\n` escapes, JSON nested in strings, log lines), with known statuses (live, expired,
//! not yet valid, truncated), plus `eyJ` noise that is no token (base64 JSON blobs and data URLs, JWT
//! look-alikes without `alg`, words), planted tokens in gitignored and binary files (which must not be
//! reported), a long single-line file and a few files that are not UTF-8 or end lines with CRLF.
//!
//!     cargo run --release --example bench_corpus -- OUT_DIR MANIFEST [--size-mib 1024] [--files 20000]
//!
//! MANIFEST lists every token that must be reported: path, line, fingerprint and status. Tokens are
//! signed with the test key in `testdata/keys` (ES256) or a made-up HMAC secret: no service accepts
//! them. Everything is generated from a fixed seed, so two runs give the same tree.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The moment statuses are computed against: 2026-12-04T12:00:00Z (`TOKENLINT_NOW` in bench/scan.sh).
const NOW: i64 = 1_796_385_600;
const DAY: i64 = 86_400;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "account",
    "buffer",
    "client",
    "config",
    "cursor",
    "decode",
    "event",
    "filter",
    "handle",
    "index",
    "items",
    "limit",
    "message",
    "offset",
    "parse",
    "query",
    "reader",
    "record",
    "request",
    "response",
    "result",
    "session",
    "signin",
    "source",
    "stream",
    "target",
    "update",
    "usage",
    "value",
    "writer",
    "audit",
    "batch",
    "cache",
    "delta",
    "entry",
    "field",
    "group",
    "layer",
    "model",
    "node",
    "owner",
    "panel",
    "queue",
    "route",
    "state",
    "table",
    "token_count",
    "vault",
    "window",
    "zone",
];

const PROSE: &[&str] = &[
    "the",
    "integration",
    "reads",
    "events",
    "from",
    "the",
    "API",
    "and",
    "forwards",
    "them",
    "to",
    "a",
    "SIEM",
    "every",
    "minute",
    "with",
    "a",
    "cursor",
    "that",
    "is",
    "kept",
    "between",
    "runs",
    "when",
    "the",
    "request",
    "fails",
    "it",
    "retries",
    "after",
    "a",
    "short",
    "delay",
    "and",
    "logs",
    "status",
    "code",
    "of",
    "response",
    "for",
    "operators",
];

fn ident(r: &mut Rng) -> String {
    format!("{}_{}", r.pick(WORDS), r.pick(WORDS))
}

fn prose(r: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let word: &&str = r.pick(PROSE);
        s.push_str(word);
    }
    s
}

/// One line of source-like text for a file of this extension.
fn line(r: &mut Rng, ext: &str, out: &mut String) {
    let a = ident(r);
    let b = ident(r);
    let n = r.below(10_000);
    match ext {
        "rs" => match r.below(6) {
            0 => writeln!(
                out,
                "fn {a}(input: &[u8], limit: usize) -> Result<Vec<{b}>, Error> {{"
            ),
            1 => writeln!(
                out,
                "    let {a} = {b}.get({n}).copied().unwrap_or_default();"
            ),
            2 => writeln!(out, "    // {}", prose(r, 9)),
            3 => writeln!(
                out,
                "    if {a}.len() > {n} {{ return Err(Error::TooLong({n})); }}"
            ),
            4 => writeln!(out, "use crate::{a}::{b};"),
            _ => writeln!(out, "}}"),
        },
        "py" => match r.below(5) {
            0 => writeln!(out, "def {a}(self, {b}, limit={n}):"),
            1 => writeln!(out, "    {a} = self.{b}.get(\"{n}\", None)"),
            2 => writeln!(out, "    # {}", prose(r, 8)),
            3 => writeln!(out, "    return [{a} for {a} in {b} if {a} > {n}]"),
            _ => writeln!(out, "import {a}"),
        },
        "js" => match r.below(5) {
            0 => writeln!(out, "export function {a}({b}, opts = {{}}) {{"),
            1 => writeln!(out, "  const {a} = await fetch(`/api/v2/{b}?limit={n}`);"),
            2 => writeln!(out, "  // {}", prose(r, 8)),
            3 => writeln!(out, "  return {b}.map((x) => x.{a} * {n});"),
            _ => writeln!(out, "}}"),
        },
        "go" => match r.below(4) {
            0 => writeln!(out, "func {a}(ctx context.Context, {b} int) error {{"),
            1 => writeln!(
                out,
                "\tif err := {a}({b}, {n}); err != nil {{ return err }}"
            ),
            2 => writeln!(out, "\t// {}", prose(r, 8)),
            _ => writeln!(out, "}}"),
        },
        "yaml" => match r.below(3) {
            0 => writeln!(out, "{a}:"),
            1 => writeln!(out, "  {b}: {n}"),
            _ => writeln!(out, "  # {}", prose(r, 6)),
        },
        "json" => writeln!(out, "  \"{a}\": {{\"{b}\": {n}, \"enabled\": true}},"),
        "md" => writeln!(out, "{}.", prose(r, 12)),
        "log" => writeln!(
            out,
            "2026-11-{:02}T{:02}:{:02}:{:02}Z INFO {a} request_id={n:05} {b}=ok took={}ms",
            1 + r.below(28),
            r.below(24),
            r.below(60),
            r.below(60),
            r.below(900)
        ),
        _ => writeln!(out, "{}={n}", a.to_ascii_uppercase()),
    }
    .expect("writing to a String");
}

/// `eyJ` that is no token.
fn noise(r: &mut Rng) -> String {
    let blob =
        json!({"name": ident(r), "size": r.below(1000), "tags": [ident(r), ident(r)]}).to_string();
    match r.below(6) {
        0 => format!(
            "const icon = \"data:application/json;base64,{}\";\n",
            STANDARD.encode(&blob)
        ),
        1 => format!("STATE_BLOB={}\n", URL_SAFE_NO_PAD.encode(&blob)),
        // A JWT look-alike without `alg` in its header.
        2 => format!(
            "example = \"{}.{}.c2lnbmF0dXJl\"\n",
            URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(&blob)
        ),
        // A header on its own, as documentation shows it.
        3 => format!(
            "// the header {} says HS256\n",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#)
        ),
        4 => "let eyJump = eyJ; // eyJ eyJ.eyJ\n".to_string(),
        _ => format!("  \"cursor\": \"{}\",\n", URL_SAFE_NO_PAD.encode(&blob)),
    }
}

/// A token to plant, and what tokenlint must say about it.
struct Planted {
    /// The text written (a truncated token is written with `...`).
    written: String,
    /// The token as tokenlint cleans it: what the fingerprint is of.
    cleaned: String,
    status: &'static str,
}

struct Minter {
    es256: EncodingKey,
    hs256: EncodingKey,
    serial: u64,
}

impl Minter {
    fn sign(&self, header: &Value, claims: &Value, alg: Algorithm, key: &EncodingKey) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let sig = jsonwebtoken::crypto::sign(input.as_bytes(), key, alg).expect("signing");
        format!("{input}.{sig}")
    }

    fn events(&mut self, extra: Value) -> String {
        self.serial += 1;
        let mut claims = json!({
            "1password.com/auuid": "QZ7ABCDEF2GHIJKLMN3OPQRSTU",
            "1password.com/fts": ["signinattempts", "itemusages", "auditevents"],
            "aud": ["events.1password.com"],
            "sub": format!("K4XWZ2ABCDEFGHIJ{:010}", self.serial),
            "iat": NOW - 40 * DAY,
            "iss": "com.1password.b5",
            "jti": format!("n6rpq3tuvwxyza{:012}", self.serial),
        });
        for (k, v) in extra.as_object().expect("object") {
            claims[k] = v.clone();
        }
        let header = json!({"alg": "ES256", "kid": "kb3hcmxdqbrh4ab7fbbz6e2vya", "typ": "JWT"});
        self.sign(&header, &claims, Algorithm::ES256, &self.es256)
    }

    fn generic(&mut self, exp: i64) -> String {
        self.serial += 1;
        let claims = json!({"sub": format!("user-{}", self.serial), "iat": NOW - 5 * DAY, "exp": exp, "scope": "read write"});
        self.sign(
            &json!({"alg": "HS256", "typ": "JWT"}),
            &claims,
            Algorithm::HS256,
            &self.hs256,
        )
    }

    /// A token and its expected status, in the mix the corpus wants.
    fn next(&mut self, r: &mut Rng) -> Planted {
        let whole = |t: String, status| Planted {
            written: t.clone(),
            cleaned: t,
            status,
        };
        match r.below(20) {
            0..=7 => whole(self.events(json!({})), "live"),
            8..=11 => whole(
                self.events(json!({"exp": NOW - (1 + r.below(90) as i64) * DAY})),
                "expired",
            ),
            12..=13 => whole(self.generic(NOW + 30 * DAY), "live"),
            14 => whole(self.generic(NOW - 2 * DAY), "expired"),
            15 => whole(self.events(json!({"nbf": NOW + 3 * DAY})), "not-yet-valid"),
            16..=17 => {
                // Copied from a log that cut it: `...` after part of the claims.
                let t = self.events(json!({}));
                let cut = t[..120 + r.below(200)].trim_end_matches('.').to_string();
                Planted {
                    written: format!("{cut}..."),
                    cleaned: cut,
                    status: "malformed",
                }
            }
            _ => {
                // Lost the end of its signature.
                let t = self.events(json!({}));
                let cut = t[..t.len() - 10].to_string();
                whole(cut, "malformed")
            }
        }
    }
}

/// A snippet holding the token, and the 0-based line of the snippet where the token starts.
fn snippet(r: &mut Rng, p: &Planted, single_line_only: bool) -> (String, usize) {
    let t = &p.written;
    let forms = if single_line_only { 9 } else { 16 };
    match r.below(forms) {
        0 => (format!("EVENTS_API_TOKEN={t}\n"), 0),
        1 => (format!("export OP_EVENTS_TOKEN=\"{t}\"\n"), 0),
        2 => (format!("  token: \"{t}\"\n"), 0),
        3 => (format!("  \"access_token\": \"{t}\",\n"), 0),
        4 => (
            format!("callback = \"https://app.example.com/sso?token={t}&next=%2F\"\n"),
            0,
        ),
        5 => (
            format!("{{\"level\":\"info\",\"msg\":\"{{\\\"token\\\":\\\"{t}\\\"}}\"}}\n"),
            0,
        ),
        6 => (
            format!("2026-11-03T10:00:00Z ERROR auth failed for token {t} (401)\n"),
            0,
        ),
        7 => (format!("const token = '{t}';\n"), 0),
        8 => (
            format!("headers = {{\"Authorization\": f\"Bearer {t}\"}}\n"),
            0,
        ),
        9 => (
            format!(
                "curl -sS \\\n  -H \"Authorization: Bearer {t}\" \\\n  https://events.1password.com/api/v2/auth/introspect\n"
            ),
            1,
        ),
        10 => (format!("Authorization: Bearer {t}\n"), 0),
        11 => {
            // Wrapped at 76 columns on lines of its own, as mail and terminals wrap it.
            let mut s = String::from("The token we were given:\n");
            for chunk in t.as_bytes().chunks(76) {
                s.push_str(std::str::from_utf8(chunk).expect("ASCII"));
                s.push('\n');
            }
            (s, 1)
        }
        12 => {
            // An assignment wrapped by an editor.
            let (a, b) = t.split_at(t.len().min(60));
            (format!("TOKEN={a}\n  {b}\n"), 0)
        }
        13 => {
            let (a, b) = t.split_at(t.len() / 2);
            (format!("{{\"jwt\": \"{a}\\n{b}\"}}\n"), 0)
        }
        14 => (
            format!("{{\"auth\": {{\"type\": \"bearer\", \"token\": \"{t}\"}}}}\n"),
            0,
        ),
        _ => (
            format!(
                "    curl -H 'Authorization: Bearer {t}' https://events.1password.eu/api/v2/itemusages -d '{{}}'\n"
            ),
            0,
        ),
    }
}

fn fingerprint(token: &str) -> String {
    let d = Sha256::digest(token.as_bytes());
    let hex: String = d[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

struct Corpus {
    root: PathBuf,
    r: Rng,
    minter: Minter,
    expected: Vec<Value>,
    bytes: u64,
    files: usize,
    noise: usize,
    decoys: usize,
}

impl Corpus {
    fn write(&mut self, rel: &str, content: &[u8]) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        fs::write(&path, content).expect("write");
        self.bytes += content.len() as u64;
        self.files += 1;
    }

    fn expect(&mut self, rel: &str, line: usize, p: &Planted) {
        self.expected.push(json!({
            "path": rel,
            "line": line,
            "fingerprint": fingerprint(&p.cleaned),
            "status": p.status,
        }));
    }

    /// A text file of about `size` bytes; `plant` tokens in it.
    fn text_file(&mut self, rel: &str, size: usize, plant: usize, crlf: bool) {
        let ext = rel.rsplit('.').next().unwrap_or("txt").to_string();
        let mut out = String::with_capacity(size + 4096);
        let mut lines = 0usize;
        let mut plant_at: Vec<usize> = (0..plant).map(|_| self.r.below(size.max(1))).collect();
        plant_at.sort();
        let mut next = 0;
        while out.len() < size {
            if next < plant_at.len() && out.len() >= plant_at[next] {
                let p = self.minter.next(&mut self.r);
                let (s, off) = snippet(&mut self.r, &p, false);
                self.expect(rel, lines + off + 1, &p);
                lines += s.matches('\n').count();
                out.push_str(&s);
                next += 1;
                continue;
            }
            if self.r.chance(1) {
                let n = noise(&mut self.r);
                out.push_str(&n);
                lines += 1;
                self.noise += 1;
                continue;
            }
            line(&mut self.r, &ext, &mut out);
            lines += 1;
        }
        let bytes = if crlf {
            out.replace('\n', "\r\n").into_bytes()
        } else {
            out.into_bytes()
        };
        self.write(rel, &bytes);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(manifest)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_corpus OUT_DIR MANIFEST [--size-mib N] [--files N]");
        std::process::exit(2);
    };
    let mut size_mib = 1024usize;
    let mut files = 20_000usize;
    while let Some(a) = args.next() {
        let v: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
            eprintln!("{a} needs a number");
            std::process::exit(2)
        });
        match a.as_str() {
            "--size-mib" => size_mib = v,
            "--files" => files = v,
            _ => {
                eprintln!("unknown option {a}");
                std::process::exit(2)
            }
        }
    }
    let key_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/keys/es256-private.pem");
    let pem = fs::read(key_path).expect("the test key");
    let mut c = Corpus {
        root: PathBuf::from(&root),
        r: Rng(0x9E37_79B9_7F4A_7C15),
        minter: Minter {
            es256: EncodingKey::from_ec_pem(&pem).expect("PKCS#8 P-256"),
            hs256: EncodingKey::from_secret(b"bench-corpus-hmac-secret-not-a-real-one")
                .expect("secret"),
            serial: 0,
        },
        expected: Vec::new(),
        bytes: 0,
        files: 0,
        noise: 0,
        decoys: 0,
    };
    let _ = fs::remove_dir_all(&c.root);

    // Ignored by the corpus's own .gitignore: tokens there must not be reported.
    c.write(".gitignore", b"build/\n*.min.map\n");
    for i in 0..10 {
        let p = c.minter.next(&mut c.r);
        let body = format!("# generated\nEVENTS_API_TOKEN={}\n", p.written);
        c.write(&format!("build/out{i}.env"), body.as_bytes());
        c.write(&format!("pkg000/assets/app{i}.min.map"), body.as_bytes());
        c.decoys += 2;
    }
    // Binary files with a token inside: skipped.
    for i in 0..10 {
        let p = c.minter.next(&mut c.r);
        let mut blob = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        blob.extend_from_slice(format!("tEXt token={}\n", p.written).as_bytes());
        blob.extend((0..60_000).map(|k| (k * 7 % 251) as u8));
        c.write(&format!("pkg001/images/logo{i}.png"), &blob);
        c.decoys += 1;
    }
    // One long single-line file (a minified bundle) with tokens and noise in it.
    {
        let mut s = String::from("!function(){var cfg={");
        let mut planted = Vec::new();
        while s.len() < 16 << 20 {
            if c.r.chance(2) {
                let n = noise(&mut c.r).replace('\n', " ");
                s.push_str(&n);
            }
            if planted.len() < 3 && s.len() > (planted.len() + 1) * (5 << 20) {
                let p = c.minter.next(&mut c.r);
                let (snip, _) = snippet(&mut c.r, &p, true);
                s.push_str(&snip.replace('\n', " "));
                planted.push(p);
            }
            let a = ident(&mut c.r);
            let n = c.r.below(100_000);
            let _ = write!(s, "{a}:function(e,t){{return e.{a}+t*{n}}},");
        }
        s.push_str("}}();\n");
        for p in &planted {
            c.expect("pkg000/assets/bundle.min.js", 1, p);
        }
        c.write("pkg000/assets/bundle.min.js", s.as_bytes());
    }
    // Latin-1 text (not UTF-8) and CRLF line ends, each with a token.
    for i in 0..5 {
        let p = c.minter.next(&mut c.r);
        let mut b = b"# r\xe9glages du connecteur (\xe9v\xe9nements)\n".to_vec();
        b.extend_from_slice(format!("jeton={}\n", p.written).as_bytes());
        let rel = format!("pkg002/legacy/conf{i}.ini");
        c.expect(&rel, 2, &p);
        c.write(&rel, &b);
    }
    for i in 0..5 {
        let rel = format!("pkg003/windows/settings{i}.env");
        c.text_file(&rel, 2_000, 1, true);
    }

    // The bulk: source-like files, a token in about one file in fifty.
    let exts = ["rs", "py", "js", "go", "yaml", "json", "md", "log", "env"];
    let remaining = files.saturating_sub(c.files);
    let budget = (size_mib as u64) << 20;
    let per_file = (budget.saturating_sub(c.bytes) / remaining.max(1) as u64) as usize;
    for i in 0..remaining {
        let ext = exts[i % exts.len()];
        let rel = format!(
            "pkg{:03}/src/mod{:02}/f{i:05}.{ext}",
            i % 200,
            (i / 200) % 50
        );
        // Sizes vary from a tenth to twice the mean.
        let size = per_file / 10 + c.r.below(per_file * 19 / 10 + 1);
        let plant = if c.r.chance(2) { 1 + c.r.below(2) } else { 0 };
        c.text_file(&rel, size, plant, false);
    }

    let summary = json!({
        "files": c.files,
        "bytes": c.bytes,
        "planted": c.expected.len(),
        "decoys_not_to_report": c.decoys,
        "noise_lines": c.noise,
        "expected": c.expected,
    });
    fs::write(
        &manifest,
        serde_json::to_string_pretty(&summary).expect("json"),
    )
    .expect("manifest");
    eprintln!(
        "{} files, {:.0} MiB, {} tokens to find, {} in ignored or binary files, {} noise lines",
        c.files,
        c.bytes as f64 / (1 << 20) as f64,
        summary["planted"],
        c.decoys,
        c.noise
    );
}
