#!/usr/bin/env python3
"""Writes the pyarrow-made bytes the Thrift compact-protocol tests compare against.

Run once (python3 Scripts/make-parquet-fixtures.py); the bytes are kept in Fixtures/parquet/.
A small table (an optional INT64, a STRING with a null, a DATE, a DOUBLE, a BOOLEAN) is written
by pyarrow with GZIP, PLAIN encoding, v1 data pages, statistics, and no Arrow schema; the
file's Thrift FileMetaData footer and its first page header are cut out as they are:

  footer.bin       the FileMetaData bytes (between the last data byte and the 4-byte length)
  page-header.bin  the PageHeader of the first column's first data page, and the start of the page
  sample.parquet   the whole file
"""
import datetime
import os
import struct
import sys

import pyarrow as pa
import pyarrow.parquet as pq

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "Fixtures", "parquet")
os.makedirs(out, exist_ok=True)
table = pa.table({
    "n": pa.array([3, None, -20, 1 << 40], pa.int64()),
    "s": pa.array(["b", "a", None, "ab"], pa.string()),
    "d": pa.array([datetime.date(2025, 1, 10), None, datetime.date(1969, 12, 31), datetime.date(2024, 2, 29)], pa.date32()),
    "x": pa.array([-1.25, 0.5, None, 3.0], pa.float64()),
    "b": pa.array([True, None, False, True], pa.bool_()),
})
path = os.path.join(out, "sample.parquet")
pq.write_table(table, path, compression="gzip", use_dictionary=False, write_statistics=True,
               data_page_version="1.0", store_schema=False, write_page_index=False,
               write_page_checksum=False)
data = open(path, "rb").read()
assert data[:4] == b"PAR1" and data[-4:] == b"PAR1"
n = struct.unpack("<I", data[-8:-4])[0]
footer = data[-8 - n:-8]
open(os.path.join(out, "footer.bin"), "wb").write(footer)
meta = pq.ParquetFile(path).metadata
start = meta.row_group(0).column(0).data_page_offset
# The header's length is inside the header; cut generously (the test reads one struct and
# checks that the page's gzip bytes, 1f 8b, follow).
open(os.path.join(out, "page-header.bin"), "wb").write(data[start:start + 80])
print("created_by:", meta.created_by, "footer bytes:", len(footer))
