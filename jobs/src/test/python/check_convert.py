"""Compares a store written by 'spangeo convert' with xarray reading the same NetCDF files.

usage: check_convert.py OUT_STORE JSON_ARGS
  JSON_ARGS: {"files": [...], "drop": [...], "decode_times": true,
              "chunks": {"VAR": [c, ...]}, "compressor": "zstd"}
The reference is xr.open_dataset (one file) or xr.open_mfdataset(files, combine="by_coords",
data_vars="minimal", coords="minimal", compat="override"), the output xr.open_zarr(out,
consolidated=True). Same variables, dims, coordinates, dtypes, attributes (without the encoding
ones), decoded times, and values: exact, or 1e-6 relative for scaled (packed) variables.
Prints "ok <n values compared>" or exits non-zero listing the differences.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import xarray as xr
import zarr

warnings.filterwarnings("ignore")

out, args = sys.argv[1], json.loads(sys.argv[2])
files = args["files"]
drop = args.get("drop", [])
decode_times = args.get("decode_times", True)
ENCODING = {"_FillValue", "missing_value", "scale_factor", "add_offset", "_Unsigned", "_ARRAY_DIMENSIONS",
            "coordinates"}
if not decode_times:
    ENCODING = ENCODING - {"units", "calendar"}

problems = []


def problem(msg):
    problems.append(msg)


# the store itself: consolidated, complete
if not os.path.isfile(os.path.join(out, ".zmetadata")):
    problem("no .zmetadata in " + out)
if os.path.exists(os.path.join(out, ".spangeo-incomplete")) or any(n.startswith(".spangeo") for n in os.listdir(out)):
    problem("an incomplete marker is left in " + out)

if len(files) == 1:
    ref = xr.open_dataset(files[0], decode_times=decode_times, drop_variables=drop)
else:
    ref = xr.open_mfdataset(files, combine="by_coords", data_vars="minimal", coords="minimal", compat="override",
                            decode_times=decode_times, drop_variables=drop)
got = xr.open_zarr(out, consolidated=True, decode_times=decode_times)


def norm(v):
    if isinstance(v, np.ndarray):
        v = v.tolist()
    elif isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    return v


def same(a, b):
    a, b = norm(a), norm(b)
    if isinstance(a, list) and len(a) == 1 and not isinstance(b, list):
        a = a[0]
    if isinstance(b, list) and len(b) == 1 and not isinstance(a, list):
        b = b[0]
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def attrs(d):
    return {k: v for k, v in d.items() if k not in ENCODING}


def compare_attrs(where, a, b):
    a, b = attrs(a), attrs(b)
    if set(a) != set(b):
        problem(f"{where}: attribute names differ: xarray {sorted(a)} spangeo {sorted(b)}")
        return
    for k in a:
        if not same(a[k], b[k]):
            problem(f"{where}: attribute {k} differs: xarray {a[k]!r} spangeo {b[k]!r}")


if set(ref.variables) != set(got.variables):
    problem(f"variables differ: xarray {sorted(ref.variables)} spangeo {sorted(got.variables)}")
if dict(ref.dims) != dict(got.dims):
    problem(f"dims differ: xarray {dict(ref.dims)} spangeo {dict(got.dims)}")
if set(ref.coords) != set(got.coords):
    problem(f"coordinates differ: xarray {sorted(ref.coords)} spangeo {sorted(got.coords)}")
compare_attrs("dataset", ref.attrs, got.attrs)

n = 0
for name in sorted(set(ref.variables) & set(got.variables)):
    r, g = ref.variables[name], got.variables[name]
    if r.dims != g.dims:
        problem(f"{name}: dims xarray {r.dims} spangeo {g.dims}")
        continue
    if r.dtype != g.dtype:
        problem(f"{name}: dtype xarray {r.dtype} spangeo {g.dtype}")
    compare_attrs(name, r.attrs, g.attrs)
    a, b = np.asarray(r.values), np.asarray(g.values)
    n += a.size
    if a.shape != b.shape:
        problem(f"{name}: shape xarray {a.shape} spangeo {b.shape}")
        continue
    scaled = "scale_factor" in r.encoding or "add_offset" in r.encoding
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        if scaled:
            ok = np.allclose(a, b, rtol=1e-6, atol=0, equal_nan=True)
        else:
            ok = np.array_equal(a, b, equal_nan=True)
    else:
        ok = np.array_equal(a, b)
    if not ok:
        bad = np.argwhere(~((a == b) | ((a != a) & (b != b)))) if a.dtype.kind == "f" else np.argwhere(a != b)
        i = tuple(bad[0]) if len(bad) else ()
        problem(f"{name}: values differ at {len(bad)} places, first {i}: xarray {a[i]!r} spangeo {b[i]!r}")

# chunks and compressor as asked
z = zarr.open_consolidated(out, mode="r")
for name, chunks in args.get("chunks", {}).items():
    if list(z[name].chunks) != list(chunks):
        problem(f"{name}: chunks {list(z[name].chunks)}, expected {chunks}")
want = args.get("compressor", "zstd")
for name in got.data_vars:
    c = z[name].compressor
    cname = None if c is None else getattr(c, "cname", c.codec_id)
    if cname != want:
        problem(f"{name}: compressor {c}, expected {want}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"ok {n}")
