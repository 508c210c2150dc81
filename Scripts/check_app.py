#!/usr/bin/env python3
"""Drives a posyandu day through the cadre's app (`selaras app`) in headless Chromium.

Registers three children (the third a near-duplicate of the first, warned about and then
confirmed), finds them by partial name and by NIK, records checks typed with decimal commas
and dd/mm/yyyy dates, reads N/T, BGM/2T/referral and the Permenkes statuses off the result
page, opens the KMS chart, corrects a check and voids the duplicate child with reasons,
records an RTLH survey choosing Indonesian words, writes a bundle to a folder from Sinkron,
syncs with a real hub (`selaras hub serve`, enrolled with a code from `selaras hub enrol`),
and opens the monthly report. Then, with the app stopped, it checks what the pages showed
against `selaras log --json` and the csv.gz export of the same store (children, checks, the
survey: each Indonesian choice mapped here to the schema's value, and the RTLH criteria it
meets), checks the bundle with `selaras bundle inspect` and by importing it into a new store
whose log must equal the app's, checks that the hub confirmed every record on the page and
holds the same events, checks the N/T marks against the Buku KIA KBM table computed
here, that the browser sent no request to any host but the app's and reported no
Content-Security-Policy violation.
Screenshots of each page at 1366x768 and at 412 px wide go to --shots.
"""
import argparse
import csv
import datetime
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

from check_app_expected import (KBM, PRINT_PAGES, SURVEY_CHOSEN, SURVEY_CRITERIA_CSV, SURVEY_STORED, SURVEY_TYPED,
                                completed_months, dmy, errors, expect, months_before)


