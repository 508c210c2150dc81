#!/usr/bin/env python3
"""Fetches one download link of the dashboard a hub served, as the office's browser session would.

Takes the DOM Chromium rendered, logs in with a one-time link (the hub answers 303 with an
HttpOnly session cookie), GETs the page's first live download link (`<a class="download">`)
with that cookie only (no token), and checks: HTTP 200; the body's SHA-256 equals the
`Selaras-Content-SHA256` header; the same link without the cookie is refused (401); and the
hub's audit log (`selaras hub audit --json`) ends with this download, by a dashboard session,
with the same hash. Python 3 standard library only. Exits 1 with one line per failure.
"""
import argparse
import hashlib
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class Links(HTMLParser):
    """The live download links of the page (href, format, tier), in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and "download" in a.get("class", "").split() and a.get("href"):
            self.links.append((a["href"], a.get("data-format", ""), a.get("data-tier", "")))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dom", required=True, help="the DOM Chromium dumped from the hub's /dashboard")
    ap.add_argument("--login", required=True, help="a fresh one-time login link (selaras hub login-link --url …)")
    ap.add_argument("--selaras", required=True, help="the selaras binary (for `hub audit --json`)")
    ap.add_argument("--hub-store", required=True, help="the hub's store directory")
    args = ap.parse_args()
    errors = []

    page = Links()
    with open(args.dom, encoding="utf-8") as f:
        page.feed(f.read())
    if not page.links:
        print("check_download: FAILED: the page has no live download link (<a class=\"download\" href=…>)", file=sys.stderr)
        return 1
    href, fmt, tier = page.links[0]
    base = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(args.login))
    url = urllib.parse.urljoin(base, href)

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(args.login, timeout=60)
        print("check_download: FAILED: the login link did not answer 303", file=sys.stderr)
        return 1
    except urllib.error.HTTPError as e:
        if e.code != 303:
            print(f"check_download: FAILED: the login link answered {e.code}, not 303", file=sys.stderr)
            return 1
        cookie = (e.headers.get("Set-Cookie") or "").split(";")[0]
    if not cookie:
        print("check_download: FAILED: the login answer set no cookie", file=sys.stderr)
        return 1

    digest, size = hashlib.sha256(), 0
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with opener.open(request, timeout=300) as r:
            header = r.headers.get("Selaras-Content-SHA256", "")
            while chunk := r.read(1 << 16):
                digest.update(chunk)
                size += len(chunk)
    except urllib.error.HTTPError as e:
        print(f"check_download: FAILED: {href} with the session cookie answered {e.code}: {e.read()[:300]!r}", file=sys.stderr)
        return 1
    got = digest.hexdigest()
    if size == 0:
        errors.append(f"{href}: an empty body")
    if header != got:
        errors.append(f"{href}: Selaras-Content-SHA256 {header!r} is not the body's SHA-256 {got}")

    try:
        opener.open(url, timeout=60)
        errors.append(f"{href} without the cookie was sent")
    except urllib.error.HTTPError as e:
        if e.code != 401:
            errors.append(f"{href} without the cookie answered {e.code}, not 401")

    audit = json.loads(subprocess.run([args.selaras, "hub", "audit", "--store", args.hub_store, "--json"],
                                      check=True, capture_output=True, text=True).stdout)
    last = audit[-1] if audit else {}
    if not last.get("session") or last.get("device") is not None:
        errors.append(f"the audit log's last entry is not by a dashboard session: {last}")
    if (last.get("format"), last.get("tier"), last.get("sha256")) != (fmt, tier, got):
        errors.append(f"the audit log's last entry {last} is not this download ({fmt}, {tier}, {got})")

    if errors:
        for e in errors:
            print("check_download: MISMATCH: " + e, file=sys.stderr)
        return 1
    print(f"check_download: {fmt} ({tier} tier) from the page with the session cookie: {size} bytes, "
          f"SHA-256 header matches, refused without the cookie, audited as dashboard session {last['session']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
