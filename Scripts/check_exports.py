#!/usr/bin/env python3
"""Real readers for Selaras exports (run by Scripts/check-exports, which sets up the venv).

Opens every export with the tools analysts use and checks what they would rely on:

  csv.gz    pandas.read_csv on each TABLE.csv.gz
  jsonl.gz  pandas.read_json(lines=True) on each TABLE.jsonl.gz (office tier: NIK and
            other long ids are JSON strings, never numbers)
  zip       unzips selaras-datapackage.zip and runs `frictionless validate` on its
            datapackage.json (must be valid), then pandas.read_csv on each resource
  parquet   pyarrow, pandas.read_parquet and DuckDB on each TABLE.parquet: the three readers
            agree row for row; NIK/KK/phone are strings, dates date32, z-scores doubles,
            flags booleans; every value equals the csv.gz value of the same tier; the footer
            carries statistics (null count, and min/max where a value exists) per column chunk,
            and kelurahan is dictionary-encoded (a dictionary page, RLE_DICTIONARY data pages)
  xlsx      openpyxl on selaras-TIER.xlsx: a sheet per table (Indonesian header titles mapped
            back to machine names through the codebook) (continuations TABLE_2, …) and a
            codebook sheet, header frozen; office tier: NIK/KK/phone cells are text, dates
            are date cells

For every format and tier: SHA256SUMS matches the files; the tables are there; row counts
agree with `selaras status --json` of the same store (children + merged registrations ==
active children; growth_checks == active checks; house_surveys == active surveys) and with
the csv.gz export of the same tier. The analyst tier must have no identifying column (nor
age_days or income_rp), measurement and survey dates that are months (first days), and no
NIK-like 16-digit value, NIK, phone number or child/mother/father/household-head name of
the office tier anywhere in its files.

Usage: check_exports.py --exports DIR --status STATUS.json [--frictionless PATH]
       [--formats csv.gz,jsonl.gz,…]
DIR holds TIER/FORMAT/ for the tiers office and analyst. Exits 1 on any failure.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

TIERS = ("office", "analyst")
TABLES = ("children", "growth_checks", "house_surveys", "conflicts", "indicators")
# Columns the analyst tier must never have (the brief's list, then the other columns the
# exporter marks identifying).
FORBIDDEN_COLUMNS = {
    "nik", "name", "mother", "father", "phone", "address", "family_card", "born",
    "head_nik", "head_name", "latitude", "longitude",
    "mother_nik", "rt", "rw", "cadre", "notes", "surveyor", "shown_value", "values", "authors",
    # Exact values that would narrow a birth date below its month or single out a household.
    "age_days", "income_rp",
}
# Analyst-tier date columns that hold months (written as their first day), never days.
MONTH_COLUMNS = {"growth_checks": "measured_on", "house_surveys": "surveyed_on"}
FORBIDDEN_PATTERN = re.compile(r"(^|_)(nik|name|phone|address|latitude|longitude)($|_)")
# Long ids that must be text (never numbers) in the office tier.
TEXT_ID_COLUMNS = {"nik", "mother_nik", "head_nik", "family_card", "phone"}
DATE_COLUMNS = {"born", "measured_on", "surveyed_on"}
# Office-tier columns whose values must not appear anywhere in the analyst tier.
NAME_COLUMNS = {"children": ("name", "mother", "father"), "house_surveys": ("head_name",)}
NUMBER_ID_COLUMNS = {"children": ("nik", "mother_nik", "family_card", "phone"),
                     "house_surveys": ("head_nik", "family_card")}
NIK_LIKE = re.compile(r"(?<![0-9A-Za-z.])[0-9]{16}(?![0-9A-Za-z.])")
CHECKED_FORMATS = ("csv.gz", "jsonl.gz", "zip", "xlsx", "parquet")
Z_SCORE_COLUMNS = {"waz", "haz", "whz", "baz", "hcz", "acz"}


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.notes: list[str] = []

    def fail(self, where: str, msg: str) -> None:
        self.failures.append(f"{where}: {msg}")
        print(f"  FAIL {where}: {msg}", flush=True)

    def ok(self, where: str, msg: str) -> None:
        print(f"  ok   {where}: {msg}", flush=True)

    def check(self, cond: bool, where: str, msg: str) -> bool:
        (self.ok if cond else self.fail)(where, msg)
        return cond


class Table:
    """What a reader saw of one table: its columns and rows (and the frame, when pandas read it)."""

    def __init__(self, columns: list[str], rows: int, frame: pd.DataFrame | None = None) -> None:
        self.columns = [str(c) for c in columns]
        self.rows = rows
        self.frame = frame


# ---------------------------------------------------------------------------------------
# Readers, one per format. Each returns {table: Table}.

def read_csv_gz(d: Path, tier: str, rep: Report) -> dict[str, Table]:
    out = {}
    for p in sorted(d.glob("*.csv.gz")):
        df = pd.read_csv(p)
        out[p.name[: -len(".csv.gz")]] = Table(list(df.columns), len(df), df)
    return out


def read_jsonl_gz(d: Path, tier: str, rep: Report) -> dict[str, Table]:
    out = {}
    for p in sorted(d.glob("*.jsonl.gz")):
        name = p.name[: -len(".jsonl.gz")]
        df = pd.read_json(p, lines=True)
        # read_json drops nothing but cannot see an all-empty table's keys; take them from line 1.
        with gzip.open(p, "rt", encoding="utf-8") as f:
            first = f.readline()
            cols = list(json.loads(first).keys()) if first.strip() else list(df.columns)
            if tier == "office" and TEXT_ID_COLUMNS & set(cols):
                f.seek(0)
                bad = 0
                for line in f:
                    o = json.loads(line)
                    bad += sum(1 for c in TEXT_ID_COLUMNS if o.get(c) is not None and not isinstance(o[c], str))
                rep.check(bad == 0, f"{tier}/jsonl.gz/{name}", "NIK, KK and phone are JSON strings" if bad == 0
                          else f"{bad} NIK/KK/phone values are JSON numbers, not strings")
        out[name] = Table(cols, len(df), df)
    return out


def read_parquet(d: Path, tier: str, rep: Report, csv_dir: Path) -> dict[str, Table]:
    """Each TABLE.parquet read by pyarrow, pandas and DuckDB; types, values (against the csv.gz
    export of the same tier) and the footer's statistics checked."""
    import datetime

    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = {}
    for p in sorted(d.glob("*.parquet")):
        name = p.name[: -len(".parquet")]
        where = f"{tier}/parquet/{name}"
        pf = pq.ParquetFile(p)
        table = pf.read()
        schema = table.schema
        # Types: long ids are strings, dates date32, z-scores doubles; nothing else is guessed.
        bad = []
        for f in schema:
            if f.name in TEXT_ID_COLUMNS and f.type != pa.string():
                bad.append(f"{f.name} is {f.type}, not string")
            if f.name in DATE_COLUMNS and f.type != pa.date32():
                bad.append(f"{f.name} is {f.type}, not date32")
            if f.name in Z_SCORE_COLUMNS and f.type != pa.float64():
                bad.append(f"{f.name} is {f.type}, not double")
            if f.name.startswith("flag_") and f.type != pa.bool_():
                bad.append(f"{f.name} is {f.type}, not bool")
            if f.type not in (pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.bool_()):
                bad.append(f"{f.name} has an unexpected type {f.type}")
        rep.check(not bad, where, f"types of {len(schema)} columns (ids string, dates date32, z-scores double)" if not bad
                  else "; ".join(bad))
        # Statistics in the footer: every column chunk has a null count; min/max where a value exists.
        meta = pf.metadata
        missing = []
        for g in range(meta.num_row_groups):
            for c in range(meta.num_columns):
                col = meta.row_group(g).column(c)
                st = col.statistics
                if st is None or not st.has_null_count:
                    missing.append(f"{col.path_in_schema}: no statistics")
                elif st.null_count < col.num_values and not st.has_min_max:
                    missing.append(f"{col.path_in_schema}: no min/max")
        rep.check(not missing, where, f"statistics in {meta.num_row_groups} row group(s) x {meta.num_columns} columns, "
                  f"created_by {meta.created_by!r}" if not missing else "; ".join(missing[:5]))
        # Low-cardinality text (kelurahan) is dictionary-encoded: a dictionary page and RLE_DICTIONARY pages.
        if "kelurahan" in schema.names and meta.num_row_groups > 0:
            k = schema.names.index("kelurahan")
            chunk = meta.row_group(0).column(k)
            rep.check(chunk.has_dictionary_page and "RLE_DICTIONARY" in chunk.encodings, where,
                      f"kelurahan dictionary-encoded (encodings {chunk.encodings}, dictionary page {chunk.has_dictionary_page})")
        columns = {f.name: table.column(f.name).to_pylist() for f in schema}
        rows = list(zip(*columns.values())) if columns else []
        # pandas and DuckDB read the same file to the same rows.
        df = pd.read_parquet(p)
        rep.check(len(df) == table.num_rows and list(df.columns) == schema.names, where,
                  f"pandas reads {len(df)} rows, {len(df.columns)} columns")
        if tier == "office":
            as_float = [c for c in TEXT_ID_COLUMNS if c in df and pd.api.types.is_numeric_dtype(df[c])]
            rep.check(not as_float, where, "pandas reads NIK/KK/phone as text" if not as_float else f"numeric in pandas: {as_float}")
        con = duckdb.connect()
        duck = con.execute("SELECT * FROM read_parquet(?)", [str(p)]).fetchall()
        rep.check(duck == rows, where, f"DuckDB reads the same {len(duck)} rows as pyarrow" if duck == rows
                  else f"DuckDB's rows differ from pyarrow's ({len(duck)} vs {len(rows)})")
        # Every value equals the csv.gz value.
        csv_path = csv_dir / f"{name}.csv.gz"
        if csv_path.exists():
            ref = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
            diffs = []
            if list(ref.columns) != schema.names:
                diffs.append(f"columns differ from csv.gz: {column_diff(schema.names, list(ref.columns))}")
            elif len(ref) != table.num_rows:
                diffs.append(f"{table.num_rows} rows vs csv.gz {len(ref)}")
            else:
                for f in schema:
                    for i, (v, t) in enumerate(zip(columns[f.name], ref[f.name])):
                        if v is None:
                            same = t == ""
                        elif isinstance(v, bool):
                            same = t == ("1" if v else "0")
                        elif isinstance(v, datetime.date):
                            same = t == v.isoformat()
                        elif isinstance(v, int):
                            same = t != "" and int(t) == v
                        elif isinstance(v, float):
                            same = t != "" and float(t) == v
                        else:
                            same = t == v
                        if not same:
                            diffs.append(f"{f.name} row {i + 1}: parquet {v!r}, csv.gz {t!r}")
                            break
            rep.check(not diffs, where, f"every value of {table.num_rows} rows x {len(schema)} columns equals csv.gz's"
                      if not diffs else "; ".join(diffs[:5]))
        out[name] = Table(schema.names, table.num_rows, df)
    return out


