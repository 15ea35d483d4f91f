//! Micropub with our own IndieAuth: the user approves a client in the
//! admin (a real login, the consent form), and an independent client
//! (Python's `urllib`, speaking the HTTP of the specs by itself) trades the
//! code with its PKCE verifier for a token, then creates, reads, updates
//! and deletes posts and uploads a photo.

use std::process::Command;

use crate::harness::{Backend, TestApp, attr};
use crate::session::Admin;

const CLIENT: &str = r##"
import base64, hashlib, json, sys, urllib.error, urllib.parse, urllib.request
base, code, verifier, client, redirect = sys.argv[1:6]

def call(method, path, data=None, token=None, ctype="application/x-www-form-urlencoded"):
    body = None
    if data is not None:
        body = json.dumps(data).encode() if ctype == "application/json" else urllib.parse.urlencode(data, doseq=True).encode()
    req = urllib.request.Request(base + path, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k): return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

meta = json.loads(call("GET", "/.well-known/oauth-authorization-server")[2])
assert meta["code_challenge_methods_supported"] == ["S256"], meta
token_path = urllib.parse.urlparse(meta["token_endpoint"]).path

# A wrong verifier loses the code; so the right one is tried first, then again.
status, _, body = call("POST", token_path, {"grant_type": "authorization_code", "code": code,
    "client_id": client, "redirect_uri": redirect, "code_verifier": verifier})
assert status == 200, body
grant = json.loads(body)
token = grant["access_token"]
assert grant["token_type"] == "Bearer" and "create" in grant["scope"], grant
status, _, body = call("POST", token_path, {"grant_type": "authorization_code", "code": code,
    "client_id": client, "redirect_uri": redirect, "code_verifier": verifier})
assert status == 400 and json.loads(body)["error"] == "invalid_grant", body

assert call("GET", "/micropub?q=config")[0] == 401
config = json.loads(call("GET", "/micropub?q=config", token=token)[2])
assert config["media-endpoint"].endswith("/micropub/media"), config

# A note from a form, as simple clients send it.
status, headers, body = call("POST", "/micropub", {"h": "entry", "content": "#indieweb Hallo aus einer <IndieWeb-App>",
    "category[]": ["indieweb", "notiz"]}, token=token)
assert status == 201, (status, body)
note = headers["location"]
print("NOTE", note)
source = json.loads(call("GET", "/micropub?q=source&url=" + urllib.parse.quote(note), token=token)[2])
assert source["properties"]["content"][0]["html"] == "<p>#indieweb Hallo aus einer &lt;IndieWeb-App&gt;</p>", source
# An article as JSON, with HTML content.
status, headers, body = call("POST", "/micropub", {"type": ["h-entry"], "properties": {
    "name": ["Ein Artikel über Micropub"], "content": [{"html": "<p>Mit <em>HTML</em></p>"}],
    "category": ["micropub"], "post-status": ["draft"]}}, token=token, ctype="application/json")
assert status == 201, (status, body)
article = headers["location"]
source = json.loads(call("GET", "/micropub?q=source&url=" + urllib.parse.quote(article), token=token)[2])
assert source["properties"]["name"] == ["Ein Artikel über Micropub"], source
assert source["properties"]["post-status"] == ["draft"], source
assert source["properties"]["content"][0]["html"] == "<p>Mit <em>HTML</em></p>", source
status, _, body = call("POST", "/micropub", {"action": "update", "url": article,
    "replace": {"name": ["Neuer Titel"], "post-status": ["published"]}, "add": {"category": ["neu"]}},
    token=token, ctype="application/json")