def submitted(driver, action):
    """Runs `action` (a click or Enter that submits a form) and waits until the browser has
    left the page (its root element is gone), so that what is read next is the answer page,
    not the form still on screen (a click returns before the navigation ends)."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()

    def left(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            # chromedriver, asked about the old page's node mid-navigation, may answer "Node with
            # given id does not belong to the document" instead of a stale reference: also gone.
            if "does not belong to the document" in str(e):
                return True
            raise

    WebDriverWait(driver, 15).until(left)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--selaras", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--shots", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    t0 = time.time()

    app = subprocess.Popen([a.selaras, "app", "--store", a.store, "--port", "0", "--no-browser", "--author", "Kader Ani"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = app.stdout.readline()
    m = re.search(r"(http://127\.0\.0\.1:(\d+))/masuk\?token=([0-9a-f]+)", line)
    if not m:
        app.kill()
        print(f"check-app: FAILED: selaras app printed {line!r}, not an address with a token", file=sys.stderr)
        return 1
    base, port, token = m.group(1), m.group(2), m.group(3)
    print(f"check-app: selaras app at {base}")

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions"]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    shots = []

    def shot(name):
        for label, width, height in [("1366", 1366, 768), ("412", 412, 915)]:
            driver.set_window_size(width, height)
            path = os.path.join(a.shots, f"{name}-{label}.png")
            driver.save_screenshot(path)
            shots.append(path)
            # Nothing wider than the window: no sideways scrolling on the phone or the laptop.
            wide = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if wide > 0 and name not in PRINT_PAGES:
                errors.append(f"page {name} at {label} px is {wide} px wider than the window (sideways scrolling)")
        driver.set_window_size(1366, 768)

    def fill(values):
        for name, value in values.items():
            el = driver.find_element(By.ID, "f-" + name)
            if el.tag_name == "select":
                Select(el).select_by_visible_text(value)
            else:
                el.clear()
                el.send_keys(value)

    def text(id_):
        return driver.find_element(By.ID, id_).text.strip()

    # The office's hub, served by the CLI on its own store, with a cadre's enrolment code for Manggar.
    hub_store = os.path.join(a.work, "hub")
    subprocess.run([a.selaras, "init", "--store", hub_store, "--kelurahan", "Manggar", "--label", "kantor-dinkes"], check=True, capture_output=True)
    hub = subprocess.Popen([a.selaras, "hub", "serve", "--store", hub_store, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    hub_line = hub.stdout.readline()
    hm = re.search(r"http://[0-9.]+:\d+", hub_line)
    if not hm:
        app.kill(); hub.kill()
        print(f"check-app: FAILED: selaras hub serve printed {hub_line!r}, not its address", file=sys.stderr)
        return 1
    hub_url = hm.group(0)
    enrol = subprocess.run([a.selaras, "hub", "enrol", "--store", hub_store, "--role", "cadre", "--kelurahan", "Manggar"],
                           check=True, capture_output=True, text=True).stdout
    hub_code = re.search(r"enrolment code: (\S+)", enrol).group(1)
    hub_rows = {}
    survey_id = bundle_path = None
    bundle_events = 0
    survey_day = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date() - datetime.timedelta(days=2)
    try:
        driver.get(f"{base}/masuk?token={token}")
        expect("after login, the page", driver.title.split(" ·")[0], "Beranda")
        shot("beranda-kosong")

        today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
        born_a = months_before(today, 14)
        born_b = months_before(today, 30)
        children = [
            {"name": "Siti Aminah", "nik": "6471054402240001", "sex": "Perempuan", "born": dmy(born_a), "mother": "Rahmawati", "posyandu": "Melati 3"},
            {"name": "Budi Santoso", "nik": "6471050101230002", "sex": "Laki-laki", "born": dmy(born_b), "mother": "Sri Wahyuni", "posyandu": "Melati 3"},
            {"name": "Siti Aminnah", "sex": "Perempuan", "born": dmy(born_a), "mother": "Rahmawati", "posyandu": "Melati 3"},
        ]
        ids = []
        for i, c in enumerate(children):
            driver.get(f"{base}/anak/baru")
            if i == 0:
                shot("daftar-anak-baru")
            fill(c)
            submitted(driver, lambda: driver.find_element(By.ID, "f-name").send_keys(Keys.ENTER))  # Enter saves
            if i == 2:
                warn = driver.find_elements(By.ID, "duplikat")
                if not warn or "mungkin sudah terdaftar" not in warn[0].text:
                    errors.append("the near-duplicate 'Siti Aminnah' was not warned about before saving")
                shot("duplikat")
                submitted(driver, lambda: driver.find_element(By.ID, "simpan").click())
            if "Tersimpan" not in driver.page_source:
                errors.append(f"registering {c['name']}: no Tersimpan")
            ids.append(driver.current_url.split("/anak/")[1].split("?")[0])
        print(f"check-app: registered {ids}")

        def search(q):
            driver.get(f"{base}/cari?q={urllib.parse.quote(q)}")
            return [a.get_attribute("href").split("/anak/")[1] for a in driver.find_elements(By.CSS_SELECTOR, "#hasil td:first-child a")]
        found = search("amin")
        if not (ids[0] in found and ids[2] in found):
            errors.append(f"search 'amin' found {found}, not both Siti Aminah and Siti Aminnah")
        shot("cari-anak")
        expect("search by NIK 6471050101230002", search("6471050101230002"), [ids[1]])
        if ids[1] not in search("budi SANTOSO"):
            errors.append("search 'budi SANTOSO' (case) did not find Budi Santoso")
        if ids[1] not in search("wahyuni"):
            errors.append("search by the mother's name did not find Budi Santoso")

        # Checks: A gains 300 g in a month (N); B gains 100 g twice (T, then T again: 2T, refer).
        plan = [
            (0, months_before(today, 1), "8,1", "74,0", "Terlentang"),
            (0, today, "8,4", "75,2", "Terlentang"),
            (1, months_before(today, 2), "11,9", "87,0", "Berdiri"),
            (1, months_before(today, 1), "12,0", "87,5", "Berdiri"),
            (1, today, "12,1", "88,0", "Berdiri"),
        ]
        shown = []
        history = {0: [], 1: []}
        for n, (child, date, kg, cm, pos) in enumerate(plan):
            driver.get(f"{base}/anak/{ids[child]}/timbang")
            if n == 1:
                shot("penimbangan")
                last = text("terakhir")
                if "8,1" not in last:
                    errors.append(f"the weighing form does not show the last weight 8,1 beside the new one: {last!r}")
            fill({"measured_on": dmy(date), "weight_kg": kg, "length_height_cm": cm, "position": pos})
            submitted(driver, lambda: driver.find_element(By.ID, "simpan").click())
            if driver.find_elements(By.ID, "peringatan"):
                submitted(driver, lambda: driver.find_element(By.ID, "simpan").click())
            if not driver.find_elements(By.ID, "tersimpan"):
                errors.append(f"check {n}: no Tersimpan after saving: {driver.find_element(By.TAG_NAME, 'main').text[:300]!r}")
                continue
            if n == 4:
                shot("hasil-penimbangan")
            nt = driver.find_element(By.ID, "nt").get_attribute("data-nt")
            w = float(kg.replace(",", "."))
            # The expected mark from the KBM table (independent of the app).
            born = born_a if child == 0 else born_b
            prev = history[child][-1] if history[child] else None
            age = completed_months(born, date)
            if prev is None:
                want = "B"
            elif (date.year * 12 + date.month) - (prev[0].year * 12 + prev[0].month) != 1:
                want = "O"
            else:
                want = "N" if round((w - prev[1]) * 1000) >= KBM.get(age, 200) else "T"
            expect(f"N/T of check {n} ({kg} kg after {prev[1] if prev else '-'} kg at {age} months)", nt, want)
            history[child].append((date, w, want))
            two_t = text("duat").startswith("Ya")
            want_2t = len(history[child]) >= 3 and history[child][-1][2] == "T" and history[child][-2][2] == "T"
            expect(f"2T of check {n}", two_t, want_2t)
            refer = bool(driver.find_elements(By.ID, "rujuk"))
            if want_2t and not refer:
                errors.append(f"check {n}: 2T but no 'Rujuk ke puskesmas'")
            shown.append({"child": ids[child], "date": date.isoformat(), "weight": w, "length": float(cm.replace(",", ".")),
                          "bbu": text("bbu"), "tbu": text("tbu"), "bbtb": text("bbtb"), "nt": nt})

        # KMS chart of Budi: five SD curves, his three points joined.
        driver.get(f"{base}/anak/{ids[1]}")
        svgs = driver.find_elements(By.CSS_SELECTOR, "figure.kms svg")
        expect("KMS charts on the child's page", len(svgs), 2)
        if svgs:
            expect("SD curves on the weight chart", len(svgs[0].find_elements(By.CSS_SELECTOR, "polyline.sd")), 5)
            expect("the child's points on the weight chart", len(svgs[0].find_elements(By.CSS_SELECTOR, "circle.titik")), 3)
        shot("anak-kms")
        driver.set_window_size(1366, 1900)  # the whole child page: details, both charts, the register
        path = os.path.join(a.shots, "anak-kms-penuh-1366.png")
        driver.save_screenshot(path)
        shots.append(path)
        driver.set_window_size(1366, 768)

        # Correct Siti's first check (8,1 → 8,0) and void the duplicate child, with reasons.
        driver.get(f"{base}/anak/{ids[0]}")
        rows = driver.find_elements(By.CSS_SELECTOR, "#riwayat tbody tr")
        first_check = rows[-1].get_attribute("id")[2:]
        driver.get(f"{base}/rekaman/{first_check}")
        fill({"weight_kg": "8,0"})
        driver.find_element(By.ID, "alasan-koreksi").send_keys("salah baca timbangan")
        submitted(driver, lambda: driver.find_element(By.ID, "simpan-koreksi").click())
        if not driver.find_elements(By.ID, "tersimpan"):
            errors.append("the correction was not confirmed with Tersimpan")
        shot("koreksi")
        driver.get(f"{base}/rekaman/{ids[2]}")
        driver.find_element(By.ID, "alasan-batal").send_keys("terdaftar dua kali")
        submitted(driver, lambda: driver.find_element(By.ID, "simpan-batal").click())
        if not driver.find_elements(By.ID, "dibatalkan"):
            errors.append("the void of the duplicate child did not show")
        history_text = driver.find_element(By.ID, "riwayat-rekaman").text
        if "terdaftar dua kali" not in history_text:
            errors.append("the record's history does not show the void's reason")

        # RTLH survey, every choice picked by its Indonesian word; the page shows them back.
        driver.get(f"{base}/survei")
        shot("survei-rtlh")
        fill(SURVEY_TYPED | SURVEY_CHOSEN | {"surveyed_on": dmy(survey_day)})
        submitted(driver, lambda: driver.find_element(By.ID, "simpan").click())
        if not driver.find_elements(By.ID, "tersimpan"):
            errors.append(f"the RTLH survey was not saved: {driver.find_element(By.TAG_NAME, 'main').text[:300]!r}")
        else:
            survey_id = driver.find_element(By.TAG_NAME, "h1").text.split()[-1]
            for name, want in (SURVEY_TYPED | SURVEY_CHOSEN).items():
                expect(f"survey page: {name}", text("v-" + name), want)
            expect("survey page: surveyed_on", text("v-surveyed_on"), dmy(survey_day))
            shot("survei-tersimpan")

        # A bundle of everything, written to a folder (the USB stick) from the Sinkron page.
        usb = os.path.join(a.work, "usb")
        os.makedirs(usb, exist_ok=True)
        driver.get(f"{base}/sinkron")
        shot("sinkron")
        driver.find_element(By.ID, "folder").send_keys(usb)
        submitted(driver, lambda: driver.find_element(By.ID, "tulis").click())
        written = re.search(r"Tersimpan: (\S+\.slb) \((\d+) rekaman", text("tersimpan") if driver.find_elements(By.ID, "tersimpan") else "")
        if not written:
            errors.append(f"the bundle was not written: {driver.find_element(By.TAG_NAME, 'main').text[:300]!r}")
        else:
            bundle_path, bundle_events = written.group(1), int(written.group(2))
            expect("bundle written into the folder", os.path.dirname(bundle_path), usb)
            shot("sinkron-tersimpan")

        # Sinkron with the office's hub (a real `selaras hub serve`): enrol with a code, sync, then
        # every record of the day is listed as confirmed by the hub's receipt.
        driver.get(f"{base}/sinkron")
        driver.find_element(By.ID, "hub").send_keys(hub_url)
        driver.find_element(By.ID, "kode").send_keys(hub_code)
        submitted(driver, lambda: driver.find_element(By.ID, "daftar").click())
        if not driver.find_elements(By.ID, "sinkron-hub"):
            errors.append(f"enrolling with the hub failed: {driver.find_element(By.TAG_NAME, 'main').text[:300]!r}")
        else:
            submitted(driver, lambda: driver.find_element(By.ID, "sinkron-hub").click())
            steps = [li.get_attribute("data-done") for li in driver.find_elements(By.CSS_SELECTOR, "#kemajuan li")]
            expect("sync steps done", steps, ["true"] * 4)
            hub_rows = {tr.get_attribute("id")[2:]: tr.get_attribute("data-confirmed") for tr in driver.find_elements(By.CSS_SELECTOR, "#konfirmasi tbody tr")}
            shot("sinkron-hub")

        # The monthly report (SelarasReport's page, as from the hub) for this month, all posyandu.
        driver.get(f"{base}/laporan")
        shot("laporan")
        submitted(driver, lambda: driver.find_element(By.ID, "tampilkan").click())
        report_text = driver.find_element(By.TAG_NAME, "body").text
        if "Melati 3" not in report_text or "Manggar" not in report_text:
            errors.append(f"the monthly report does not show posyandu Melati 3 of Manggar: {report_text[:300]!r}")
        shot("laporan-bulanan")

        driver.get(f"{base}/")
        shot("beranda")
        expect("Beranda: S", text("s"), "2")
        expect("Beranda: D", text("d"), "2")
        visit = driver.find_element(By.ID, "kunjungan").text if driver.find_elements(By.ID, "kunjungan") else ""
        if "Budi Santoso" not in visit:
            errors.append("Beranda does not list Budi Santoso (2T) for a home visit")

        # Every request the browser made went to the app.
        hosts = set()
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                url = msg["params"]["request"]["url"]
                if not url.startswith("data:"):
                    hosts.add(urllib.parse.urlsplit(url).netloc)
        expect("hosts the browser contacted", hosts, {f"127.0.0.1:{port}"})
        # No page broke its Content-Security-Policy (the report's inline style is allowed by hash).
        blocked = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
        expect("CSP violations reported by the browser", blocked, [])
    finally:
        driver.quit()
        for proc in (app, hub):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    # What the store says, read with the CLI once the app has stopped.
    log = [json.loads(l) for l in subprocess.run([a.selaras, "log", "--store", a.store, "--json"], check=True,
                                                 capture_output=True, text=True).stdout.splitlines()]
    creates = {e["entity"]: e["fields"] for e in log if e["operation"] == "create"}
    for c, id_ in zip(children, ids):
        f = creates.get(id_, {})
        expect(f"log: {id_} name", f.get("name"), c["name"])
        expect(f"log: {id_} born", f.get("born"), datetime.datetime.strptime(c["born"], "%d/%m/%Y").date().isoformat())
        expect(f"log: {id_} sex", f.get("sex"), "L" if c["sex"] == "Laki-laki" else "P")
    checks = [(k, v) for k, v in creates.items() if k.startswith("gc-")]
    expect("log: growth checks", len(checks), len(plan))
    for s in shown:
        match = [v for _, v in checks if v.get("child_id") == s["child"] and v.get("measured_on") == s["date"]]
        if len(match) != 1:
            errors.append(f"log: no single check of {s['child']} on {s['date']}")
            continue
        expect(f"log: weight of {s['child']} on {s['date']}", float(match[0]["weight_kg"]), s["weight"])
        expect(f"log: length of {s['child']} on {s['date']}", float(match[0]["length_height_cm"]), s["length"])
    ops = [(e["operation"], e.get("reason")) for e in log if e["operation"] in ("correct", "void")]
    expect("log: correction and void with reasons", sorted(ops), [("correct", "salah baca timbangan"), ("void", "terdaftar dua kali")])

    def key(e):
        return json.dumps({k: e.get(k) for k in ("entity", "operation", "fields", "reason")}, sort_keys=True)

    # The survey in the log: each Indonesian word stored as the schema's value (mapped here, independently of the app).
    surveys = [(k, v) for k, v in creates.items() if k.startswith("hs-")]
    expect("log: house surveys", [k for k, _ in surveys], [survey_id])
    if surveys:
        f = surveys[0][1]
        for name, want in SURVEY_TYPED.items():
            got = f.get(name)
            expect(f"log: survey {name}", str(got).replace(".", ",") if name == "floor_area_m2" else str(got), want)
        for name, word in SURVEY_CHOSEN.items():
            expect(f"log: survey {name} ({word})", f.get(name), SURVEY_STORED[name])
        expect("log: survey surveyed_on", f.get("surveyed_on"), survey_day.isoformat())
        expect("log: surveyor", f.get("surveyor"), "Kader Ani")

    # The bundle: verified by the CLI, and imported into a new laptop's store it gives the same log.
    if bundle_path:
        expect("bundle: events announced on the page", bundle_events, len(log))
        inspect = subprocess.run([a.selaras, "bundle", "inspect", bundle_path], capture_output=True, text=True)
        if inspect.returncode != 0 or "verified" not in inspect.stdout:
            errors.append(f"bundle inspect refused {bundle_path}: {inspect.stderr.strip() or inspect.stdout.strip()}")
        lap2 = os.path.join(a.work, "lap2")
        subprocess.run([a.selaras, "init", "--store", lap2, "--kelurahan", "Manggar", "--label", "kantor"], check=True, capture_output=True)
        imp = subprocess.run([a.selaras, "bundle", "import", "--store", lap2, bundle_path], capture_output=True, text=True)
        if imp.returncode != 0:
            errors.append(f"bundle import into a new store failed: {imp.stderr.strip()}")
        log2 = [json.loads(l) for l in subprocess.run([a.selaras, "log", "--store", lap2, "--json"], check=True,
                                                      capture_output=True, text=True).stdout.splitlines()]
        expect("bundle: the other store's log (events)", sorted(map(key, log2)), sorted(map(key, log)))

    # The hub: every record of the day confirmed on the page, and the hub's store holds the app's events.
    expect("records confirmed by the hub on the Sinkron page", hub_rows, {k: "true" for k in creates})
    hub_log = [json.loads(l) for l in subprocess.run([a.selaras, "log", "--store", hub_store, "--json"], check=True,
                                                     capture_output=True, text=True).stdout.splitlines()]
    expect("hub: its log (the app's events)", sorted(map(key, hub_log)), sorted(map(key, log)))

    out = os.path.join(a.work, "export")
    subprocess.run([a.selaras, "export", "--store", a.store, "--format", "csv.gz", "--tier", "office", "--out", out],
                   check=True, capture_output=True)
    path = glob.glob(os.path.join(out, "**", "growth_checks*.csv.gz"), recursive=True)
    if not path:
        errors.append(f"export: no growth_checks csv.gz under {out}")
    else:
        with gzip.open(path[0], "rt", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        labels = {"bbu": {"sangat_kurang": "Berat badan sangat kurang", "kurang": "Berat badan kurang", "normal": "Berat badan normal",
                          "risiko_lebih": "Risiko berat badan lebih"},
                  "tbu": {"sangat_pendek": "Sangat pendek", "pendek": "Pendek", "normal": "Normal", "tinggi": "Tinggi"},
                  "bbtb": {"gizi_buruk": "Gizi buruk", "gizi_kurang": "Gizi kurang", "gizi_baik": "Gizi baik",
                           "berisiko_gizi_lebih": "Berisiko gizi lebih", "gizi_lebih": "Gizi lebih", "obesitas": "Obesitas"}}
        for s in shown:
            r = [r for r in rows if r["child_id"] == s["child"] and r["measured_on"] == s["date"]]
            if len(r) != 1:
                errors.append(f"export: no single row of {s['child']} on {s['date']}")
                continue
            r = r[0]
            if s["child"] == ids[0] and s["date"] == plan[0][1].isoformat():  # corrected after the page showed it
                expect(f"export: corrected weight of {s['child']} on {s['date']}", float(r["weight_kg"]), 8.0)
                continue
            expect(f"export: weight of {s['child']} on {s['date']}", float(r["weight_kg"]), s["weight"])
            for k in ("bbu", "tbu", "bbtb"):
                page = s[k].split(" (z")[0]
                expect(f"export: {k} of {s['child']} on {s['date']}", labels[k].get(r[k], r[k]), page)
    path = glob.glob(os.path.join(out, "**", "house_surveys*.csv.gz"), recursive=True)
    if not path:
        errors.append(f"export: no house_surveys csv.gz under {out}")
    else:
        with gzip.open(path[0], "rt", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        expect("export: survey rows", [r.get("survey_id", r.get("id")) for r in rows], [survey_id])
        if rows:
            r = rows[0]
            for name, want in SURVEY_CRITERIA_CSV.items():
                expect(f"export: survey {name}", r.get(name), want)
            for name in ("head_name", "head_nik", "address", "rt", "rw", "income_rp"):
                expect(f"export: survey {name}", r.get(name), SURVEY_TYPED[name])
            expect("export: surveyor", r.get("surveyor"), "Kader Ani")
            expect("export: survey occupants", r.get("occupants"), SURVEY_TYPED["occupants"])
            expect("export: survey floor area", float(r.get("floor_area_m2") or "nan"), 24.5)
            expect("export: survey date", r.get("surveyed_on"), survey_day.isoformat())
    print(f"check-app: {len(shots)} screenshots, {time.time() - t0:.1f} s")
    if errors:
        for e in errors:
            print(f"check-app: MISMATCH: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