def read_zip(d: Path, tier: str, rep: Report, frictionless: str, scratch: Path) -> dict[str, Table]:
    where = f"{tier}/zip"
    zips = sorted(d.glob("*.zip"))
    if not rep.check(len(zips) == 1, where, f"one data package zip ({', '.join(z.name for z in zips) or 'none'})"):
        return {}
    unz = scratch / f"zip-{tier}"
    with zipfile.ZipFile(zips[0]) as z:
        bad = z.testzip()
        rep.check(bad is None, where, "zip CRCs intact" if bad is None else f"corrupt entry {bad}")
        z.extractall(unz)
    descs = sorted(unz.rglob("datapackage.json"))
    if not rep.check(len(descs) == 1, where, "datapackage.json present"):
        return {}
    desc = descs[0]
    verify_sums(desc.parent, f"{where} (inside the zip)", rep, optional=True)
    # The analysts' tool: the frictionless CLI on the unzipped package.
    proc = subprocess.run([frictionless, "validate", "--json", desc.name], cwd=desc.parent,
                          capture_output=True, text=True)
    try:
        result = json.loads(proc.stdout)
        valid = bool(result.get("valid"))
    except json.JSONDecodeError:
        result, valid = None, False
    if valid and proc.returncode == 0:
        ntasks = len(result.get("tasks", []))
        rep.ok(where, f"frictionless validate: valid ({ntasks} resources)")
    else:
        rep.fail(where, f"frictionless validate: NOT valid (exit {proc.returncode})")
        print(summarize_frictionless(result, proc), file=sys.stderr)
    package = json.loads(desc.read_text(encoding="utf-8"))
    out = {}
    for res in package.get("resources", []):
        path = res.get("path")
        if isinstance(path, list):
            path = path[0]
        p = desc.parent / path
        df = pd.read_csv(p)
        name = res.get("name") or Path(path).name.split(".")[0]
        fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
        rep.check(fields == list(df.columns), f"{where}/{name}",
                  "schema fields match the CSV header" if fields == list(df.columns)
                  else "schema fields differ from the CSV header: " + column_diff(fields, list(df.columns)))
        out[name] = Table(list(df.columns), len(df), df)
    return out


