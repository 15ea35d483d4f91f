//! End-to-end tests of the outbound client against tiny hand-written HTTP/1.1
//! servers on 127.0.0.1. No test sends a packet anywhere else: forbidden
//! addresses must be refused before any connection is attempted.

// The helpers below are plain functions, not #[test]s, so clippy's test
// exemption does not reach them; panicking on a broken test fixture is the
// right way for them to fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use beitrag_outbound::{Client, Limits, OutboundError, is_forbidden};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const UA: &str = "beitrag-test/1.0";
const MIB: usize = 1024 * 1024;

/// One request as the test server saw it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    /// Lower-cased names.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Server {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

/// Starts a one-request-per-connection server. The handler returns the raw
/// response bytes, or `None` to keep the connection open without answering.
async fn serve<H>(handler: H) -> Server
where
    H: Fn(&Request) -> Option<Vec<u8>> + Send + Sync + 'static,
{
    serve_on("127.0.0.1:0", handler).await
}

/// Like [`serve`], on another loopback address.
async fn serve_on<H>(bind: &str, handler: H) -> Server
where
    H: Fn(&Request) -> Option<Vec<u8>> + Send + Sync + 'static,
{
    let listener = TcpListener::bind(bind).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let handler = Arc::new(handler);
    {
        let connections = Arc::clone(&connections);
        let requests = Arc::clone(&requests);
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                connections.fetch_add(1, Ordering::SeqCst);
                let requests = Arc::clone(&requests);
                let handler = Arc::clone(&handler);
                tokio::spawn(async move {
                    handle(stream, &*handler, &requests).await;
                });
            }
        });
    }
    Server {
        addr,
        connections,
        requests,
    }
}

