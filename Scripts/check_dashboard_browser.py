#!/usr/bin/env python3
"""The dashboard in a real browser (Selenium + headless Chromium): all 34 kelurahan under their
kecamatan, the month picker, and the page at 412 px with no element wider than the viewport.

Opens --page (a file:// page written by `selaras dashboard`, or a hub's one-time login link,
which sets the session cookie and lands on /dashboard). Checks, from the rendered page:
- every kelurahan of Fixtures/balikpapan/kelurahan.csv is a row, in its kecamatan's group, in
  the list's order;
- the month shown is --month; with a hub (--hub), the month picker: a month typed into the
  picker and submitted is the month shown (the URL carries ?month=), its D per kelurahan equals
  the `indicators` export (0 where the export has no row), and the "previous month" link goes
  one month back; without a hub, the picker is disabled and the command is shown;
- at 412 px wide (a phone), no element's box reaches past the viewport (JavaScript over every
  element) and the page does not scroll sideways;
- screenshots at 1366 px and 412 px are saved in --shots as PREFIX-1366.png and PREFIX-412.png.
Exits 1 with one line per failed check.
"""
import argparse
import csv
import gzip
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WIDE_ELEMENTS_JS = """
const vw = document.documentElement.clientWidth;
const bad = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right > vw + 1 || r.left < -1) {
    bad.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
             (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '') +
             ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
  }
}
return {vw: vw, inner: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, count: bad.length, bad: bad.slice(0, 15)};
"""