def summarize_frictionless(result, proc) -> str:
    if not result:
        return (proc.stdout + proc.stderr)[-4000:]
    lines = []
    for e in result.get("errors", [])[:10]:
        lines.append(f"    package: {e.get('type')}: {e.get('message')}")
    for t in result.get("tasks", []):
        if t.get("valid"):
            continue
        for e in t.get("errors", [])[:10]:
            lines.append(f"    {t.get('name')}: {e.get('type')}: {e.get('message')}")
    return "\n".join(lines)


def read_xlsx(d: Path, tier: str, rep: Report) -> dict[str, Table]:
    import openpyxl  # noqa: PLC0415 (only this reader needs it)

    where = f"{tier}/xlsx"
    books = sorted(d.glob("*.xlsx"))
    if not rep.check(len(books) == 1, where, f"one workbook ({', '.join(b.name for b in books) or 'none'})"):
        return {}
    wb = openpyxl.load_workbook(books[0])
    names = wb.sheetnames
    rep.check(any(n.lower() == "codebook" for n in names), where, f"codebook sheet present (sheets: {', '.join(names)})")
    # Header rows show Indonesian titles; the codebook maps each (table, title) to its machine name.
    machine: dict[tuple[str, str], str] = {}
    if "codebook" in names:
        cb = list(wb["codebook"].iter_rows(values_only=True))
        ci = {h: i for i, h in enumerate(cb[0])} if cb else {}
        if "judul (title)" in ci:
            for r in cb[1:]:
                if r[ci["column"]]:
                    machine[(r[ci["table"]], r[ci["judul (title)"]])] = r[ci["column"]]
            rep.ok(where, f"codebook maps {len(machine)} Indonesian titles to machine names")
        else:
            rep.fail(where, "the codebook has no 'judul (title)' column mapping header titles to machine names")
    out: dict[str, Table] = {}
    for table in TABLES:
        sheets = [n for n in names if n == table or re.fullmatch(re.escape(table) + r"_[0-9]+", n)]
        if not sheets:
            continue
        header: list[str] | None = None
        rows = 0
        wrong_text = wrong_date = 0
        examples: list[str] = []
        for sn in sheets:
            ws = wb[sn]
            if ws.freeze_panes != "A2":
                rep.fail(f"{where}/{sn}", f"header row not frozen (freeze_panes={ws.freeze_panes!r})")
            it = ws.iter_rows()
            titles = [c.value for c in next(it, [])]
            unmapped = [t for t in titles if (table, t) not in machine]
            if unmapped:
                rep.fail(f"{where}/{sn}", f"header titles not in the codebook: {unmapped[:5]}")
            h = [machine.get((table, t), t) for t in titles]
            if header is None:
                header = h
            elif h != header:
                rep.fail(f"{where}/{sn}", "continuation sheet has a different header")
            idx_text = [i for i, n in enumerate(h) if n in TEXT_ID_COLUMNS]
            idx_date = [i for i, n in enumerate(h) if n in DATE_COLUMNS]
            for row in it:
                if all(c.value is None for c in row):
                    continue
                rows += 1
                for i in idx_text:
                    c = row[i]
                    if c.value is not None and (c.data_type != "s" or not isinstance(c.value, str)):
                        wrong_text += 1
                        if len(examples) < 3:
                            examples.append(f"{c.coordinate}={c.value!r} ({c.data_type})")
                for i in idx_date:
                    c = row[i]
                    if c.value is not None and not (c.is_date and hasattr(c.value, "year")):
                        wrong_date += 1
                        if len(examples) < 3:
                            examples.append(f"{c.coordinate}={c.value!r} (not a date cell)")
        w = f"{where}/{table}"
        text_cols = [n for n in header or [] if n in TEXT_ID_COLUMNS]
        date_cols = [n for n in header or [] if n in DATE_COLUMNS]
        if text_cols:
            rep.check(wrong_text == 0, w, f"{', '.join(text_cols)} cells are text" if wrong_text == 0
                      else f"{wrong_text} NIK/KK/phone cells are not text, e.g. {'; '.join(examples)}")
        if date_cols:
            rep.check(wrong_date == 0, w, f"{', '.join(date_cols)} cells are dates" if wrong_date == 0
                      else f"{wrong_date} date cells are not dates, e.g. {'; '.join(examples)}")
        out[table] = Table([str(x) for x in header or []], rows)
    return out