async fn handle<H>(mut stream: TcpStream, handler: &H, requests: &Mutex<Vec<Request>>)
where
    H: Fn(&Request) -> Option<Vec<u8>>,
{
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    requests.lock().unwrap().push(request.clone());
    match handler(&request) {
        Some(response) => {
            // The client may hang up early (e.g. TooLarge); that is fine.
            let _ = stream.write_all(&response).await;
            let _ = stream.shutdown().await;
        }
        None => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut start = lines.next().unwrap().split(' ');
    let method = start.next().unwrap().to_owned();
    let path = start.next().unwrap().to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

/// A complete response with Content-Length.
fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A response whose body is delimited only by closing the connection, so the
/// client cannot know its size up front and must count while streaming.
fn response_unframed(body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    out.extend_from_slice(body);
    out
}

fn redirect(status: &str, location: &str) -> Vec<u8> {
    response(status, &[("Location", location)], b"")
}

fn loopback_allowed() -> Vec<String> {
    vec!["127.0.0.0/8".to_owned()]
}

fn client(allow: &[String]) -> Client {
    Client::new(allow, Limits::default(), UA).unwrap()
}

fn client_with(allow: &[String], limits: Limits) -> Client {
    Client::new(allow, limits, UA).unwrap()
}

fn assert_forbidden(result: Result<beitrag_outbound::Fetched, OutboundError>, want: IpAddr) {
    match result {
        Err(OutboundError::Forbidden { addr, .. }) => assert_eq!(addr, want),
        other => panic!("expected Forbidden({want}), got {other:?}"),
    }
}

/// Gives a wrongly made connection time to show up in the server's counter.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::test]
async fn allowed_fetch_of_loopback() {
    let server = serve(|_| {
        Some(response(
            "200 OK",
            &[
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Link", "<https://a.example/wm>; rel=\"webmention\""),
                ("Link", "<https://a.example/other>; rel=\"other\""),
            ],
            "hällo".as_bytes(),
        ))
    })
    .await;
    let fetched = client(&loopback_allowed())
        .get(&server.url("/page"))
        .await
        .unwrap();
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.text(), "hällo");
    assert_eq!(fetched.url, server.url("/page"));
    assert_eq!(fetched.content_type(), Some("text/plain; charset=utf-8"));
    assert_eq!(
        fetched.header_all("link"),
        vec![
            "<https://a.example/wm>; rel=\"webmention\"",
            "<https://a.example/other>; rel=\"other\"",
        ]
    );
    assert!(fetched.header_all("x-missing").is_empty());
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/page");
    assert_eq!(requests[0].header("user-agent"), Some(UA));
}

#[tokio::test]
async fn loopback_without_allow_list_never_connects() {
    let server = serve(|_| Some(response("200 OK", &[], b"secret"))).await;
    let result = client(&[]).get(&server.url("/")).await;
    assert_forbidden(result, "127.0.0.1".parse().unwrap());
    settle().await;
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn localhost_name_is_forbidden_by_default() {
    let server = serve(|_| Some(response("200 OK", &[], b"secret"))).await;
    let url = format!("http://localhost:{}/", server.addr.port());
    match client(&[]).get(&url).await {
        Err(OutboundError::Forbidden { host, addr }) => {
            assert_eq!(host, "localhost");
            assert!(addr.is_loopback(), "{addr}");
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
    settle().await;
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn localhost_name_reaches_only_allowed_addresses() {
    // localhost may resolve to ::1 as well; only 127.0.0.1 is allowed and the
    // server listens only there, so success shows the allowed address is used.
    let server = serve(|_| Some(response("200 OK", &[], b"ok"))).await;
    let url = format!("http://localhost:{}/", server.addr.port());
    let fetched = client(&["127.0.0.1/32".to_owned()])
        .get(&url)
        .await
        .unwrap();
    assert_eq!(fetched.body, b"ok");
}

#[tokio::test]
async fn forbidden_literals_are_refused_before_connecting() {
    let cases = [
        ("http://10.0.0.1/", "10.0.0.1"),
        ("http://192.168.1.1/", "192.168.1.1"),
        ("http://172.16.0.1/", "172.16.0.1"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254",
        ),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://[::1]/", "::1"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[fd00::1]/", "fd00::1"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("http://0.0.0.0/", "0.0.0.0"),
        ("https://10.0.0.1:8443/", "10.0.0.1"),
        // Alternative spellings that URL parsers normalise to loopback.
        ("http://2130706433/", "127.0.0.1"),
        ("http://0x7f.1/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
    ];
    // With the default 10 s timeout, a connection attempt to any of these
    // would hang rather than fail at once; the elapsed-time check catches it.
    let client = client(&[]);
    for (url, addr) in cases {
        let started = Instant::now();
        assert_forbidden(client.get(url).await, addr.parse().unwrap());
        assert_forbidden(
            client.post_form(url, &[("a", "b")]).await,
            addr.parse().unwrap(),
        );
        assert!(started.elapsed() < Duration::from_millis(500), "{url}");
    }
    // An IPv4 allow-list does not open IPv6 loopback.
    assert_forbidden(
        self::client(&loopback_allowed()).get("http://[::1]/").await,
        "::1".parse().unwrap(),
    );
}

#[test]
fn is_forbidden_table() {
    let forbidden = [
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "10.255.255.255",
        "100.64.0.1",
        "100.127.255.254",
        "127.0.0.1",
        "127.255.0.1",
        "169.254.0.1",
        "169.254.169.254",
        "172.16.0.1",
        "172.31.255.255",
        "192.0.0.1",
        "192.0.2.1",
        "192.168.1.1",
        "198.18.0.1",
        "198.19.255.255",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "::a00:1",
        "::8.8.8.8",
        "64:ff9b::7f00:1",
        "64:ff9b:1::1",
        "100::1",
        "2001::1",
        "2001:2::1",
        "2001:db8::1",
        "2002:c0a8:101::1",
        "3fff::1",
        "fc00::1",
        "fd00::1",
        "fd00:ec2::254",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "ff02::1",
        "ff0e::1",
    ];
    for addr in forbidden {
        assert!(
            is_forbidden(addr.parse().unwrap()),
            "{addr} should be forbidden"
        );
    }
    let allowed = [
        "93.184.216.34",
        "1.1.1.1",
        "8.8.8.8",
        "100.63.255.255",
        "100.128.0.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.169.0.1",
        "223.255.255.254",
        "2606:4700::1",
        "2a00:1450:4001::200e",
        "2001:4860:4860::8888",
        "::ffff:93.184.216.34",
        "64:ff9b::5db8:d822",
        "2002:5db8:d822::1",
    ];
    for addr in allowed {
        assert!(
            !is_forbidden(addr.parse().unwrap()),
            "{addr} should be allowed"
        );
    }
}

#[tokio::test]
async fn only_http_and_https() {
    let client = client(&[]);
    for url in [
        "ftp://example.com/file",
        "file:///etc/passwd",
        "gopher://x/",
    ] {
        match client.get(url).await {
            Err(OutboundError::Scheme(_)) => {}
            other => panic!("{url}: expected Scheme, got {other:?}"),
        }
    }
    match client
        .post("file:///etc/passwd", "text/plain", Vec::new())
        .await
    {
        Err(OutboundError::Scheme(scheme)) => assert_eq!(scheme, "file"),
        other => panic!("expected Scheme, got {other:?}"),
    }
}

#[tokio::test]
async fn garbage_urls() {
    let client = client(&[]);
    for url in ["not a url", "", "http://", "http://[::1", "//example.com/"] {
        match client.get(url).await {
            Err(OutboundError::BadUrl(_)) => {}
            other => panic!("{url:?}: expected BadUrl, got {other:?}"),
        }
    }
}

/// `/hop/N` redirects to `/hop/N-1` until 0, alternating between a
/// relative-path and an absolute-path `Location` and between status codes.
async fn hop_server() -> Server {
    serve(|req| {
        let n: u32 = req.path.strip_prefix("/hop/").unwrap().parse().unwrap();
        Some(match n {
            0 => response("200 OK", &[], b"arrived"),
            n if n % 2 == 0 => redirect("302 Found", &format!("{}", n - 1)),
            n => redirect("301 Moved Permanently", &format!("/hop/{}", n - 1)),
        })
    })
    .await
}

#[tokio::test]
async fn follows_three_redirects() {
    let server = hop_server().await;
    let fetched = client(&loopback_allowed())
        .get(&server.url("/hop/3"))
        .await
        .unwrap();
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body, b"arrived");
    assert_eq!(fetched.url, server.url("/hop/0"));
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/hop/3", "/hop/2", "/hop/1", "/hop/0"]);
}

#[tokio::test]
async fn fourth_redirect_is_too_many() {
    let server = hop_server().await;
    match client(&loopback_allowed()).get(&server.url("/hop/4")).await {
        Err(OutboundError::TooManyRedirects) => {}
        other => panic!("expected TooManyRedirects, got {other:?}"),
    }
    // The fourth Location was read but never requested.
    settle().await;
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn redirect_limit_is_configurable() {
    let server = hop_server().await;
    let limits = Limits {
        max_redirects: 0,
        ..Limits::default()
    };
    let client = client_with(&loopback_allowed(), limits);
    assert!(client.get(&server.url("/hop/0")).await.is_ok());
    match client.get(&server.url("/hop/1")).await {
        Err(OutboundError::TooManyRedirects) => {}
        other => panic!("expected TooManyRedirects, got {other:?}"),
    }
}

#[tokio::test]
async fn redirect_to_metadata_is_forbidden() {
    let server = serve(|_| {
        Some(redirect(
            "302 Found",
            "http://169.254.169.254/latest/meta-data/",
        ))
    })
    .await;
    let started = Instant::now();
    let result = client(&loopback_allowed()).get(&server.url("/")).await;
    assert_forbidden(result, "169.254.169.254".parse().unwrap());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn every_redirect_hop_is_checked_again() {
    // The first hop is on 127.0.0.2, the only allowed address. Its redirects
    // point at a second server on 127.0.0.1 (by literal and by name), which
    // must never be contacted, and at a file: URL.
    let target = serve(|_| Some(response("200 OK", &[], b"secret"))).await;
    let port = target.addr.port();
    let server = serve_on("127.0.0.2:0", move |req| {
        Some(match req.path.as_str() {
            "/to-literal" => redirect("302 Found", &format!("http://127.0.0.1:{port}/")),
            "/to-name" => redirect(
                "307 Temporary Redirect",
                &format!("http://localhost:{port}/"),
            ),
            _ => redirect("308 Permanent Redirect", "file:///etc/passwd"),
        })
    })
    .await;
    let client = client(&["127.0.0.2/32".to_owned()]);
    assert_forbidden(
        client.get(&server.url("/to-literal")).await,
        "127.0.0.1".parse().unwrap(),
    );
    match client.get(&server.url("/to-name")).await {
        Err(OutboundError::Forbidden { host, addr }) => {
            assert_eq!(host, "localhost");
            assert!(addr.is_loopback(), "{addr}");
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
    match client.get(&server.url("/to-file")).await {
        Err(OutboundError::Scheme(scheme)) => assert_eq!(scheme, "file"),
        other => panic!("expected Scheme, got {other:?}"),
    }
    settle().await;
    assert_eq!(server.requests().len(), 3);
    assert_eq!(target.connections(), 0);
}

#[tokio::test]
async fn redirect_without_location_is_returned() {
    let server = serve(|_| Some(response("302 Found", &[], b"nowhere"))).await;
    let fetched = client(&loopback_allowed())
        .get(&server.url("/"))
        .await
        .unwrap();
    assert_eq!(fetched.status, 302);
    assert_eq!(fetched.body, b"nowhere");
}

#[tokio::test]
async fn body_limit() {
    let server = serve(|req| {
        Some(match req.path.as_str() {
            "/exact" => response("200 OK", &[], &vec![b'a'; MIB]),
            "/over" => response("200 OK", &[], &vec![b'a'; MIB + 1]),
            "/exact-unframed" => response_unframed(&vec![b'a'; MIB]),
            "/over-unframed" => response_unframed(&vec![b'a'; MIB + 1]),
            _ => response("404 Not Found", &[], b""),
        })
    })
    .await;
    let client = client(&loopback_allowed());
    for path in ["/exact", "/exact-unframed"] {
        let fetched = client.get(&server.url(path)).await.unwrap();
        assert_eq!(fetched.body.len(), MIB, "{path}");
    }
    for path in ["/over", "/over-unframed"] {
        match client.get(&server.url(path)).await {
            Err(OutboundError::TooLarge(limit)) => assert_eq!(limit, MIB, "{path}"),
            other => panic!(
                "{path}: expected TooLarge, got {:?}",
                other.map(|f| f.body.len())
            ),
        }
    }
}

#[tokio::test]
async fn small_body_limit_applies_to_post_too() {
    let server = serve(|_| Some(response_unframed(b"0123456789"))).await;
    let limits = Limits {
        max_bytes: 9,
        ..Limits::default()
    };
    match client_with(&loopback_allowed(), limits)
        .post(&server.url("/"), "text/plain", b"x".to_vec())
        .await
    {
        Err(OutboundError::TooLarge(9)) => {}
        other => panic!("expected TooLarge(9), got {other:?}"),
    }
}

#[tokio::test]
async fn silent_server_times_out() {
    let server = serve(|_| None).await;
    let limits = Limits {
        timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let client = client_with(&loopback_allowed(), limits);
    let started = Instant::now();
    match client.get(&server.url("/")).await {
        Err(OutboundError::Timeout) => {}
        other => panic!("expected Timeout, got {other:?}"),
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    match client.post_form(&server.url("/"), &[]).await {
        Err(OutboundError::Timeout) => {}
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn post_form_sends_urlencoded_body() {
    let server = serve(|_| Some(response("202 Accepted", &[], b""))).await;
    let fetched = client(&loopback_allowed())
        .post_form(
            &server.url("/webmention"),
            &[
                ("source", "https://a.example/post?x=1&y=2"),
                ("target", "https://b.example/ü post"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(fetched.status, 202);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/webmention");
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        "source=https%3A%2F%2Fa.example%2Fpost%3Fx%3D1%26y%3D2\
         &target=https%3A%2F%2Fb.example%2F%C3%BC+post"
    );
    assert_eq!(req.header("user-agent"), Some(UA));
}

#[tokio::test]
async fn post_sends_body_and_content_type() {
    let server = serve(|_| Some(response("200 OK", &[], b"<ok/>"))).await;
    let body = b"<?xml version=\"1.0\"?><methodCall/>".to_vec();
    let fetched = client(&loopback_allowed())
        .post(&server.url("/xmlrpc"), "text/xml", body.clone())
        .await
        .unwrap();
    assert_eq!(fetched.body, b"<ok/>");
    let req = &server.requests()[0];
    assert_eq!(req.header("content-type"), Some("text/xml"));
    assert_eq!(req.body, body);
}

#[tokio::test]
async fn post_does_not_follow_redirects() {
    let server = serve(|req| {
        Some(match req.path.as_str() {
            "/endpoint" => redirect("307 Temporary Redirect", "/elsewhere"),
            _ => response("200 OK", &[], b"followed"),
        })
    })
    .await;
    let fetched = client(&loopback_allowed())
        .post_form(&server.url("/endpoint"), &[("a", "b")])
        .await
        .unwrap();
    assert_eq!(fetched.status, 307);
    assert_eq!(fetched.url, server.url("/endpoint"));
    assert_eq!(fetched.header_all("location"), ["/elsewhere"]);
    settle().await;
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/endpoint"]);
}

#[tokio::test]
async fn connection_refused_is_http_error() {
    // Bind and drop to find a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    match client(&loopback_allowed())
        .get(&format!("http://127.0.0.1:{port}/"))
        .await
    {
        Err(OutboundError::Http(msg)) => assert!(!msg.is_empty()),
        other => panic!("expected Http, got {other:?}"),
    }
}

#[test]
fn bad_allow_list_entry_is_config_error() {
    for entry in ["not-a-cidr", "10.0.0.0/33", "127.0.0.0/8/8", ""] {
        let allow = vec!["127.0.0.0/8".to_owned(), entry.to_owned()];
        match Client::new(&allow, Limits::default(), UA) {
            Err(OutboundError::Config(msg)) => {
                assert!(msg.contains(&format!("{entry:?}")), "{msg}");
            }
            other => panic!("{entry:?}: expected Config, got {:?}", other.map(|_| ())),
        }
    }
    assert!(
        Client::new(
            &["::1/128".to_owned(), "::1".to_owned()],
            Limits::default(),
            UA
        )
        .is_ok()
    );
    assert!(matches!(
        Client::new(&[], Limits::default(), "bad\nagent"),
        Err(OutboundError::Config(_))
    ));
}

#[test]
fn defaults_and_messages() {
    let limits = Limits::default();
    assert_eq!(limits.max_bytes, MIB);
    assert_eq!(limits.timeout, Duration::from_secs(10));
    assert_eq!(limits.max_redirects, 3);

    let err = OutboundError::Forbidden {
        host: "x".to_owned(),
        addr: "10.0.0.1".parse().unwrap(),
    };
    assert_eq!(
        err.to_string(),
        "address 10.0.0.1 of host x is private and not allowed"
    );
    let err = OutboundError::Forbidden {
        host: "metadata".to_owned(),
        addr: "169.254.169.254".parse().unwrap(),
    };
    assert_eq!(
        err.to_string(),
        "address 169.254.169.254 of host metadata is a cloud metadata endpoint and not allowed"
    );
    assert_eq!(
        OutboundError::TooLarge(MIB).to_string(),
        "response body exceeds the limit of 1048576 bytes"
    );
}
