#!/usr/bin/python3
"""Compares what Spangeo read from each corpus store with what xarray reads.

    /usr/bin/python3 check_corpus.py MANIFEST DUMP_DIR

DUMP_DIR/<case>.json is Spangeo's reading of a case (CorpusTest writes it): every variable it
read with dims, decoded dtype, coordinate or not, attributes and values (C order; times as epoch
microseconds, null for NaT; strings as text; bytes as latin-1 text). For each "equal" case and
each "refused" case that names the variables it refuses, xarray opens the same paths (several:
open_mfdataset(combine="by_coords")) and every variable must agree: the same names, dims, dtype,
coordinate status, attributes (after xarray's CF decoding moved the encoding ones away) and
values (NaN where NaN). Prints one line per case and "ok N" at the end; exits 1 on any difference.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import xarray as xr

warnings.simplefilter("ignore")
manifest, dump_dir = sys.argv[1], sys.argv[2]
cases = json.load(open(manifest))["cases"]

# attributes xarray's decoding moves into .encoding: they describe storage, not meaning
ENCODING = {"_FillValue", "missing_value", "scale_factor", "add_offset", "_Unsigned", "dtype", "coordinates",
            "_Encoding"}


def xr_open(c):
    kw = dict(c.get("xr_open") or {})
    if len(c["paths"]) == 1:
        return xr.open_zarr(c["paths"][0], **kw)
    kw.setdefault("combine", "by_coords")
    return xr.open_mfdataset(c["paths"], engine="zarr", **kw)


def xr_dtype(a):
    k = a.dtype.kind
    if k == "M":
        return "datetime64"
    if k == "m":
        return "timedelta64"
    if k in "UO":
        return "str"
    if k == "S":
        return "bytes"
    return a.dtype.name


def xr_values(a):
    k = a.dtype.kind
    flat = a.reshape(-1)
    if k == "M":
        us = flat.astype("M8[us]").astype("i8")
        return [None if np.isnat(x) else int(u) for x, u in zip(flat, us)]
    if k == "m":
        us = flat.astype("m8[us]").astype("i8")
        return [None if np.isnat(x) else int(u) for x, u in zip(flat, us)]
    if k in "UO":
        return [str(x) for x in flat]
    if k == "S":
        return [x.decode("latin-1") for x in flat]
    if k == "b":
        return [bool(x) for x in flat]
    if k == "f":
        return [None if math.isnan(x) else float(x) for x in flat.astype("f8")]
    return [int(x) for x in flat]


def same_value(a, b, kind):
    if a is None or b is None:
        return a is None and b is None
    if kind.startswith("float"):
        return float(a) == float(b)
    return a == b


def norm_attr(v):
    if isinstance(v, np.ndarray):
        v = v.tolist()
    if isinstance(v, (np.generic,)):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    if isinstance(v, float) and math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if isinstance(v, (list, tuple)):
        return [norm_attr(x) for x in v]
    if isinstance(v, dict):
        return {k: norm_attr(x) for k, x in v.items()}
    return v


def attrs_of(var):
    out = {k: norm_attr(v) for k, v in var.attrs.items() if k not in ENCODING}
    return out


def compare(c, got):
    ds = xr_open(c)
    refused = set(c.get("vars") or []) if c["expect"] == "refused" else set()
    want = {k: v for k, v in ds.variables.items() if k not in refused}
    problems = []
    gv = got["variables"]
    if set(gv) != set(want):
        problems.append(f"variables {sorted(gv)} != xarray's {sorted(want)}")
    for name in sorted(set(gv) & set(want)):
        x = want[name]
        s = gv[name]
        if list(x.dims) != s["dims"]:
            problems.append(f"{name}: dims {s['dims']} != {list(x.dims)}")
            continue
        kind = xr_dtype(x.values)
        if s["dtype"] != kind:
            problems.append(f"{name}: dtype {s['dtype']} != xarray's {kind}")
        is_coord = name in ds.coords
        if s["coord"] != is_coord:
            problems.append(f"{name}: {'a coordinate' if s['coord'] else 'a data variable'} in Spangeo,"
                            f" {'a coordinate' if is_coord else 'a data variable'} in xarray")
        xv = xr_values(np.asarray(x.values))
        if len(xv) != len(s["values"]):
            problems.append(f"{name}: {len(s['values'])} values != {len(xv)}")
        else:
            bad = [i for i, (a, b) in enumerate(zip(s["values"], xv)) if not same_value(a, b, kind)]
            if bad:
                i = bad[0]
                problems.append(f"{name}: {len(bad)} values differ, first at {i}: {s['values'][i]!r} != {xv[i]!r}")
        xa = attrs_of(x)
        sa = {k: norm_attr(v) for k, v in s["attrs"].items() if k not in ENCODING}
        if kind in ("datetime64", "timedelta64"):
            for k in ("units", "calendar"):
                sa.pop(k, None)
        if sa != xa:
            diff = sorted(k for k in set(sa) | set(xa) if sa.get(k) != xa.get(k))
            problems.append(f"{name}: attributes differ in {diff}")
    ga = {k: norm_attr(v) for k, v in got["attrs"].items()}
    xa = {k: norm_attr(v) for k, v in ds.attrs.items()}
    if ga != xa:
        problems.append(f"group attributes differ in {sorted(k for k in set(ga) | set(xa) if ga.get(k) != xa.get(k))}")
    return problems


failed = 0
checked = 0
for c in cases:
    if c["expect"] == "refused" and not c.get("vars"):
        continue
    f = os.path.join(dump_dir, c["name"] + ".json")
    if not os.path.exists(f):
        print(f"{c['name']}: no Spangeo dump")
        failed += 1
        continue
    got = json.load(open(f))
    problems = compare(c, got)
    checked += 1
    if problems:
        failed += 1
        print(f"{c['name']}: DIFFERENT: " + "; ".join(problems))
    else:
        print(f"{c['name']}: equal ({len(got['variables'])} variables)")
if failed:
    sys.exit(1)
print("ok", checked)
