"""Checks a Zarr v3 store Spangeo wrote, independently of Spangeo: zarr.json parsed by hand per
the v3 spec, chunks ("c/i/j/k") decoded with numcodecs, arrays assembled with numpy and
compared with xarray's selection of the source (Debian's zarr 2.13 cannot open v3 itself).

usage: check_v3_written.py OUT SOURCE_GLOB
"""
import json
import math
import os
import sys

import numcodecs
import numpy as np
import xarray as xr

out, src = sys.argv[1], sys.argv[2]
root = json.load(open(os.path.join(out, "zarr.json")))
assert root["zarr_format"] == 3 and root["node_type"] == "group", root
meta = root["consolidated_metadata"]["metadata"]
ds = xr.open_mfdataset(src, engine="zarr", combine="by_coords")
ds = ds.sel(latitude=slice(30, 15), longitude=slice(110, 130))
ds = ds.sel(time=ds.time.dt.month.isin([6, 7, 8, 9]))


def read(name):
    m = json.load(open(os.path.join(out, name, "zarr.json")))
    assert m == meta[name], "inline consolidated metadata equals the array's zarr.json"
    shape, chunks = m["shape"], m["chunk_grid"]["configuration"]["chunk_shape"]
    dtype = np.dtype(m["data_type"]).newbyteorder("<")
    codecs = m["codecs"]
    assert codecs[0]["name"] == "bytes" and codecs[0]["configuration"]["endian"] == "little"
    fill = m["fill_value"]
    fill = float("nan") if fill == "NaN" else fill
    arr = np.full(shape, fill, dtype=dtype)
    grid = [math.ceil(s / c) for s, c in zip(shape, chunks)]
    for idx in np.ndindex(*grid):
        p = os.path.join(out, name, "c", *[str(i) for i in idx])
        if not os.path.exists(p):
            continue
        data = open(p, "rb").read()
        for c in reversed(codecs[1:]):
            if c["name"] == "blosc":
                data = numcodecs.Blosc().decode(data)
            elif c["name"] == "zstd":
                data = numcodecs.Zstd().decode(data)
            elif c["name"] == "gzip":
                data = numcodecs.GZip().decode(data)
            else:
                raise SystemExit("unexpected codec " + c["name"])
        block = np.frombuffer(data, dtype=dtype).reshape(chunks)
        sl = tuple(slice(i * c, min((i + 1) * c, s)) for i, c, s in zip(idx, chunks, shape))
        arr[sl] = block[tuple(slice(0, x.stop - x.start) for x in sl)]
    return m, arr


for v in ["t2m", "sst", "temperature"]:
    m, a = read(v)
    assert m["dimension_names"] == list(ds[v].dims), (m["dimension_names"], ds[v].dims)
    b = ds[v].values
    assert a.shape == b.shape, (v, a.shape, b.shape)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    assert same.all(), f"{v}: {int((~same).sum())} values differ"
m, t = read("time")
units = m["attributes"]["units"]
want = ds.time.values
got = np.array([np.datetime64(units.split(" since ")[1].replace(" ", "T")) for _ in t]) + t.astype("timedelta64[" + {"hours": "h", "days": "D", "minutes": "m", "seconds": "s"}[units.split()[0]] + "]")
assert (got.astype("datetime64[ns]") == want).all(), "times"
print("ok")
