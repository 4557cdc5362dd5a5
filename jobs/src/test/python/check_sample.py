"""Checks a spangeo sample-data output with xarray: structure, then physics.

usage: check_sample.py STORE_GLOB FREQ_HOURS [physics]
Prints "ok" and the figures measured; any failed check raises (non-zero exit, message).
"""
import glob
import json
import sys

import numpy as np
import xarray as xr
import zarr

paths = sorted(glob.glob(sys.argv[1]))
freq = int(sys.argv[2])
physics = len(sys.argv) > 3 and sys.argv[3] == "physics"
assert paths, "no store matches " + sys.argv[1]

LEVEL = {"temperature": "K", "specific_humidity": "kg kg**-1", "u_component_of_wind": "m s**-1",
         "v_component_of_wind": "m s**-1", "geopotential": "m**2 s**-2"}
SURFACE = {"convective_available_potential_energy": "J kg**-1", "convective_inhibition": "J kg**-1",
           "k_index": "K", "boundary_layer_height": "m", "total_precipitation": "m", "surface_pressure": "Pa",
           "sea_surface_temperature": "K", "instantaneous_10m_wind_gust": "m s**-1"}
figures = {}
failed = []


def check(cond, what):
    """A physics check: every one is evaluated, and all failures reported with all figures."""
    if not cond:
        failed.append(what)

# --- structure --------------------------------------------------------------------------------
for p in paths:
    g = zarr.open_consolidated(p, mode="r")  # consolidated metadata present and complete
    assert set(g.array_keys()) == set(LEVEL) | set(SURFACE) | {"land_sea_mask", "time", "level", "latitude", "longitude"}, \
        sorted(g.array_keys())
    assert g["temperature"].compressor.codec_id == "blosc" and g["temperature"].compressor.cname == "zstd", \
        g["temperature"].compressor
    assert g.attrs["Conventions"].startswith("CF"), dict(g.attrs)
    raw = xr.open_zarr(p, consolidated=True, decode_times=False)
    assert raw.time.dtype == np.int64, raw.time.dtype
    assert raw.time.attrs["units"] == "hours since 1900-01-01 00:00:00", raw.time.attrs
    assert raw.time.attrs["calendar"] == "gregorian", raw.time.attrs
    assert np.all(np.diff(raw.time.values) == freq), "times every %d h in %s" % (freq, p)
    year = p.split("era5_")[1][:4]
    t = xr.open_zarr(p, consolidated=True).time.values
    assert str(t[0])[:13] == year + "-01-01T00" and str(t[-1])[:4] == year, (p, t[0], t[-1])

ds = xr.open_mfdataset(paths, engine="zarr", consolidated=True, data_vars="minimal", coords="minimal",
                       compat="override")
lat = ds.latitude.values
lon = ds.longitude.values
assert lat[0] == 40 and lat[-1] == 10 and np.all(np.diff(lat) < 0), "latitude 40 -> 10 descending"
assert lon[0] == 100 and lon[-1] == 140 and np.all(np.diff(lon) > 0), "longitude 100 -> 140 ascending"
assert list(ds.level.values) == [1000, 925, 850, 700, 500] and ds.level.dtype == np.int32, ds.level.values
assert ds.level.attrs["units"] == "millibars"
assert np.issubdtype(ds.time.dtype, np.datetime64), ds.time.dtype
assert np.all(np.diff(ds.time.values) > np.timedelta64(0, "h")), "stores combine along time in order"
for name, units in LEVEL.items():
    v = ds[name]
    assert v.dims == ("time", "level", "latitude", "longitude"), (name, v.dims)
    assert v.dtype == np.float32 and v.attrs["units"] == units and v.attrs["long_name"], (name, v.dtype, v.attrs)
for name, units in SURFACE.items():
    v = ds[name]
    assert v.dims == ("time", "latitude", "longitude"), (name, v.dims)
    assert v.dtype == np.float32 and v.attrs["units"] == units and v.attrs["long_name"], (name, v.dtype, v.attrs)
lsm = ds.land_sea_mask
assert lsm.dims == ("latitude", "longitude") and lsm.dtype == np.float32, lsm.dims
lsm = lsm.values
assert lsm.min() >= 0 and lsm.max() <= 1 and 0.2 < lsm.mean() < 0.6, lsm.mean()
# the Taiwan-like island near 23.5N 121E is land, the sea east of it is not
assert lsm[np.abs(lat - 23.5).argmin(), np.abs(lon - 121).argmin()] >= 0.5
assert lsm[np.abs(lat - 23).argmin(), np.abs(lon - 130).argmin()] == 0
assert lsm[np.abs(lat - 30).argmin(), np.abs(lon - 105).argmin()] == 1
figures["stores"] = len(paths)
figures["time_steps"] = int(ds.sizes["time"])

