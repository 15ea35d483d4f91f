"""A small WebSub subscriber (W3C WebSub §5, §7, §8) for beitrag's tests,
written against the Recommendation with Python's standard library only, so
the hub is checked by code that shares nothing with it.

    subscriber.py --feed URL [--secret S] [--answer echo|wrong|missing]
    subscriber.py --listen-only

With --feed it discovers the hub and the topic from the feed's `Link`
headers (rel=hub, rel=self), POSTs a subscription request with its own
callback, answers the verification GET (echoing hub.challenge, or not), and
reports every content delivery: whether X-Hub-Signature is the HMAC-SHA256
of the body under the secret, and the titles in the delivered feed.
--listen-only records whatever is POSTed (an external hub's publish pings).
Every event is one JSON line on stdout; the first is {"event": "listening"}.
"""

import argparse
import hashlib
import hmac
import json
import re
import sys
import threading
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ATOM = "{http://www.w3.org/2005/Atom}"


LOCK = threading.Lock()


def emit(**event):
    # The server answers on several threads: one line at a time.
    with LOCK:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()


def links(header):
    """rel -> URL from a Link header (RFC 8288), enough for `<u>; rel="x"`."""
    out = {}
    for m in re.finditer(r'<([^>]*)>\s*;\s*rel="?([^";,]+)"?', header or ""):
        out[m.group(2)] = m.group(1)
    return out


def titles(content_type, body):
    text = body.decode("utf-8")
    if "json" in content_type:
        return [i.get("title", "") for i in json.loads(text).get("items", [])]
    root = ET.fromstring(text)
    if root.tag == ATOM + "feed":
        return [e.findtext(ATOM + "title", "") for e in root.iter(ATOM + "entry")]
    return [i.findtext("title", "") for i in root.iter("item")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feed")
    ap.add_argument("--secret", default="")
    ap.add_argument("--answer", default="echo", choices=["echo", "wrong", "missing"])
    ap.add_argument("--listen-only", action="store_true")
    args = ap.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status, body=b""):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            emit(event="verify", mode=q.get("hub.mode"), topic=q.get("hub.topic"),
                 lease_seconds=q.get("hub.lease_seconds"),
                 has_challenge=bool(q.get("hub.challenge")))
            if args.answer == "missing":
                self.answer(404, b"no such subscription")
            elif args.answer == "wrong":
                self.answer(200, b"not the challenge")
            else:
                self.answer(200, q.get("hub.challenge", "").encode())

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            content_type = self.headers.get("Content-Type", "")
            if args.listen_only:
                emit(event="post", content_type=content_type,
                     form=dict(urllib.parse.parse_qsl(body.decode())))
                self.answer(204)
                return
            given = self.headers.get("X-Hub-Signature", "")
            expected = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
            rels = links(self.headers.get("Link"))
            emit(event="content", content_type=content_type,
                 signed=bool(given), signature_ok=hmac.compare_digest(given, expected),
                 hub=rels.get("hub"), self=rels.get("self"),
                 titles=titles(content_type, body))
            self.answer(202)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    emit(event="listening", port=port)
    if args.feed:
        with urllib.request.urlopen(args.feed) as res:
            rels = links(res.headers.get("Link"))
        fields = {"hub.mode": "subscribe", "hub.topic": rels["self"],
                  "hub.callback": f"http://127.0.0.1:{port}/callback?feed=1"}
        if args.secret:
            fields["hub.secret"] = args.secret
        req = urllib.request.Request(rels["hub"], data=urllib.parse.urlencode(fields).encode())
        with urllib.request.urlopen(req) as res:
            emit(event="subscribed", status=res.status, hub=rels["hub"], topic=rels["self"])
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
