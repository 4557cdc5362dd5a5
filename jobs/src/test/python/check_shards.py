"""Checks the output of `spangeo shards` value by value against numpy (the notebook's dask
code, run eagerly) and h5py on the same radiation store.

usage: check_shards.py OUT_DIR INPUT_STORE JSON_ARGS
JSON_ARGS: {"layout": "flattened"|"features", "sizes": [...], "shuffle": bool, "stats": bool,
            "npy": bool, "hdf5": bool}
Prints "ok <values compared>".
"""
import json
import os
import sys

import h5py
import numpy as np
import xarray as xr

out, src, a = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ds = xr.open_zarr(src)
features = ["sca_inputs", "col_inputs", "hl_inputs", "inter_inputs", "flux_dn_sw", "flux_up_sw", "flux_dn_lw", "flux_up_lw"]
raw = {f: ds[f].values for f in features}
n = raw["col_inputs"].shape[0]

if a["layout"] == "flattened":  # the notebook's "Flattened data"
    data = {f: raw[f].reshape(n, -1) for f in features}
    x = np.concatenate([data["hl_inputs"], data["inter_inputs"], data["sca_inputs"], data["col_inputs"]], axis=-1)
    y = np.concatenate([data["flux_dn_sw"], data["flux_up_sw"], data["flux_dn_lw"], data["flux_up_lw"]], axis=-1)
    want = {"x": x, "y": y}
else:  # the notebook's "Feature engineering"
    def broadcast_features(array):
        return np.moveaxis(np.repeat(array, 138, axis=-1), -2, -1)

    def pad_tensor(array):
        return np.pad(array, ((0, 0), (1, 1), (0, 0)))

    x = np.concatenate([raw["hl_inputs"], pad_tensor(raw["inter_inputs"]), broadcast_features(raw["sca_inputs"][..., np.newaxis])],
                       axis=-1)
    y = np.concatenate([raw[f][..., np.newaxis] for f in ["flux_dn_sw", "flux_up_sw", "flux_dn_lw", "flux_up_lw"]], axis=-1)
    want = {"x": x, "y": y, "edge": raw["col_inputs"]}

sizes = a["sizes"]
used = sum(sizes)
if a.get("shuffle"):
    perm = np.load(os.path.join(out, "permutation.npy"))
    assert perm.dtype == np.int64 and perm.shape == (used,), (perm.dtype, perm.shape)
    assert len(np.unique(perm)) == used and perm.min() >= 0 and perm.max() < n, "not a permutation of the samples"
    if used == n:
        assert not np.array_equal(perm, np.arange(n)), "shuffled, yet in order"
    want = {k: v[perm] for k, v in want.items()}
else:
    assert not os.path.exists(os.path.join(out, "permutation.npy"))
    want = {k: v[:used] for k, v in want.items()}

count = 0
meta = json.load(open(os.path.join(out, "metadata.json")))
assert meta["layout"] == a["layout"] and meta["dtype"] == "float32", meta
assert meta["dataset_len"] == used and meta["num_shards"] == len(sizes) and meta["shard_sizes"] == sizes, meta
for k, v in want.items():
    assert meta[k + "_shape"] == [max(sizes)] + list(v.shape[1:]), (k, meta[k + "_shape"], v.shape)
# the offsets in metadata.json find each input in x
for part in meta["x_variables"]:
    name, off, length = part["name"], part["offset"], part["length"]
    got = want["x"][..., off:off + length] if a["layout"] == "features" else want["x"][:, off:off + length]
    base = raw[name][perm] if a.get("shuffle") else raw[name][:used]
    if a["layout"] == "flattened":
        assert np.array_equal(got, base.reshape(used, -1)), name
    elif name == "hl_inputs":
        assert np.array_equal(got, base), name

if a.get("npy", True):
    start = 0
    for s, size in enumerate(sizes):
        for k, v in want.items():
            arr = np.load(os.path.join(out, k, f"{s}.npy"))
            assert arr.dtype == np.float32, (k, s, arr.dtype)
            assert np.array_equal(arr, v[start:start + size]), f"{k}/{s}.npy differs from numpy"
            count += arr.size
        start += size
    assert not os.path.exists(os.path.join(out, "x", f"{len(sizes)}.npy")), "one file per shard"
else:
    assert not os.path.exists(os.path.join(out, "x")), "no .npy stacks asked for"

if a.get("hdf5", True):
    with h5py.File(os.path.join(out, "shards.h5"), "r") as f:
        assert sorted(f.keys()) == sorted(want.keys()), list(f.keys())
        for k, v in want.items():
            d = f["/" + k]
            assert d.dtype == np.float32 and d.shape == v.shape, (k, d.dtype, d.shape, v.shape)
            assert np.array_equal(d[...], v), f"/{k} differs from numpy"
            count += d.size
else:
    assert not os.path.exists(os.path.join(out, "shards.h5"))

if a.get("stats"):
    for k, v in want.items():
        flat = v.reshape(-1, v.shape[-1]).astype("float64")
        mean = np.load(os.path.join(out, "stats", k + "_mean.npy"))
        std = np.load(os.path.join(out, "stats", k + "_std.npy"))
        scale = np.abs(flat).max(axis=0) + 1e-300
        assert np.all(np.abs(mean - flat.mean(axis=0)) <= 1e-12 * scale), (k, "mean")
        assert np.all(np.abs(std - flat.std(axis=0)) <= 1e-9 * scale), (k, "std", np.abs(std - flat.std(axis=0)).max())
        count += mean.size + std.size
print("ok", count)