# ---------------------------------------------------------------------------------------
# Checks common to every format.

def verify_sums(d: Path, where: str, rep: Report, optional: bool = False) -> None:
    sums = d / "SHA256SUMS"
    if not sums.exists():
        if not optional:
            rep.fail(where, "SHA256SUMS missing")
        return
    bad = []
    n = 0
    for line in sums.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, name = line.split(None, 1)
        name = name.lstrip("*")
        p = d / name
        n += 1
        if not p.exists() or hashlib.sha256(p.read_bytes()).hexdigest() != digest:
            bad.append(name)
    rep.check(not bad, where, f"SHA256SUMS matches its {n} files" if not bad else f"SHA256SUMS mismatch: {bad}")


def column_diff(a: list[str], b: list[str]) -> str:
    """A short account of how column list a differs from b."""
    extra = [c for c in a if c not in b]
    missing = [c for c in b if c not in a]
    if extra or missing:
        return f"extra {extra}, missing {missing}"
    i = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
    return f"order differs from position {i}: {a[i:i + 3]} vs {b[i:i + 3]}"


def check_counts(where: str, tables: dict[str, Table], status: dict, rep: Report) -> None:
    rec = status["records"]
    active = {k: rec[k]["active"] for k in ("child", "check", "survey")}
    missing = [t for t in ("children", "growth_checks", "house_surveys") if t not in tables]
    if missing:
        rep.fail(where, f"tables missing: {', '.join(missing)} (have: {', '.join(sorted(tables))})")
    if "children" in tables:
        t = tables["children"]
        if t.frame is not None and "registrations" in t.frame.columns:
            regs = int(t.frame["registrations"].sum())
            merged = regs - t.rows
            rep.check(regs == active["child"] and merged >= 0, f"{where}/children",
                      f"{t.rows} rows = {active['child']} active children − {merged} merged registrations"
                      if regs == active["child"] else
                      f"{t.rows} rows whose registrations add up to {regs}, but status has {active['child']} active children")
        else:
            rep.check(t.rows <= active["child"], f"{where}/children",
                      f"{t.rows} rows ≤ {active['child']} active children (merged counted in the csv.gz check)")
    for table, kind, label in (("growth_checks", "check", "active growth checks"),
                               ("house_surveys", "survey", "active house surveys")):
        if table in tables:
            n = tables[table].rows
            rep.check(n == active[kind], f"{where}/{table}", f"{n} rows == {active[kind]} {label}"
                      if n == active[kind] else f"{n} rows, but status has {active[kind]} {label}")


