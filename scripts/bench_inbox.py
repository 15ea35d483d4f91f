#!/usr/bin/env python3
"""Inbox throughput: signed Create(Note) replies per second that the blog
accepts, verifies and stores.

Plays a fediverse server of its own: an actor with an RSA key served on
127.0.0.1, and N replies to one post, each a distinct Note, signed
(draft-cavage, rsa-sha256, Digest) before the clock starts. T threads then
POST them to the blog's shared inbox over keep-alive connections. Prints
one line: accepted, seconds, per second, p50/p99 ms.

Usage: bench_inbox.py BLOG_BASE POST_URL N T
Needs Python's `cryptography` (Debian: python3-cryptography).
"""

import base64
import hashlib
import http.client
import http.server
import json
import sys
import threading
import time
import urllib.parse
from email.utils import formatdate

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def main():
    base, post, n, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()

    class Actor(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(actor).encode()
            self.send_response(200)
            self.send_header("content-type", "application/activity+json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Actor)
    me = f"http://127.0.0.1:{server.server_address[1]}"
    actor = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{me}/actor",
        "type": "Person",
        "preferredUsername": "bench",
        "name": "Bench",
        "inbox": f"{me}/inbox",
        "publicKey": {"id": f"{me}/actor#main-key", "owner": f"{me}/actor", "publicKeyPem": pem},
    }
    threading.Thread(target=server.serve_forever, daemon=True).start()

    target = urllib.parse.urlsplit(base)
    host = target.netloc
    date = formatdate(usegmt=True)
    requests = []
    for i in range(n):
        note = f"{me}/notes/{i}"
        body = json.dumps({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{note}/activity",
            "type": "Create",
            "actor": f"{me}/actor",
            "object": {
                "id": note,
                "type": "Note",
                "attributedTo": f"{me}/actor",
                "inReplyTo": post,
                "content": f"<p>Antwort Nummer {i} aus dem Fediverse</p>",
            },
        }).encode()
        digest = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        signed = f"(request-target): post /ap/inbox\nhost: {host}\ndate: {date}\ndigest: {digest}"
        sig = base64.b64encode(key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        headers = {
            "Host": host,
            "Date": date,
            "Digest": digest,
            "Content-Type": "application/activity+json",
            "Signature": f'keyId="{me}/actor#main-key",algorithm="rsa-sha256",'
            f'headers="(request-target) host date digest",signature="{sig}"',
        }
        requests.append((body, headers))

    # One request first, so the blog fetches and keeps the key.
    warm = http.client.HTTPConnection(target.hostname, target.port)
    body, headers = requests.pop()
    warm.request("POST", "/ap/inbox", body, headers)
    warm.getresponse().read()

    latencies, accepted, lock = [], [0], threading.Lock()

    def run(part):
        conn = http.client.HTTPConnection(target.hostname, target.port)
        mine = []
        ok = 0
        for body, headers in part:
            t = time.perf_counter()
            conn.request("POST", "/ap/inbox", body, headers)
            res = conn.getresponse()
            res.read()
            mine.append(time.perf_counter() - t)
            ok += res.status == 202
        with lock:
            latencies.extend(mine)
            accepted[0] += ok

    parts = [requests[i::threads] for i in range(threads)]
    start = time.perf_counter()
    workers = [threading.Thread(target=run, args=(p,)) for p in parts]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    took = time.perf_counter() - start
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"{accepted[0]} of {len(requests)} accepted in {took:.1f} s: "
          f"{accepted[0] / took:.0f}/s, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms")


if __name__ == "__main__":
    main()