def months_back(month, n):
    y, m = map(int, month.split("-"))
    i = y * 12 + m - 1
    return [f"{(i - k) // 12:04d}-{(i - k) % 12 + 1:02d}" for k in range(n - 1, -1, -1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", required=True, help="file:// URL of the page, or a hub's one-time login link")
    ap.add_argument("--hub", action="store_true", help="the page is served by a hub: the month picker is live")
    ap.add_argument("--month", required=True, help="the month the page opens on (YYYY-MM)")
    ap.add_argument("--kelurahan-csv", required=True, help="Fixtures/balikpapan/kelurahan.csv")
    ap.add_argument("--indicators", required=True, help="indicators.csv.gz of an office-tier export of the same store")
    ap.add_argument("--shots", required=True, help="directory for the screenshots")
    ap.add_argument("--prefix", default="dashboard", help="screenshot file name prefix")
    a = ap.parse_args()

    errors = []
    checked = 0

    def expect(what, got, want):
        nonlocal checked
        checked += 1
        if got != want:
            errors.append(f"{what}: the browser shows {got!r}, expected {want!r}")

    with open(a.kelurahan_csv, encoding="utf-8", newline="") as f:
        city = [(r["kecamatan"], r["kelurahan"]) for r in csv.DictReader(f)]
    with gzip.open(a.indicators, "rt", encoding="utf-8", newline="") as f:
        indicators = {(r["kelurahan"], r["month"]): r for r in csv.DictReader(f)}

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--lang=id-ID"]:
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    wait = WebDriverWait(driver, 60)
    os.makedirs(a.shots, exist_ok=True)
    try:
        driver.get(a.page)
        wait.until(lambda d: d.find_elements(By.ID, "month"))

        def shown_month():
            return driver.find_element(By.ID, "month").get_attribute("data-month")

        def rows():
            return driver.execute_script(
                "return Array.from(document.querySelectorAll('tbody[data-kecamatan] tr[data-kelurahan]'))"
                ".map(r => [r.closest('tbody').dataset.kecamatan, r.dataset.kelurahan]);")

        expect("month shown on opening", shown_month(), a.month)
        # All 34 kelurahan, under their kecamatan, in the city's order.
        expect("kelurahan rows (kecamatan, kelurahan), in order", [tuple(r) for r in rows()], city)

        # The month picker.
        picker_input = driver.find_element(By.CSS_SELECTOR, "form#pilih-bulan input[name=month]")
        if a.hub:
            expect("picker's value", picker_input.get_attribute("value"), a.month)
            # Pick the month with the most children weighed, other than the one shown.
            totals = {}
            for (kel, m), r in indicators.items():
                totals[m] = totals.get(m, 0) + int(r["d"] or 0)
            candidates = sorted((m for m in totals if m != a.month), key=lambda m: (-totals[m], m))
            target = candidates[0] if candidates else months_back(a.month, 2)[0]
            driver.execute_script("arguments[0].value = arguments[1];", picker_input, target)
            driver.find_element(By.CSS_SELECTOR, "form#pilih-bulan button[type=submit]").click()
            wait.until(lambda d: d.find_elements(By.ID, "month") and shown_month() == target)
            expect("month after picking", shown_month(), target)
            checked += 1
            if f"month={target}" not in driver.current_url:
                errors.append(f"after picking {target} the address is {driver.current_url!r}, without ?month={target}")
            expect("kelurahan rows after picking", len(rows()), 34)
            for _, kel in city:
                el = driver.find_elements(By.CSS_SELECTOR, f'data[data-metric="D"][data-kelurahan="{kel}"][data-month="{target}"]')
                got = el[0].get_attribute("data-value") if len(el) == 1 else f"{len(el)} elements"
                expect(f"{kel} D in {target} (indicators.d)", got, indicators.get((kel, target), {}).get("d", "0"))
            driver.find_element(By.CSS_SELECTOR, "a[rel=prev]").click()
            previous = months_back(target, 2)[0]
            wait.until(lambda d: d.find_elements(By.ID, "month") and shown_month() == previous)
            expect("month after the previous-month link", shown_month(), previous)
            print(f"check_dashboard_browser: picked {target} ({totals.get(target, 0)} weighed), then {previous}")
        else:
            checked += 1
            if picker_input.is_enabled():
                errors.append("the page written without a hub has a live month picker (it cannot serve another month)")
            checked += 1
            if "selaras dashboard --month" not in driver.find_element(By.ID, "pilih-bulan").find_element(By.XPATH, "..").text:
                errors.append("the page written without a hub does not show the `selaras dashboard --month` command")

        # Screenshots at 1366 and 412, and nothing wider than the viewport at 412.
        # The viewport is set exactly (as on a phone, whose scrollbars take no width).
        def viewport(width, height, mobile):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        viewport(1366, 900, False)
        driver.save_screenshot(os.path.join(a.shots, f"{a.prefix}-1366.png"))
        viewport(412, 915, True)
        wait.until(lambda d: d.execute_script("return document.documentElement.clientWidth") == 412)
        r = driver.execute_script(WIDE_ELEMENTS_JS)
        checked += 1
        if r["count"]:
            errors.append(f"at {r['vw']} px, {r['count']} elements reach past the viewport: " + "; ".join(r["bad"]))
        checked += 1
        if r["scrollWidth"] > r["vw"]:
            errors.append(f"at {r['vw']} px the page scrolls sideways (scrollWidth {r['scrollWidth']})")
        driver.save_screenshot(os.path.join(a.shots, f"{a.prefix}-412.png"))
        # The stacked layout: a row's cells are named by their column.
        label = driver.execute_script(
            "const td = document.querySelector('tr[data-kelurahan] td[data-label]');"
            "return td ? getComputedStyle(td, '::before').content : '';")
        checked += 1
        if not label or label in ("none", "normal"):
            errors.append("at 412 px the cells are not headed by their column's name (td::before)")
        print(f"check_dashboard_browser: at 412 px: viewport {r['vw']} px, page {r['scrollWidth']} px wide, "
              f"{r['count']} elements past the edge")
    finally:
        driver.quit()

    if errors:
        for e in errors:
            print("check_dashboard_browser: MISMATCH: " + e, file=sys.stderr)
        print(f"check_dashboard_browser: FAILED: {len(errors)} of {checked} checks failed", file=sys.stderr)
        return 1
    print(f"check_dashboard_browser: {checked} checks passed (screenshots: {a.shots}/{a.prefix}-1366.png, -412.png)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