def check_same_as_csv(where: str, tables: dict[str, Table], ref: dict[str, Table], rep: Report) -> None:
    """Every format of a tier holds the same tables, columns (in order) and row counts as its csv.gz."""
    if set(tables) != set(ref):
        rep.fail(where, f"tables {sorted(tables)} differ from csv.gz's {sorted(ref)}")
    diffs = []
    for name in sorted(set(tables) & set(ref)):
        a, b = tables[name], ref[name]
        if a.columns != b.columns:
            diffs.append(f"{name}: columns differ from csv.gz's: {column_diff(a.columns, b.columns)}")
        if a.rows != b.rows:
            diffs.append(f"{name}: {a.rows} rows vs csv.gz {b.rows}")
        if a.frame is not None and b.frame is not None and name == "growth_checks":
            for z in ("waz", "haz", "whz", "baz"):
                if z in a.frame and z in b.frame:
                    sa, sb = pd.to_numeric(a.frame[z], errors="coerce").sum(), pd.to_numeric(b.frame[z], errors="coerce").sum()
                    if abs(sa - sb) > 1e-6:
                        diffs.append(f"{name}.{z}: sum {sa} vs csv.gz {sb}")
    rep.check(not diffs, where, "same tables, columns, row counts (and z-score sums) as csv.gz" if not diffs
              else "; ".join(diffs))