if physics:
    land = lsm >= 0.5
    cape = ds.convective_available_potential_energy.values
    cin = ds.convective_inhibition.values
    ki = ds.k_index.values
    blh = ds.boundary_layer_height.values
    tp = ds.total_precipitation.values * 1000  # mm/h
    sst = ds.sea_surface_temperature.values
    for n, a in [("cape", cape), ("cin", cin), ("ki", ki), ("blh", blh), ("tp", tp)]:
        assert np.isfinite(a).all(), n + " has NaN"
    check(cape.min() >= 0, "CAPE < 0: %g" % cape.min())
    check(cin.max() <= 0, "CIN > 0: %g" % cin.max())
    assert tp.min() >= 0 and blh.min() > 0
    check(np.array_equal(np.isnan(sst), np.broadcast_to(land, sst.shape)), "SST NaN exactly over land")
    month = ds.time.dt.month.values
    jjas = np.isin(month, [6, 7, 8, 9])
    djf = np.isin(month, [12, 1, 2])
    t850 = ds.temperature.sel(level=850).values
    figures["t850_jjas_K"] = float(t850[jjas].mean())
    figures["t850_djf_K"] = float(t850[djf].mean())
    check(figures["t850_jjas_K"] > figures["t850_djf_K"] + 3, 'figures["t850_jjas_K"] > figures["t850_djf_K"] + 3')
    event = tp > 5
    figures["event_rate_jjas"] = float(event[jjas].mean())
    figures["event_rate_djf"] = float(event[djf].mean())
    figures["event_rate_year"] = float(event.mean())
    check(0.01 <= figures["event_rate_jjas"] <= 0.08, '0.01 <= figures["event_rate_jjas"] <= 0.08')
    check(figures["event_rate_djf"] < figures["event_rate_jjas"] / 4, 'figures["event_rate_djf"] < figures["event_rate_jjas"] / 4')
    cj = cape[jjas]
    ej = event[jjas]
    q1, q3 = np.quantile(cj, [0.25, 0.75])
    figures["event_rate_cape_top_quartile"] = float(ej[cj >= q3].mean())
    figures["event_rate_cape_bottom_quartile"] = float(ej[cj <= q1].mean())
    check(figures["event_rate_cape_top_quartile"] > 3 * figures["event_rate_cape_bottom_quartile"], 'figures["event_rate_cape_top_quartile"] > 3 * figures["event_rate_cape_bottom_quartile"]')
    # diurnal cycle of land CAPE: the mean over land cells by local solar time peaks in the afternoon
    hours = ds.time.dt.hour.values
    local = (hours[:, None] + lon[None, :] / 15.0) % 24  # (time, lon)
    by_hour = np.zeros(24)
    count = np.zeros(24)
    for i in np.where(land.any(axis=1))[0]:
        cols = land[i]
        lh = np.floor(local[:, cols]).astype(int)
        np.add.at(by_hour, lh.ravel(), cape[:, i, cols].ravel())
        np.add.at(count, lh.ravel(), 1)
    mean_by_hour = by_hour / np.maximum(count, 1)
    peak = int(np.argmax(np.where(count > 0, mean_by_hour, -1)))
    figures["land_cape_peak_local_hour"] = peak
    check(12 <= peak <= 18, "land CAPE peaks at %d local" % peak)
    figures["cape_jjas_mean"] = float(cj.mean())
    figures["cape_jjas_p95"] = float(np.quantile(cj, 0.95))
    figures["cin_jjas_median"] = float(np.median(cin[jjas]))
    figures["ki_jjas_mean"] = float(ki[jjas].mean())
    figures["blh_jjas_mean"] = float(blh[jjas].mean())
    figures["tp_event_mean_mm"] = float(tp[event].mean()) if event.any() else 0.0
    # a single CAPE threshold versus the four features together (logistic regression, numpy only)
    X = np.stack([cape[jjas], cin[jjas], ki[jjas], blh[jjas]], axis=-1).reshape(-1, 4).astype(np.float64)
    y = ej.reshape(-1).astype(np.float64)
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(y))
    half = len(y) // 2
    tr, te = idx[:half], idx[half:]
    mu, sd = X[tr].mean(0), X[tr].std(0)
    Z = (X - mu) / sd
    Z = np.concatenate([Z, Z ** 2, np.ones((len(y), 1))], axis=1)
    w = np.zeros(Z.shape[1])
    for _ in range(300):  # Newton steps on the log-likelihood (IRLS)
        p = 1 / (1 + np.exp(-(Z[tr] @ w)))
        grad = Z[tr].T @ (y[tr] - p)
        H = (Z[tr] * (p * (1 - p))[:, None]).T @ Z[tr] + 1e-6 * np.eye(len(w))
        step = np.linalg.solve(H, grad)
        w += step
        if np.abs(step).max() < 1e-8:
            break

    def best_csi(score, truth):
        order = np.argsort(-score)
        t = truth[order]
        hits = np.cumsum(t)
        k = np.arange(1, len(t) + 1)
        csi = hits / (k + t.sum() - hits)
        return float(csi.max())

    figures["csi_cape_threshold"] = best_csi(X[te, 0], y[te])
    figures["csi_four_features"] = best_csi(Z[te] @ w, y[te])
    check(figures["csi_four_features"] > 1.2 * figures["csi_cape_threshold"], 'figures["csi_four_features"] > 1.2 * figures["csi_cape_threshold"]')

if failed:
    raise SystemExit("failed: " + "; ".join(failed) + "\n" + json.dumps(figures, sort_keys=True))
print("ok " + json.dumps(figures, sort_keys=True))
