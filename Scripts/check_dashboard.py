#!/usr/bin/env python3
"""Checks the dashboard as Chromium rendered it (its DOM) against the CLI's own answers.

Every figure on the page is a `<data>` (or SVG `<circle>`) element with `data-metric`,
`data-value` and, where it applies, `data-kelurahan` / `data-month`. This script reads them and
compares them with `selaras status --json`, `selaras conflicts --json`, `selaras duplicates
--json` and the `indicators` table of a csv.gz office-tier export of the same store.
Python 3 standard library only. Exits 1 with one line per mismatch.
"""
import argparse
import csv
import datetime
import gzip
import io
import json
import re
import struct
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    """Collects every element with data-* attributes, the text of <data> elements, and every
    URL-bearing attribute."""

    URL_ATTRS = {"href", "src", "action", "formaction", "poster", "srcset", "data", "xlink:href", "background"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []      # (tag, attrs dict, text list)
        self.open_data = []     # stack of indexes of open <data>/<title-in-circle> elements
        self.urls = []          # (tag, attr, value)
        self.month = None
        self.tags = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append(tag)
        for k, v in a.items():
            if k in self.URL_ATTRS:
                self.urls.append((tag, k, v))
        if a.get("id") == "month":
            self.month = a.get("data-month")
        if any(k.startswith("data-") for k in a):
            self.elements.append((tag, a, []))
            if tag == "data":
                self.open_data.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        if tag == "data" and self.open_data:
            self.open_data.pop()

    def handle_data(self, data):
        if self.open_data:
            self.elements[self.open_data[-1]][2].append(data)

    def metric(self, name):
        """The <data> figures of a metric (the trend's <circle> dots are read on their own)."""
        return [(a, "".join(t)) for tag, a, t in self.elements if tag == "data" and a.get("data-metric") == name]


def shown_as_value(text):
    """The page's text for a figure, written as the export writes it: '12,5 %' -> '12.5', '–' -> ''."""
    t = text.strip()
    if t == "–":
        return ""
    return t.removesuffix(" %").replace(",", ".")


def waiting_per_kelurahan(status):
    """Events waiting per kelurahan code, counted as the pending area holds them: per stream the
    seqs above the store's vector, each once."""
    by_stream = {}
    for w in status.get("waiting", []):
        by_stream.setdefault(w["stream"], []).append(w)
    out = {}
    for stream, segs in by_stream.items():
        covered, reach = 0, 0
        for s in sorted(segs, key=lambda s: s["first"]):
            lo = max(s["first"], s["missing_from"], reach + 1)
            if s["last"] >= lo:
                covered += s["last"] - lo + 1
                reach = s["last"]
        code = int(stream.rsplit("/", 1)[1])
        out[code] = out.get(code, 0) + covered
    return out


def months_back(month, n):
    y, m = map(int, month.split("-"))
    i = y * 12 + m - 1
    return [f"{(i - k) // 12:04d}-{(i - k) % 12 + 1:02d}" for k in range(n - 1, -1, -1)]


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dom", required=True, help="the DOM Chromium dumped")
    ap.add_argument("--status", required=True, help="selaras status --json")
    ap.add_argument("--conflicts", required=True, help="selaras conflicts --json")
    ap.add_argument("--duplicates", required=True, help="selaras duplicates --json")
    ap.add_argument("--indicators", required=True, help="indicators.csv.gz of an office-tier csv.gz export")
    ap.add_argument("--formats", required=True, help="comma-separated formats of selaras export --list")
    ap.add_argument("--office-only", default="", help="comma-separated formats offered to the office tier only")
    ap.add_argument("--month", help="the month the page must show (default: the last complete month at UTC+8)")
    ap.add_argument("--screenshot", help="a PNG screenshot to check")
    ap.add_argument("--expect-waiting", action="store_true",
                    help="the store was made to hold waiting events: status must list some")
    args = ap.parse_args()

    errors = []
    checked = 0

    def expect(what, got, want):
        nonlocal checked
        checked += 1
        if got != want:
            errors.append(f"{what}: the page shows {got!r}, expected {want!r}")

    page = Page()
    with open(args.dom, encoding="utf-8") as f:
        page.feed(f.read())
    status = json.load(open(args.status))
    conflicts = json.load(open(args.conflicts))
    duplicates = json.load(open(args.duplicates))
    with gzip.open(args.indicators, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    indicators = {(r["kelurahan"], r["month"]): r for r in rows}

    if not page.elements:
        print("check_dashboard: FAILED: the page has no figures (is it the dashboard?)", file=sys.stderr)
        return 1

    # The month.
    this_month = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).strftime("%Y-%m")
    want_month = args.month or months_back(this_month, 2)[0]
    expect("month", page.month, want_month)
    month = page.month or want_month

    # Every figure's text says the same as its data-value.
    for tag, a, text in page.elements:
        if tag == "data":
            checked += 1
            if shown_as_value("".join(text)) != a.get("data-value"):
                errors.append(f"{a.get('data-metric')} {a.get('data-kelurahan', '')} {a.get('data-month', '')}: "
                              f"text {''.join(text)!r} does not read as data-value {a.get('data-value')!r}")

    def single(metric, **where):
        found = [(a, t) for a, t in page.metric(metric) if all(a.get("data-" + k) == v for k, v in where.items())]
        if len(found) != 1:
            errors.append(f"{metric} {where}: {len(found)} elements on the page, expected 1")
            return None
        return found[0][0].get("data-value")

    # Totals against selaras status.
    rec = status["records"]
    expect("children (status records.child.active)", single("children"), str(rec["child"]["active"]))
    expect("growth checks (status records.check.active)", single("growth_checks"), str(rec["check"]["active"]))
    expect("house surveys (status records.survey.active)", single("house_surveys"), str(rec["survey"]["active"]))
    expect("events (status events)", single("events"), str(status["events"]))
    waiting = waiting_per_kelurahan(status)
    if args.expect_waiting and not any(waiting.values()):
        errors.append("selaras status lists no waiting events, but the check made one wait (bundle import)")
    totals = [a.get("data-value") for a, _ in page.metric("events_waiting") if "data-kelurahan" not in a]
    expect("events waiting, all kelurahan (status waiting)", totals, [str(sum(waiting.values()))])

    # Kelurahan rows: code -> name from the rows themselves.
    kel_rows = {a["data-kelurahan-code"]: a["data-kelurahan"] for tag, a, _ in page.elements
                if tag == "tr" and "data-kelurahan-code" in a}
    names_on_page = set(kel_rows.values())
    for code, n in waiting.items():
        name = kel_rows.get(str(code))
        if name is None:
            errors.append(f"kelurahan code {code} has {n} events waiting (status) but no row on the page")
            continue
        expect(f"{name}: events waiting", single("events_waiting", kelurahan=name), str(n))
    for code, name in kel_rows.items():
        if int(code) not in waiting:
            expect(f"{name}: events waiting", single("events_waiting", kelurahan=name), "0")
    # Events per stream against the version vector.
    for stream, n in status["version_vector"].items():
        expect(f"stream {stream}: events", single("stream_events", stream=stream), str(n))

    # S, D, D/S, stunting per kelurahan for the month, against the indicators export.
    columns = {"S": "s", "D": "d", "D/S": "d_over_s_pct", "stunting_pct": "stunting_pct",
               "stunted": "stunted", "measured_haz": "measured_haz"}
    for kel, m in indicators:
        if m == month and kel not in names_on_page:
            errors.append(f"{kel}: the indicators export has a row for {month} but the page has no row for it")
    # Every kelurahan of the city is on the page (34), those without data with zero counts.
    expect("kelurahan rows on the page", len(kel_rows), 34)
    for name in sorted(names_on_page):
        row = indicators.get((name, month), {})
        for metric, column in columns.items():
            expect(f"{name} {month} {metric} (indicators.{column})", single(metric, kelurahan=name, month=month),
                   row.get(column, "" if column.endswith("_pct") else "0"))
        # The trend: a dot for every month of the last 12 with a prevalence, none for others.
        dots = {a.get("data-month"): a.get("data-value") for tag, a, _ in page.elements
                if tag == "circle" and a.get("data-kelurahan") == name and a.get("data-metric") == "stunting_pct"}
        for m in months_back(month, 12):
            want = indicators.get((name, m), {}).get("stunting_pct", "")
            expect(f"{name} trend {m} stunting_pct (indicators.stunting_pct)", dots.get(m, ""), want)
        extra = set(dots) - set(months_back(month, 12))
        if extra:
            errors.append(f"{name}: trend dots for months outside the 12 ending {month}: {sorted(extra)}")

    # Open conflicts and duplicates against the CLI.
    want_conflicts = sorted((c["entity"], c["field"]) for c in conflicts if not c["field"].startswith("same_as:"))
    got_conflicts = sorted((a["data-entity"], a["data-field"]) for tag, a, _ in page.elements
                           if tag == "tr" and "data-entity" in a)
    expect("open conflicts (selaras conflicts --json)", single("open_conflicts"), str(len(want_conflicts)))
    expect("conflict rows (entity, field)", got_conflicts, want_conflicts)
    want_dups = sorted((d["first"], d["second"]) for d in duplicates if d["decision"] == "open")
    got_dups = sorted((a["data-a"], a["data-b"]) for tag, a, _ in page.elements if tag == "tr" and "data-a" in a)
    expect("open duplicates (selaras duplicates --json)", single("open_duplicates"), str(len(want_dups)))
    expect("duplicate rows (a, b)", got_dups, want_dups)

    # A download for every format in both tiers, but an office-only format in the office tier only.
    offered = {(a.get("data-format"), a.get("data-tier")) for tag, a, _ in page.elements if "data-format" in a}
    office_only = set(filter(None, args.office_only.split(",")))
    for fmt in args.formats.split(","):
        for tier in ("office", "analyst"):
            checked += 1
            if tier == "analyst" and fmt in office_only:
                if (fmt, tier) in offered:
                    errors.append(f"{fmt} is for the office only but is offered in the analyst tier")
            elif (fmt, tier) not in offered:
                errors.append(f"no download for {fmt} in the {tier} tier")

    # Nothing fetched from elsewhere: no URL attribute with a scheme or a protocol-relative URL.
    for tag, attr, value in page.urls:
        checked += 1
        if re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|//)", value):
            errors.append(f"<{tag} {attr}={value!r}>: an external reference (the page must work offline)")
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        checked += 1
        if tag in page.tags:
            errors.append(f"the page has a <{tag}> element (it must be self-contained, without scripts or fetched files)")

    if args.screenshot:
        checked += 1
        size = png_size(args.screenshot)
        if size is None or size[0] < 800 or size[1] < 600:
            errors.append(f"{args.screenshot}: not a PNG screenshot of at least 800x600 (got {size})")

    kel_summary = ", ".join(f"{n} S={indicators.get((n, month), {}).get('s', '')} "
                            f"stunting={indicators.get((n, month), {}).get('stunting_pct', '')}%" for n in sorted(names_on_page)
                            if (n, month) in indicators) or "no kelurahan has figures for the month"
    if errors:
        for e in errors:
            print("check_dashboard: MISMATCH: " + e, file=sys.stderr)
        print(f"check_dashboard: FAILED: {len(errors)} of {checked} checks failed", file=sys.stderr)
        return 1
    print(f"check_dashboard: {checked} checks passed for {month}: {kel_summary}; "
          f"{len(want_conflicts)} conflicts, {len(want_dups)} duplicates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
