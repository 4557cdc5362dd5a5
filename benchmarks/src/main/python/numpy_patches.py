#!/usr/bin/python3
"""The numpy peer of 'spangeo patches': xbatcher.BatchGenerator's rules written in numpy.

    /usr/bin/python3 numpy_patches.py STORE RUNS [OUT]

Reads the four features and total_precipitation with xarray (the whole store into memory), computes
per-variable nanmean/nanstd, and cuts every batch of input_dims latitude=16, longitude=16,
input_overlap 4, 4, batch_dims time=32 (stride 12, windows from 0, ragged edges dropped, batch dims
first): features (4, 32, 16, 16) normalised with NaN set to 0, label (32, 16, 16) int8 =
tp * 1000 > 5, all stacked into one array, as xbatcher + a DataLoader would produce them. With OUT,
the stacked batches are also written with xarray to a Zarr store (what spangeo's patch store is).
Prints one JSON line per run: seconds and batches. xbatcher itself is xbatcher_patches.py's peer.
"""
import json
import shutil
import sys
import time

import numpy as np
import xarray as xr

FEATURES = ["convective_available_potential_energy", "convective_inhibition", "k_index", "boundary_layer_height"]
SIZE, OVERLAP, BT = 16, 4, 32


def write_patches(out, feats, labels):
    """The stacked batches as a Zarr store, 32 batches a chunk (what spangeo's patch store is)."""
    shutil.rmtree(out, ignore_errors=True)
    xr.Dataset({"features": (("batch", "variable", "time", "latitude", "longitude"), feats),
                "label": (("batch", "time", "latitude", "longitude"), labels)}).to_zarr(
        out, encoding={"features": {"chunks": (32, 4, BT, SIZE, SIZE)}, "label": {"chunks": (32, BT, SIZE, SIZE)}},
        consolidated=True)


def run(store, out):
    t0 = time.time()
    ds = xr.open_zarr(store, consolidated=True)
    x = np.stack([ds[v].values for v in FEATURES])  # (4, time, lat, lon)
    tp = ds["total_precipitation"].values
    t_read = time.time() - t0
    mean = np.nanmean(x, axis=(1, 2, 3), keepdims=True)
    std = np.nanstd(x, axis=(1, 2, 3), keepdims=True)
    nt, ny, nx = tp.shape
    stride = SIZE - OVERLAP
    ys = range(0, (ny - OVERLAP) // stride * stride, stride)
    xs = range(0, (nx - OVERLAP) // stride * stride, stride)
    ts = range(0, nt // BT * BT, BT)
    n = len(ts) * len(ys) * len(xs)
    feats = np.empty((n, 4, BT, SIZE, SIZE), np.float32)
    labels = np.empty((n, BT, SIZE, SIZE), np.int8)
    b = 0
    for t in ts:  # batch dims first, then latitude, then longitude fastest
        for y in ys:
            for xx in xs:
                f = (x[:, t:t + BT, y:y + SIZE, xx:xx + SIZE] - mean) / std
                feats[b] = np.nan_to_num(f, nan=0.0)
                labels[b] = tp[t:t + BT, y:y + SIZE, xx:xx + SIZE] * 1000 > 5
                b += 1
    t_cut = time.time() - t0
    if out:
        write_patches(out, feats, labels)
    return {"read_s": t_read, "cut_s": t_cut, "total_s": time.time() - t0, "batches": n}


def main(argv):
    store, runs = argv[1], int(argv[2])
    out = argv[3] if len(argv) > 3 else None
    for _ in range(runs):
        print(json.dumps(run(store, out)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
