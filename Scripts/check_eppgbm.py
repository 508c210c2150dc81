#!/usr/bin/env python3
"""Real readers for the e-PPGBM workbook (run by Scripts/check-exports).

Opens selaras-eppgbm-office*.xlsx with openpyxl and with pandas and checks what the
puskesmas relies on: the sheets Pengukuran, SKDN and Rekap; on Pengukuran the e-PPGBM
header in its order (from the column map), NIK cells as text of 16 digits, Tgl Lahir and
Tanggal Pengukuran as date cells, Berat/Tinggi/z-scores as numbers; the row count equal to
the checks in the store (--checks); on SKDN the D column summing to the children weighed
per posyandu and month counted here from Pengukuran; the header frozen, an autofilter,
landscape and fit to width on every sheet.

Usage: check_eppgbm.py --workbook FILE.xlsx --columns eppgbm-columns.json --checks N
Exits 1 on any failure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

import openpyxl
import pandas as pd


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbook", required=True)
    ap.add_argument("--columns", required=True)
    ap.add_argument("--checks", required=True, type=int)
    a = ap.parse_args()
    failures: list[str] = []

    def check(cond: bool, msg: str) -> None:
        print(("  ok   " if cond else "  FAIL ") + msg)
        if not cond:
            failures.append(msg)

    layout = [c["header"] for c in json.load(open(a.columns, encoding="utf-8"))["columns"]]
    wb = openpyxl.load_workbook(a.workbook)
    check(wb.sheetnames == ["Pengukuran", "SKDN", "Rekap"], f"sheets {wb.sheetnames}")
    ws = wb["Pengukuran"]
    rows = list(ws.iter_rows(values_only=False))
    header = [c.value for c in rows[0]]
    check(header == layout, "Pengukuran header is e-PPGBM's, in its order")
    col = {h: i for i, h in enumerate(header)}
    data = rows[1:]
    check(len(data) == a.checks, f"Pengukuran has {len(data)} rows; the store has {a.checks} checks")
    niks = [r[col["NIK"]] for r in data if r[col["NIK"]].value is not None]
    check(bool(niks) and all(c.data_type == "s" and len(c.value) == 16 and c.value.isdigit() for c in niks),
          f"{len(niks)} NIK cells are text of 16 digits")
    for h in ("Tgl Lahir", "Tanggal Pengukuran"):
        check(all(isinstance(r[col[h]].value, dt.datetime) for r in data), f"{h} cells are dates")
    for h in ("Berat", "Tinggi", "ZS BB/U", "ZS TB/U", "ZS BB/TB"):
        vals = [r[col[h]].value for r in data if r[col[h]].value is not None]
        check(bool(vals) and all(isinstance(v, (int, float)) for v in vals), f"{h}: {len(vals)} numbers")
    for name in wb.sheetnames:
        s = wb[name]
        check(s.freeze_panes == "A2", f"{name}: header frozen")
        check(bool(s.auto_filter.ref), f"{name}: autofilter {s.auto_filter.ref}")
        check(s.page_setup.orientation == "landscape" and s.page_setup.fitToWidth == 1 and s.sheet_properties.pageSetUpPr.fitToPage,
              f"{name}: landscape, fit to one page wide")

    # pandas: the same workbook as analysts open it.
    p = pd.read_excel(a.workbook, sheet_name=None, dtype={"NIK": str})
    peng, skdn = p["Pengukuran"], p["SKDN"]
    check(len(peng) == a.checks, f"pandas reads {len(peng)} Pengukuran rows")
    check(pd.api.types.is_datetime64_any_dtype(peng["Tanggal Pengukuran"]), "pandas: Tanggal Pengukuran is datetime")
    check(pd.api.types.is_numeric_dtype(peng["Berat"]), "pandas: Berat is numeric")
    peng["Bulan"] = peng["Tanggal Pengukuran"].dt.strftime("%Y-%m")
    peng["anak"] = peng["NIK"].fillna("") + "|" + peng["Nama"] + "|" + peng["Tgl Lahir"].astype(str)
    weighed = peng[peng["Berat"].notna()].groupby(["Desa/Kel", "Posyandu", "Bulan"])["anak"].nunique()
    for _, r in skdn.iterrows():
        want = int(weighed.get((r["Kelurahan"], r["Posyandu"], r["Bulan"]), 0))
        if int(r["D"]) != want:
            check(False, f"SKDN {r['Posyandu']} {r['Bulan']}: D {r['D']}, counted {want}")
    check(int(skdn["D"].sum()) == int(weighed.sum()), f"SKDN D totals {int(skdn['D'].sum())} = children weighed per posyandu and month")
    if failures:
        print(f"check_eppgbm: FAILED ({len(failures)})", file=sys.stderr)
        return 1
    print("check_eppgbm: the e-PPGBM workbook reads back as e-PPGBM's layout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