def check_analyst_columns(where: str, tables: dict[str, Table], rep: Report) -> None:
    bad = [f"{t}.{c}" for t, tab in sorted(tables.items()) for c in tab.columns
           if c in FORBIDDEN_COLUMNS or FORBIDDEN_PATTERN.search(c)]
    rep.check(not bad, where, "no identifying column" if not bad else f"identifying columns present: {', '.join(bad)}")


def check_analyst_months(where: str, tables: dict[str, Table], rep: Report) -> None:
    """The analyst tier's measurement and survey dates are months: every value is a first day."""
    for table, column in sorted(MONTH_COLUMNS.items()):
        t = tables.get(table)
        if t is None or t.frame is None or column not in t.frame.columns:
            continue
        values = t.frame[column].dropna().astype(str)
        days = [v for v in values if not v.endswith("-01")]
        rep.check(not days, f"{where}/{table}", f"{column}: months only ({len(values)} values)" if not days
                  else f"{column} has {len(days)} values that are not the first of a month, e.g. {days[0]}")


def file_texts(d: Path):
    """(name, text) for every file of an export, decompressed: .gz files, and each entry of
    .zip/.xlsx containers (XML entities unescaped)."""
    for p in sorted(d.rglob("*")):
        if not p.is_file():
            continue
        if p.suffix == ".gz":
            yield p.name, gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        elif p.suffix == ".parquet":
            import pyarrow.parquet as pq
            yield p.name, pq.read_table(p).to_pandas().to_csv(index=False)
        elif p.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(p) as z:
                for info in z.infolist():
                    data = z.read(info)
                    if info.filename.endswith(".gz"):
                        data = gzip.decompress(data)
                    text = data.decode("utf-8", "replace")
                    if info.filename.endswith((".xml", ".rels")):
                        text = html.unescape(text)
                    yield f"{p.name}:{info.filename}", text
        else:
            yield p.name, p.read_text(encoding="utf-8", errors="replace")


def office_identities(office_csv: Path) -> tuple[set[str], set[str], set[str]]:
    """Names and long numbers (NIK, KK, phone) of the office tier, read as text, and the
    values of its non-identifying text columns (kelurahan, posyandu, categories…)."""
    names: set[str] = set()
    numbers: set[str] = set()
    benign: set[str] = set()
    for table in ("children", "growth_checks", "house_surveys", "indicators"):
        p = office_csv / f"{table}.csv.gz"
        if not p.exists():
            continue
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        for c in NAME_COLUMNS.get(table, ()):
            if c in df:
                names.update(v.strip() for v in df[c] if len(v.strip()) >= 3)
        for c in NUMBER_ID_COLUMNS.get(table, ()):
            if c in df:
                numbers.update(v.strip() for v in df[c] if len(v.strip()) >= 8)
        for c in ("kelurahan", "kecamatan", "posyandu", "sex", "position", "bbu", "tbu", "bbtb", "imtu", "growth", "vitamin_a"):
            if c in df:
                benign.update(df[c])
    return names - benign, numbers, benign


def check_analyst_values(where: str, d: Path, names: set[str], numbers: set[str], rep: Report) -> None:
    name_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)") if names else None
    found_nik: list[str] = []
    found_num: list[str] = []
    found_name: list[str] = []
    nfiles = 0
    for fname, text in file_texts(d):
        nfiles += 1
        for m in NIK_LIKE.finditer(text):
            found_nik.append(f"{fname}: {m.group(0)}")
        for num in numbers:
            if num in text:
                found_num.append(f"{fname}: {num}")
        if name_re:
            for m in name_re.finditer(text):
                found_name.append(f"{fname}: {m.group(0)!r}")
    rep.check(not found_nik, where, f"no NIK-like 16-digit value in {nfiles} files" if not found_nik
              else f"{len(found_nik)} NIK-like values, e.g. {found_nik[:3]}")
    rep.check(not found_num, where, f"none of the office tier's {len(numbers)} NIK/KK/phone values" if not found_num
              else f"{len(found_num)} office NIK/KK/phone values, e.g. {found_num[:3]}")
    rep.check(not found_name, where, f"none of the office tier's {len(names)} child/parent/head names" if not found_name
              else f"{len(found_name)} office names, e.g. {found_name[:3]}")


