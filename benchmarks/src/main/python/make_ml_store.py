#!/usr/bin/python3
"""Writes the ML benchmark's store: the course's ERA5 box with the convection variables.

    /usr/bin/python3 make_ml_store.py OUT [DAYS]

convective_available_potential_energy, convective_inhibition, k_index, boundary_layer_height and
total_precipitation (m/h) as float32 (time, latitude, longitude) over 10-40N, 100-140E at 0.25
degrees (121 x 161, latitude descending), hourly from 2019-06-01 for DAYS days (default 30),
one day per chunk (24 x 121 x 161), Blosc(zstd, 3, bitshuffle), consolidated, written by xarray.
Rain events follow CAPE, CIN, K-index and BLH with noise (about 10% of cells), as in the tests.
An existing store of the same size is reused.
"""
import os
import shutil
import sys

import numcodecs
import numpy as np
import pandas as pd
import xarray as xr

NLAT, NLON = 121, 161


def main(argv):
    out = argv[1]
    days = int(argv[2]) if len(argv) > 2 else 30
    nt = days * 24
    if os.path.exists(out):
        try:
            ds = xr.open_zarr(out, consolidated=True)
            if ds.sizes["time"] == nt:
                print(f"reused {out}")
                return 0
        except Exception:  # noqa: BLE001 - anything unreadable is regenerated
            pass
        shutil.rmtree(out)
    rng = np.random.default_rng(1)
    shape = (nt, NLAT, NLON)
    u = [rng.standard_normal(shape, dtype=np.float32) for _ in range(4)]
    e = rng.standard_normal(shape, dtype=np.float32)
    event = (u[0] - u[1] + u[2] + 0.5 * u[3] + 0.4 * e) > 2.2
    tp = np.where(event, np.float32(0.008), np.float32(0.001) * rng.random(shape, dtype=np.float32)).astype("float32")
    dims = ("time", "latitude", "longitude")
    ds = xr.Dataset(
        {
            "convective_available_potential_energy": (dims, 1000 + 500 * u[0], {"units": "J kg**-1"}),
            "convective_inhibition": (dims, 80 + 40 * u[1], {"units": "J kg**-1"}),
            "k_index": (dims, 30 + 6 * u[2], {"units": "K"}),
            "boundary_layer_height": (dims, 900 + 300 * u[3], {"units": "m"}),
            "total_precipitation": (dims, tp, {"units": "m"}),
        },
        coords={
            "time": pd.date_range("2019-06-01", periods=nt, freq="H"),
            "latitude": np.linspace(40.0, 10.0, NLAT),
            "longitude": np.linspace(100.0, 140.0, NLON),
        },
    )
    comp = numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.BITSHUFFLE)
    enc = {v: {"compressor": comp, "chunks": (24, NLAT, NLON), "dtype": "float32"} for v in ds.data_vars}
    ds.to_zarr(out, encoding=enc, consolidated=True)
    print(f"wrote {out}: {nt} hours, {sum(v.nbytes for v in ds.data_vars.values()) / 1e6:.0f} MB decoded")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
