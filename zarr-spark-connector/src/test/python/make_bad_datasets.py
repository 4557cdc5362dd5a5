"""Stores that must be refused with clear messages when opened together or read.

usage: make_bad_datasets.py OUT_DIR
"""
import os
import shutil
import sys

import numpy as np
import pandas as pd
import xarray as xr

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def make(name, start="2020-01-01", periods=8, lat=(30.0, 20.0, 5), variables=("t2m",), calendar=None, extra=None):
    time = pd.date_range(start, periods=periods, freq="D")
    latv = np.linspace(lat[0], lat[1], lat[2])
    lon = np.arange(100.0, 104.0)
    data = {v: (("time", "latitude", "longitude"),
                np.arange(periods * len(latv) * len(lon), dtype="float32").reshape(periods, len(latv), len(lon)))
            for v in variables}
    ds = xr.Dataset(data, coords={"time": time, "latitude": latv, "longitude": lon})
    enc = {"time": {"units": "days since 2000-01-01", "dtype": "int64"}}
    if calendar:
        enc["time"]["calendar"] = calendar
    path = f"{out}/{name}.zarr"
    shutil.rmtree(path, ignore_errors=True)
    ds.to_zarr(path, mode="w", consolidated=True, encoding=enc)
    return path


make("a_2020")                                              # the reference store
make("b_2021", start="2021-01-01")                         # combines with a along time
make("c_othervars", start="2021-01-01", variables=("t2m", "tp"))
make("d_othergrid", start="2021-01-01", lat=(30.0, 20.0, 11))
make("e_overlap", start="2020-01-05")
make("f_noleap", calendar="noleap")
p = make("g_corrupt")
# flip bytes in the middle of one chunk of t2m: a corrupt chunk that must be reported
chunk = f"{p}/t2m/0.0.0"
b = bytearray(open(chunk, "rb").read())
for i in range(16, len(b) - 4, 7):
    b[i] ^= 0x5A
open(chunk, "wb").write(bytes(b))
p = make("h_truncated")
chunk = f"{p}/t2m/0.0.0"
b = open(chunk, "rb").read()
open(chunk, "wb").write(b[: len(b) // 2])
print("ok")
