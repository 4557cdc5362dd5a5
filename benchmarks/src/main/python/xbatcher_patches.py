#!/usr/bin/python3
"""The xbatcher peer of 'spangeo patches': xbatcher.BatchGenerator itself over xarray + dask.

    /usr/bin/python3 xbatcher_patches.py STORE RUNS CORES MODE [OUT]

MODE dask: the store opened lazily (xr.open_zarr, dask arrays chunked as stored), every batch
computed by dask's threaded scheduler with CORES workers, as a training loop over xbatcher reads it;
MODE loaded: the store loaded into memory first (ds.load(), the usual advice when it fits).
The rules are numpy_patches.py's (and spangeo patches'): input_dims latitude=16, longitude=16,
input_overlap 4, 4, batch_dims time=32; features (4, 32, 16, 16) normalised by each variable's
nanmean / nanstd with NaN set to 0, label (32, 16, 16) int8 = tp * 1000 > 5, all batches stacked
and, with OUT, written with xarray to a Zarr store. Prints one JSON line per run.

xbatcher is not packaged in Debian: scripts/bench puts its source on PYTHONPATH (docs/performance.md
says how it was obtained). Without it this script prints "xbatcher not importable: ..." and exits 3.
"""
import json
import sys
import time

try:
    import xbatcher
except ImportError as e:  # the caller reports the peer as missing
    print(f"xbatcher not importable: {e}", flush=True)
    sys.exit(3)
import dask
import numpy as np
import xarray as xr
from numpy_patches import write_patches  # the same store writer as the numpy peer

FEATURES = ["convective_available_potential_energy", "convective_inhibition", "k_index", "boundary_layer_height"]
SIZE, OVERLAP, BT = 16, 4, 32


def run(store, mode, out):
    t0 = time.time()
    ds = xr.open_zarr(store, consolidated=True)[FEATURES + ["total_precipitation"]]
    if mode == "loaded":
        ds = ds.load()
    t_read = time.time() - t0
    # float64 statistics, as spangeo patches computes them (float32 sums of 14 M values drift)
    stats = dask.compute(*[(ds[v].astype("f8").mean(), ds[v].astype("f8").std()) for v in FEATURES])
    mean = np.array([float(m) for m, _ in stats], np.float32).reshape(4, 1, 1, 1)
    std = np.array([float(s) for _, s in stats], np.float32).reshape(4, 1, 1, 1)
    bg = xbatcher.BatchGenerator(ds, input_dims={"latitude": SIZE, "longitude": SIZE},
                                 input_overlap={"latitude": OVERLAP, "longitude": OVERLAP}, batch_dims={"time": BT})
    n = len(bg)
    feats = np.empty((n, 4, BT, SIZE, SIZE), np.float32)
    labels = np.empty((n, BT, SIZE, SIZE), np.int8)
    for b, batch in enumerate(bg):
        x = np.stack([batch[v].values for v in FEATURES])
        feats[b] = np.nan_to_num((x - mean) / std, nan=0.0)
        labels[b] = batch["total_precipitation"].values * 1000 > 5
    t_cut = time.time() - t0
    if out:
        write_patches(out, feats, labels)
    return {"mode": mode, "read_s": t_read, "cut_s": t_cut, "total_s": time.time() - t0, "batches": n}


def main(argv):
    store, runs, cores, mode = argv[1], int(argv[2]), int(argv[3]), argv[4]
    out = argv[5] if len(argv) > 5 else None
    if mode not in ("dask", "loaded"):
        print(f"xbatcher_patches.py: MODE must be dask or loaded, not {mode}", file=sys.stderr)
        return 2
    with dask.config.set(scheduler="threads", num_workers=cores):
        for _ in range(runs):
            print(json.dumps(run(store, mode, out)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
