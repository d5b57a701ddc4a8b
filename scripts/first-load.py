#!/usr/bin/env python3
"""What a first visit downloads, compressed as the server sends it.

For each page: the HTML, then every stylesheet, module script and preloaded
wasm (the main file and the chunks of that page's lazy route) the HTML
names, each fetched with `Accept-Encoding: br, gzip` and counted in bytes
on the wire (body as sent, headers excluded). Prints a table and exits 1
when a page is over its budget.

Usage: first-load.py BASE_URL BUDGET_BYTES MAX_BYTES PATH...
A PATH is held to BUDGET_BYTES; one written with a leading "+" (+/sign-up)
only to MAX_BYTES; one written PATH=BYTES to its own limit.
"""

import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []  # (kind, href)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        if tag == "link" and href:
            rel = (attrs.get("rel") or "").lower()
            if rel == "stylesheet":
                self.found.append(("css", href))
            elif rel == "modulepreload":
                self.found.append(("js", href))
            elif rel == "preload" and href.endswith(".wasm"):
                self.found.append(("wasm", href))
        elif tag == "script" and attrs.get("src"):
            self.found.append(("js", attrs["src"]))


def fetch(url, encodings="br, gzip"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encodings})
    try:
        response = urllib.request.urlopen(request)
    except urllib.error.HTTPError as refused:
        # A page for signed-in members answers a visitor with 401 and the
        # sign-in prompt: that page is what a first visit downloads.
        response = refused
    with response:
        body = response.read()  # urllib does not decode: bytes as sent
        return body, response.headers.get("content-encoding") or "identity", response.status


def main():
    base, budget, maximum, paths = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    rows, failures = [], []
    for given in paths:
        path, _, own = given.lstrip("+").partition("=")
        limit = int(own) if own else maximum if given.startswith("+") else budget
        body, _, _ = fetch(urljoin(base, path))
        html_bytes = len(body)
        # The same page uncompressed, to read the links it names.
        text, _, _ = fetch(urljoin(base, path), "identity")
        parser = Assets()
        parser.feed(text.decode("utf-8"))
        sizes = {"css": 0, "js": 0, "wasm": 0}
        files = {"css": 0, "js": 0, "wasm": 0}
        seen = set()
        # Each chunk preloaded once: a page once named all of them twice
        # (leptos' own head preloads and ours), 28 KB of HTML per request.
        wasm_links = [href for kind, href in parser.found if kind == "wasm"]
        if len(wasm_links) != len(set(wasm_links)):
            failures.append(
                f"{path}: {len(wasm_links) - len(set(wasm_links))} wasm preloads named twice"
            )
        for kind, href in parser.found:
            url = urljoin(base, href)
            if url in seen:
                continue
            seen.add(url)
            asset, asset_encoding, status = fetch(url)
            # A missing file would be counted as its small error page: a
            # server binary and a site from different builds once passed so.
            if status != 200:
                failures.append(f"{path}: {href} answered {status}")
            if asset_encoding == "identity" and len(asset) > 1024:
                failures.append(f"{path}: {href} was sent uncompressed")
            sizes[kind] += len(asset)
            files[kind] += 1
        total = html_bytes + sum(sizes.values())
        rows.append((path, html_bytes, sizes, files, total))
        if total > limit:
            failures.append(f"{path}: {total:,} B is over {limit:,} B")

    print(f"{'page':<32} {'HTML':>8} {'CSS':>8} {'JS':>8} {'wasm':>16} {'total':>9}")
    for path, html_bytes, sizes, files, total in rows:
        wasm = f"{sizes['wasm']:,} ({files['wasm']})"
        print(
            f"{path:<32} {html_bytes:>8,} {sizes['css']:>8,} {sizes['js']:>8,} {wasm:>16} {total:>9,}"
        )
    print(
        f"(bytes as sent, brotli where accepted; wasm: bytes (files); "
        f"budget {budget:,} B, no page over {maximum:,} B)"
    )
    for failure in failures:
        print(f"over budget: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