assert status == 204, (status, body)
source = json.loads(call("GET", "/micropub?q=source&url=" + urllib.parse.quote(article), token=token)[2])
assert source["properties"]["name"] == ["Neuer Titel"], source
assert sorted(source["properties"]["category"]) == ["micropub", "neu"], source
print("ARTICLE", article)
# Bad input: precise answers, nothing stored.
for data, ctype in [({"h": "event", "name": "x"}, "application/x-www-form-urlencoded"),
                    ({"type": ["h-entry"], "properties": {"published": ["gestern"], "content": ["x"]}}, "application/json"),
                    ({"action": "undelete", "url": article}, "application/json")]:
    status, _, body = call("POST", "/micropub", data, token=token, ctype=ctype)
    assert status == 400 and json.loads(body)["error"] == "invalid_request", (data, status, body)
# A photo to the media endpoint (multipart, as clients send it).
png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
boundary = "----beitragtest"
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pixel.png\"\r\n"
        f"Content-Type: image/png\r\n\r\n").encode() + png + f"\r\n--{boundary}--\r\n".encode()
req = urllib.request.Request(base + "/micropub/media", data=body, method="POST")
req.add_header("Content-Type", "multipart/form-data; boundary=" + boundary)
req.add_header("Authorization", "Bearer " + token)
with urllib.request.urlopen(req) as r:
    assert r.status == 201
    print("PHOTO", r.headers["location"])
# Delete the note.
status, _, body = call("POST", "/micropub", {"action": "delete", "url": note}, token=token)
assert status == 204, (status, body)
print("OK")
"##;

async fn indieweb_apps_post_through_micropub(backend: Backend) {
    let app = TestApp::start(backend).await;
    let home = app.page("/").await;
    assert!(attr(&home, "link[rel=micropub]", "href").ends_with("/micropub"));
    assert!(
        attr(&home, "link[rel=indieauth-metadata]", "href")
            .ends_with("/.well-known/oauth-authorization-server")
    );

    // The user approves the client in the admin.
    let admin = Admin::admin(&app).await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let (client, redirect) = ("https://app.example/", "https://app.example/callback");
    let ask = format!(
        "/admin/indieauth?response_type=code&client_id={}&redirect_uri={}&state=s1&code_challenge={challenge}&code_challenge_method=S256&scope=create+update+delete+media",
        urlencode(client),
        urlencode(redirect)
    );
    let page = admin.get(&ask).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("app.example") && html.contains("create"),
        "{html}"
    );
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let res = admin
        .post(
            "/admin/indieauth",
            &[
                ("client_id", client),
                ("redirect_uri", redirect),
                ("state", "s1"),
                ("code_challenge", challenge),
                ("scope", "create update delete media"),
                ("decision", "approve"),
            ],
        )
        .await;
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let back = url::Url::parse(&location).unwrap();
    assert!(location.starts_with(redirect), "{location}");
    let q: std::collections::HashMap<_, _> = back.query_pairs().into_owned().collect();
    assert_eq!(q["state"], "s1");
    assert_eq!(q["iss"], app.url("/"));
    // A request that would send the code elsewhere is refused.
    let evil = ask.replace(&urlencode(redirect), &urlencode("https://evil.example/cb"));
    assert_eq!(admin.get(&evil).await.status(), 400);

    let out = Command::new("python3")
        .arg("-c")
        .arg(CLIENT)
        .args([&app.base, &q["code"], verifier, client, redirect])
        .output()
        .expect("python3");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && stdout.contains("OK"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let article = stdout
        .lines()
        .find_map(|l| l.strip_prefix("ARTICLE "))
        .unwrap();
    let page = app.page(article.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(crate::harness::text(&page, "h1"), "Neuer Titel");
    let note = stdout
        .lines()
        .find_map(|l| l.strip_prefix("NOTE "))
        .unwrap();
    assert_eq!(
        app.get(note.strip_prefix(&app.base).unwrap())
            .await
            .status(),
        404
    );
    let photo = stdout
        .lines()
        .find_map(|l| l.strip_prefix("PHOTO "))
        .unwrap();
    assert_eq!(
        app.get(photo.strip_prefix(&app.base).unwrap())
            .await
            .status(),
        200
    );
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

crate::on_both_backends!(indieweb_apps_post_through_micropub);
