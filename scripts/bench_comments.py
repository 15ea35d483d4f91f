#!/usr/bin/env python3
"""Posts comments through the comment form of one post, as browsers would.

Usage: bench_comments.py BASE_URL POST_PATH (--count N | --rate R --seconds S
       | --seconds S) [--threads T]

--count N posts N comments as fast as T threads can; --rate R posts R
comments per second for S seconds (one thread keeps the pace); --seconds S
alone posts as fast as T threads can for S seconds and also prints the
rate and the 99th percentile of the answers' latency. Every comment is
unique (no duplicate refusals). Exits non-zero if any answer is not 303
See Other. Prints "sent N, failed F" (", R/s, p99 L ms").
"""

import argparse
import http.client
import re
import sys
import threading
import time
import urllib.parse
import uuid


def form_fields(base, path):
    """The post id and signed token from the comment form on the page."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", path)
    page = conn.getresponse().read().decode()
    post_id = re.search(r'name="comment_post_ID" value="(\d+)"', page)
    token = re.search(r'name="token" value="([^"]+)"', page)
    if not post_id or not token:
        sys.exit(f"error: no comment form on {path}")
    return post_id.group(1), token.group(1)


class Poster:
    def __init__(self, base, post_id, token):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.post_id, self.token = post_id, token
        self.sent = 0
        self.failed = 0
        self.latencies = []
        self.lock = threading.Lock()

    def connection(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=10)

    def post(self, conn):
        begin = time.monotonic()
        tag = uuid.uuid4().hex[:12]
        body = urllib.parse.urlencode({
            "comment_post_ID": self.post_id,
            "comment_parent": "",
            "token": self.token,
            "author": "Bench Reader",
            "email": f"bench-{tag}@example.org",
            "url": "",
            "website_url": "",
            "comment": f"Comment {tag}: thanks for the post, this is exactly what I was looking for.",
        })
        try:
            conn.request("POST", "/comments/", body,
                         {"Content-Type": "application/x-www-form-urlencoded"})
            res = conn.getresponse()
            res.read()
            ok = res.status == 303
        except (OSError, http.client.HTTPException):
            conn.close()
            ok = False
        with self.lock:
            self.latencies.append(time.monotonic() - begin)
            self.sent += 1
            self.failed += 0 if ok else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("path")
    ap.add_argument("--count", type=int)
    ap.add_argument("--rate", type=float)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()
    poster = Poster(args.base, *form_fields(args.base, args.path))
    if args.count is not None:
        left = iter(range(args.count))
        lock = threading.Lock()

        def work():
            conn = poster.connection()
            while True:
                with lock:
                    if next(left, None) is None:
                        return
                poster.post(conn)

        threads = [threading.Thread(target=work) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elif args.rate is None:
        if args.seconds is None:
            ap.error("one of --count, --rate or --seconds is needed")
        start = time.monotonic()

        def flat_out():
            conn = poster.connection()
            while time.monotonic() - start < args.seconds:
                poster.post(conn)

        threads = [threading.Thread(target=flat_out) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - start
        lat = sorted(poster.latencies)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else 0
        print(f"sent {poster.sent}, failed {poster.failed}, "
              f"{poster.sent / took:.0f}/s, p99 {p99:.1f} ms")
        sys.exit(1 if poster.failed else 0)
    else:
        conn = poster.connection()
        start = time.monotonic()
        n = 0
        seconds = 10 if args.seconds is None else args.seconds
        while time.monotonic() - start < seconds:
            poster.post(conn)
            n += 1
            pause = start + n / args.rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
    print(f"sent {poster.sent}, failed {poster.failed}")
    sys.exit(1 if poster.failed else 0)


if __name__ == "__main__":
    main()