# ---------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exports", required=True, type=Path)
    ap.add_argument("--status", required=True, type=Path)
    ap.add_argument("--formats", help="comma-separated formats the binary lists (default: the directories found)")
    ap.add_argument("--frictionless", default=str(Path(sys.executable).with_name("frictionless")))
    args = ap.parse_args()

    status = json.loads(args.status.read_text(encoding="utf-8"))
    rec = status["records"]
    print(f"store: {rec['child']['active']} active children, {rec['check']['active']} growth checks, "
          f"{rec['survey']['active']} house surveys (selaras status --json)")
    listed = args.formats.split(",") if args.formats else sorted(
        {p.name for t in TIERS if (args.exports / t).is_dir() for p in (args.exports / t).iterdir()})
    checked = [f for f in listed if f in CHECKED_FORMATS]
    unchecked = [f for f in listed if f not in CHECKED_FORMATS]
    rep = Report()
    if "csv.gz" not in listed:
        rep.fail("formats", "csv.gz is not listed; it is the reference the other formats are compared with")

    with tempfile.TemporaryDirectory(prefix="check-exports-") as tmp:
        scratch = Path(tmp)
        seen: dict[tuple[str, str], dict[str, Table]] = {}
        for tier in TIERS:
            for fmt in [f for f in CHECKED_FORMATS if f in checked]:
                d = args.exports / tier / fmt
                print(f"== {tier} tier, {fmt}", flush=True)
                if not d.is_dir():
                    rep.fail(f"{tier}/{fmt}", f"{d} missing")
                    continue
                try:
                    verify_sums(d, f"{tier}/{fmt}", rep)
                    if fmt == "csv.gz":
                        tables = read_csv_gz(d, tier, rep)
                    elif fmt == "jsonl.gz":
                        tables = read_jsonl_gz(d, tier, rep)
                    elif fmt == "zip":
                        tables = read_zip(d, tier, rep, args.frictionless, scratch)
                    elif fmt == "parquet":
                        tables = read_parquet(d, tier, rep, args.exports / tier / "csv.gz")
                    else:
                        tables = read_xlsx(d, tier, rep)
                except Exception as e:  # a reader that cannot open the export is the failure we look for
                    rep.fail(f"{tier}/{fmt}", f"reader failed: {type(e).__name__}: {e}")
                    continue
                rep.ok(f"{tier}/{fmt}", "read " + ", ".join(f"{n} {t.rows}" for n, t in sorted(tables.items())))
                seen[(tier, fmt)] = tables
                check_counts(f"{tier}/{fmt}", tables, status, rep)
                if fmt != "csv.gz" and (tier, "csv.gz") in seen:
                    check_same_as_csv(f"{tier}/{fmt}", tables, seen[(tier, "csv.gz")], rep)
                if tier == "analyst":
                    check_analyst_columns(f"{tier}/{fmt}", tables, rep)
                    if fmt == "csv.gz":
                        check_analyst_months(f"{tier}/{fmt}", tables, rep)

        office_csv = args.exports / "office" / "csv.gz"
        if office_csv.is_dir():
            names, numbers, _ = office_identities(office_csv)
            if not names or not numbers:
                rep.fail("office/csv.gz", f"found {len(names)} names and {len(numbers)} NIK/KK/phone values to look for; "
                         "the scan would prove nothing")
            print(f"== analyst tier scanned for {len(names)} names and {len(numbers)} NIK/KK/phone values of the office tier", flush=True)
            for fmt in listed:  # the value scan reads any format's files
                d = args.exports / "analyst" / fmt
                if d.is_dir():
                    check_analyst_values(f"analyst/{fmt}", d, names, numbers, rep)

    print()
    print(f"formats checked with real readers: {', '.join(checked) or 'none'} (tiers: office, analyst)")
    absent = [f for f in CHECKED_FORMATS if f not in listed]
    if absent:
        print(f"formats this script can check but the binary does not list (skipped): {', '.join(absent)}")
    if unchecked:
        print(f"WARNING: formats listed by the binary that no reader here checks: {', '.join(unchecked)}")
    if rep.failures:
        print(f"check-exports: FAILED ({len(rep.failures)} failures):", file=sys.stderr)
        for f in rep.failures:
            print(f"  - {f}", file=sys.stderr)
        return 1
    print("check-exports: all exports read back and checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
