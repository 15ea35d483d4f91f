//! Desktop clients over XML-RPC, driven by an independent client: Python's
//! `xmlrpc.client` speaks MetaWeblog, `mt.*` and `wp.*` to the real server
//! with an application password made by the real binary.

use std::process::Command;

use crate::harness::{Backend, TestApp, attr};

fn beitrag(db: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_beitrag"))
        .args(["--database", db])
        .args(args)
        .output()
        .expect("run beitrag");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The secret printed by `user app-password add`.
fn app_password(db: &str, login: &str) -> String {
    let out = beitrag(
        db,
        &["user", "app-password", "add", login, "--name", "Python"],
    );
    let line = out.lines().next().unwrap();
    line.rsplit_once(": ").unwrap().1.trim().to_owned()
}

const CLIENT: &str = r#"
import base64, sys, xmlrpc.client
url, login, secret, password = sys.argv[1:5]
s = xmlrpc.client.ServerProxy(url, allow_none=True)

def fault(call):
    try:
        call()
    except xmlrpc.client.Fault as f:
        return f.faultCode
    raise SystemExit("no fault")

methods = s.system.listMethods()
assert "metaWeblog.newPost" in methods and "wp.getPosts" in methods, methods
assert "metaWeblog.newPost" in s.mt.supportedMethods()
assert fault(lambda: s.wp.getUsersBlogs(login, "wrong")) == 403
# The login password is for the browser, never for clients.
assert fault(lambda: s.wp.getUsersBlogs(login, password)) == 403
blogs = s.wp.getUsersBlogs(login, secret)
assert blogs[0]["blogid"] == "1" and blogs[0]["xmlrpc"].endswith("/xmlrpc"), blogs
# Spaces in the application password are allowed, as WordPress shows them.
assert s.blogger.getUsersBlogs("", login, secret.replace(" ", ""))[0]["blogid"] == "1"

pid = s.metaWeblog.newPost("1", login, secret, {
    "title": "Aus dem Desktop-Editor",
    "description": "<p>Geschrieben mit <strong>MarsEdit</strong>.</p>",
    "mt_keywords": "Werkzeuge, Schreiben",
    "categories": ["Social Media"],
    "mt_allow_comments": 1,
    "dateCreated": xmlrpc.client.DateTime("20110126T09:15:00"),
}, True)
post = s.metaWeblog.getPost(pid, login, secret)
assert post["title"] == "Aus dem Desktop-Editor", post
assert "MarsEdit" in post["description"]
assert post["categories"] == ["Social Media"], post["categories"]
assert set(post["mt_keywords"].split(", ")) == {"Werkzeuge", "Schreiben"}, post["mt_keywords"]
assert post["post_status"] == "publish"
assert str(post["dateCreated"]).startswith("20110126T09:15:00"), post["dateCreated"]
print("LINK", post["link"])
assert s.metaWeblog.editPost(pid, login, secret, {"title": "Aus dem Editor, überarbeitet"}, True) is True
assert s.metaWeblog.getPost(pid, login, secret)["title"] == "Aus dem Editor, überarbeitet"
assert any(p["postid"] == pid for p in s.metaWeblog.getRecentPosts("1", login, secret, 5))
cats = s.mt.getCategoryList("1", login, secret)
assert any(c["categoryName"] == "Social Media" for c in cats), cats
assert s.mt.getPostCategories(pid, login, secret)[0]["categoryName"] == "Social Media"
tags = s.wp.getTerms("1", login, secret, "post_tag")
assert any(t["name"] == "Werkzeuge" for t in tags), tags

wid = s.wp.newPost("1", login, secret, {
    "post_title": "Über wp.newPost",
    "post_content": "<p>Hallo</p>",
    "post_status": "draft",
    "terms_names": {"post_tag": ["API"]},
    "comment_status": "closed",
})
got = s.wp.getPost("1", login, secret, wid)
assert got["post_status"] == "draft" and got["comment_status"] == "closed", got
assert [t["name"] for t in got["terms"]] == ["API"], got["terms"]
assert s.wp.editPost("1", login, secret, wid, {"post_status": "publish"}) is True
assert s.wp.getPost("1", login, secret, wid)["post_status"] == "publish"
assert any(p["post_id"] == wid for p in s.wp.getPosts("1", login, secret, {"number": 50}))
# <nil/> where a client has nothing to say.
assert isinstance(s.wp.getPosts("1", login, secret, None), list)
assert s.wp.getOptions("1", login, secret, ["blog_title"])["blog_title"]["readonly"] is True
assert s.wp.deletePost("1", login, secret, wid) is True
assert fault(lambda: s.wp.getPost("1", login, secret, wid)) == 404
assert fault(lambda: s.wp.getPost("1", login, secret, "abc")) == 404
assert fault(lambda: s.wp.newPost("1", login, secret, {"post_title": "", "post_content": "x"})) == 400
assert fault(lambda: s.wp.getTerms("1", login, secret, "nope")) == 403
# Images from the client's library.
png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
up = s.wp.uploadFile("1", login, secret, {"name": "pixel.png", "type": "image/png", "bits": xmlrpc.client.Binary(png)})
assert up["type"] == "image/png" and "/media/" in up["url"], up
print("MEDIA", up["url"])
up2 = s.metaWeblog.newMediaObject("1", login, secret, {"name": "pixel.png", "type": "image/png", "bits": xmlrpc.client.Binary(png)})
assert up2["url"] != up["url"], (up, up2)
# An upload as a post's featured image (WordPress's post_thumbnail).
thumb = s.wp.newPost("1", login, secret, {"post_title": "Mit Vorschaubild", "post_content": "x", "post_thumbnail": int(up["id"])})
pt = s.wp.getPost("1", login, secret, thumb)["post_thumbnail"]
assert pt["attachment_id"] == up["id"] and pt["link"] == up["url"], pt
assert any(p["post_thumbnail"] for p in s.wp.getPosts("1", login, secret, {"number": 50}) if p["post_id"] == thumb)
assert fault(lambda: s.wp.editPost("1", login, secret, thumb, {"post_thumbnail": 999999})) == 400
assert fault(lambda: s.wp.editPost("1", login, secret, thumb, {"post_thumbnail": "bild"})) == 400
assert s.wp.getPost("1", login, secret, thumb)["post_thumbnail"]["attachment_id"] == up["id"]
assert s.wp.editPost("1", login, secret, thumb, {"post_thumbnail": ""}) is True
assert s.wp.getPost("1", login, secret, thumb)["post_thumbnail"] == []
assert fault(lambda: s.wp.uploadFile("1", login, secret, {"name": "x.png", "type": "image/png", "bits": xmlrpc.client.Binary(b"not an image")})) == 400
# A category made before any post has it.
werkstatt = "Werkstatt " + url.rsplit("/", 1)[1].replace(".", " ")
cid = s.wp.newTerm("1", login, secret, {"name": werkstatt, "taxonomy": "category"})
assert any(c["categoryId"] == cid for c in s.mt.getCategoryList("1", login, secret))
assert fault(lambda: s.wp.newTerm("1", login, secret, {"name": werkstatt, "taxonomy": "category"})) == 400
# Comments: read, edit, trash.
comments = s.wp.getComments("1", login, secret, {"status": "approve", "number": 5})
assert comments, comments
c = comments[0]
assert s.wp.editComment("1", login, secret, c["comment_id"], {"content": "Bearbeitet im Editor"}) is True
assert "Bearbeitet im Editor" in s.wp.getComment("1", login, secret, c["comment_id"])["content"]
assert s.wp.deleteComment("1", login, secret, c["comment_id"]) is True
assert s.wp.getComment("1", login, secret, c["comment_id"])["status"] == "trash"
assert fault(lambda: s.wp.getComment("1", login, secret, "999999")) == 404
assert fault(lambda: s.no.such.method()) == -32601
assert fault(lambda: s.wp.getPosts()) == 400
print("OK")
"#;

/// A contributor's client may write drafts, never publish.
const CONTRIBUTOR: &str = r#"
import sys, xmlrpc.client
url, login, secret = sys.argv[1:4]
s = xmlrpc.client.ServerProxy(url)
try:
    s.wp.newPost("1", login, secret, {"post_title": "T", "post_content": "x", "post_status": "publish"})
    raise SystemExit("a contributor published")
except xmlrpc.client.Fault as f:
    assert f.faultCode == 401, f
draft = s.wp.newPost("1", login, secret, {"post_title": "T", "post_content": "x"})
assert s.wp.getPost("1", login, secret, draft)["post_status"] == "draft"
for call in (lambda: s.wp.getComments("1", login, secret, {}),
             lambda: s.wp.newTerm("1", login, secret, {"name": "Neu", "taxonomy": "post_tag"})):
    try:
        call()
        raise SystemExit("a contributor moderated or made a term")
    except xmlrpc.client.Fault as f:
        assert f.faultCode == 401, f
# Guessing passwords backs off like logins do.
codes = []
for _ in range(7):
    try:
        s.wp.getUsersBlogs(login, "guess")
    except xmlrpc.client.Fault as f:
        codes.append(f.faultCode)
assert codes[0] == 403 and codes[-1] == 429, codes
print("OK")
"#;

fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 (the test command installs it)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && stdout.contains("OK"),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn desktop_clients_write_through_xmlrpc(backend: Backend) {
    let app = TestApp::start(backend).await;
    let creds = app.credentials.clone().expect("admin credentials");
    let secret = app_password(&app.db.url, &creds.login);
    assert_eq!(secret.split(' ').count(), 6, "{secret}");
    let listed = beitrag(&app.db.url, &["user", "app-password", "list", &creds.login]);
    assert!(listed.contains("Python"), "{listed}");
    // The admin profile lists it, to be revoked there.
    let admin = crate::session::Admin::admin(&app).await;
    let profile = admin.get("/admin/profile/").await.text().await.unwrap();
    assert!(
        profile.contains("Python") && profile.contains("Anwendungspasswort"),
        "{profile}"
    );
    // The old WordPress address works the same.
    for endpoint in ["/xmlrpc", "/xmlrpc.php"] {
        let out = python(
            CLIENT,
            &[&app.url(endpoint), &creds.login, &secret, &creds.password],
        );
        let link = out.lines().find_map(|l| l.strip_prefix("LINK ")).unwrap();
        let path = link.strip_prefix(&app.base).unwrap();
        let page = app.page(path).await;
        assert_eq!(
            crate::harness::text(&page, "h1"),
            "Aus dem Editor, überarbeitet"
        );
    }

    // Discovery: the EditURI link and the RSD document.
    let home = app.page("/").await;
    let rsd = attr(&home, "link[rel=EditURI]", "href");
    let res = app.get(rsd.strip_prefix(&app.base).unwrap()).await;
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("apiLink=\"") && body.contains("name=\"MetaWeblog\""),
        "{body}"
    );
    assert_eq!(app.get("/xmlrpc").await.status(), 405);

    // A revoked password signs nobody in.
    let id = listed.split('\t').next().unwrap().trim();
    beitrag(
        &app.db.url,
        &["user", "app-password", "revoke", &creds.login, id],
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg("import sys, xmlrpc.client\ns = xmlrpc.client.ServerProxy(sys.argv[1])\ntry:\n    s.wp.getUsersBlogs(sys.argv[2], sys.argv[3])\nexcept xmlrpc.client.Fault as f:\n    print(f.faultCode)")
        .args([&app.url("/xmlrpc"), &creds.login, &secret])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "403");

    beitrag(
        &app.db.url,
        &[
            "user",
            "add",
            "carla",
            "--name",
            "Carla",
            "--email",
            "carla@example.org",
            "--role",
            "contributor",
        ],
    );
    let secret = app_password(&app.db.url, "carla");
    python(CONTRIBUTOR, &[&app.url("/xmlrpc"), "carla", &secret]);
    app.stop().await;
}

crate::on_both_backends!(desktop_clients_write_through_xmlrpc);
