//! A real HTTP/1.1 server on 127.0.0.1 for tests, plain or TLS: every connection gets one canned answer
//! (or none at all), and every request is recorded byte for byte, so a test can assert exactly what
//! tokenlint sent and how many times. It is shared by the library's unit tests (through `#[path]`) and the
//! CLI integration tests, so both talk to the same kind of server.
//!
//! The server runs on its own thread until [`TestServer::finish`] (or drop) stops it. Stopping is
//! ordered: the stop signal is a connection queued behind every connection the client already made, so
//! `finish` returns only after those were read, and a test that asserts "nothing was sent" cannot pass
//! because the server was merely slow to look.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The first byte the stop connection sends. No HTTP request (a letter) or TLS record (0x16) starts
/// with it.
const STOP_BYTE: u8 = 0;

/// How long the server waits for a client that connected but sends nothing; bounds every test.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What the server does once it has read a request.
#[derive(Clone)]
pub enum Reply {
    /// Write these bytes (a whole HTTP response) and close the connection.
    Canned(Vec<u8>),
    /// Keep the connection open and never answer (until the server stops).
    Silent,
}

impl Reply {
    /// An HTTP/1.1 response with a correct Content-Length and `Connection: close`.
    pub fn http(status: u16, reason: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut out = format!("HTTP/1.1 {status} {reason}\r\n").into_bytes();
        for (name, value) in headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
        out.extend_from_slice(b"Connection: close\r\n\r\n");
        out.extend_from_slice(body);
        Reply::Canned(out)
    }

    /// A JSON response.
    pub fn json(status: u16, reason: &str, body: &str) -> Reply {
        Reply::http(
            status,
            reason,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }
}

/// One request as the server read it off the wire.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The bytes exactly as received: request line, headers and body.
    pub raw: Vec<u8>,
    pub method: String,
    /// The request target (`/api/v2/auth/introspect`, or `host:port` for CONNECT).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// The value of the first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How many times a header with this name was sent.
    pub fn header_count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }
}

/// What the server saw over its whole life.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// TCP connections accepted (not counting the stop signal).
    pub connections: usize,
    /// Requests read completely.
    pub requests: Vec<Seen>,
    /// TLS handshakes that failed (e.g. the client did not trust the certificate).
    pub tls_failures: usize,
}

pub struct TestServer {
    addr: SocketAddr,
    tls: bool,
    record: Arc<Mutex<Record>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// A plain HTTP server on 127.0.0.1 and a free port.
    pub fn start(reply: Reply) -> TestServer {
        Self::spawn(reply, None)
    }

    /// An HTTPS server on 127.0.0.1 with this TLS configuration (see [`TestPki`]).
    pub fn start_tls(reply: Reply, tls: Arc<rustls::ServerConfig>) -> TestServer {
        Self::spawn(reply, Some(tls))
    }

    fn spawn(reply: Reply, tls: Option<Arc<rustls::ServerConfig>>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let record = Arc::new(Mutex::new(Record::default()));
        let is_tls = tls.is_some();
        let thread = {
            let record = Arc::clone(&record);
            thread::spawn(move || serve(listener, reply, tls, record))
        };
        TestServer {
            addr,
            tls: is_tls,
            record,
            thread: Some(thread),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// `host:port` as tokenlint names it in messages.
    pub fn authority(&self) -> String {
        self.addr.to_string()
    }

    /// Stop the server after it has handled every connection made so far, and return what it saw.
    pub fn finish(mut self) -> Record {
        self.stop();
        self.record.lock().unwrap().clone()
    }

    fn stop(&mut self) {
        if let Some(thread) = self.thread.take() {
            if let Ok(mut wake) = TcpStream::connect(self.addr) {
                let _ = wake.write_all(&[STOP_BYTE]);
            }
            let _ = thread.join();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve(
    listener: TcpListener,
    reply: Reply,
    tls: Option<Arc<rustls::ServerConfig>>,
    record: Arc<Mutex<Record>>,
) {
    // Silent connections are kept here, open, until the server stops.
    let mut held: Vec<Box<dyn Send>> = Vec::new();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
        let mut first = [0u8; 1];
        match stream.peek(&mut first) {
            Ok(1) if first[0] == STOP_BYTE => break,
            _ => {}
        }
        record.lock().unwrap().connections += 1;
        match &tls {
            None => handle(stream, &reply, &record, &mut held),
            Some(config) => {
                let Ok(conn) = rustls::ServerConnection::new(Arc::clone(config)) else {
                    continue;
                };
                let mut tls_stream = rustls::StreamOwned::new(conn, stream);
                // Drive the handshake first so a refused certificate is counted as such.
                while tls_stream.conn.is_handshaking() {
                    if tls_stream.conn.complete_io(&mut tls_stream.sock).is_err() {
                        record.lock().unwrap().tls_failures += 1;
                        break;
                    }
                }
                if tls_stream.conn.is_handshaking() {
                    continue;
                }
                handle(tls_stream, &reply, &record, &mut held);
            }
        }
    }
}

fn handle<S: Read + Write + Send + 'static>(
    mut stream: S,
    reply: &Reply,
    record: &Mutex<Record>,
    held: &mut Vec<Box<dyn Send>>,
) {
    let Ok(seen) = read_request(&mut stream) else {
        return;
    };
    record.lock().unwrap().requests.push(seen);
    match reply {
        Reply::Canned(bytes) => {
            // The client may hang up early (a body over its cap): that is not the server's problem.
            let _ = stream.write_all(bytes);
            let _ = stream.flush();
        }
        Reply::Silent => held.push(Box::new(stream)),
    }
}

fn read_request(stream: &mut impl Read) -> io::Result<Seen> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = find(&raw, b"\r\n\r\n") {
            break at + 4;
        }
        if raw.len() > 64 * 1024 {
            return Err(io::Error::other("request head too large"));
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while raw.len() < head_end + length {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let body = raw[head_end..].to_vec();
    Ok(Seen {
        raw,
        method,
        target,
        headers,
        body,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A certificate authority and a server certificate for `localhost` and `127.0.0.1`, made at test time.
/// The CA plays the part of a corporate TLS-inspecting proxy's root: clients trust the server only when
/// given `ca_pem`.
pub struct TestPki {
    pub ca_pem: String,
    pub server_config: Arc<rustls::ServerConfig>,
}

impl TestPki {
    pub fn new() -> TestPki {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        };
        use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "tokenlint test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca_params, ca_key);

        let leaf_key = KeyPair::generate().expect("server key");
        let mut leaf_params =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .expect("server params");
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, "tokenlint test server");
        let leaf_cert = leaf_params
            .signed_by(&leaf_key, &issuer)
            .expect("server certificate");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server_config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf_cert.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
            )
            .expect("server TLS config");
        TestPki {
            ca_pem: ca_cert.pem(),
            server_config: Arc::new(server_config),
        }
    }
}
