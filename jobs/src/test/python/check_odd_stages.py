"""Checks what spangeo commands wrote from odd corpus stores against xarray on the same input.

usage: check_odd_stages.py CASE OUT_STORE INPUT [INPUT ...]
Every output must open with zarr-python 2.13 (consolidated) and xarray 2023; its metadata must be
ASCII (json.dumps escapes); encoding attributes describe the output, not the input. Prints "ok"
and exits 0, or says what differs and exits 1.
"""
import glob
import json
import os
import sys
import warnings

import numpy as np
import xarray as xr
import zarr

warnings.simplefilter("ignore")
case, out, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]


def src():
    paths = sorted(p for i in inputs for p in glob.glob(i))
    if len(paths) == 1:
        return xr.open_zarr(paths[0])
    return xr.open_mfdataset(paths, engine="zarr", combine="by_coords", data_vars="minimal")


def close(a, b, what, rel=1e-6):
    a = np.asarray(a, dtype="f8")
    b = np.asarray(b, dtype="f8")
    assert a.shape == b.shape, f"{what}: shape {a.shape} != {b.shape}"
    nan = np.isnan(a) | np.isnan(b)
    assert (np.isnan(a) == np.isnan(b)).all(), f"{what}: NaN at different cells"
    bad = ~nan & (np.abs(a - b) > rel * np.maximum(np.abs(b), 1e-30))
    assert not bad.any(), f"{what}: {int(bad.sum())} values differ, first at {np.argwhere(bad)[0]}"


# every output: zarr-python 2.13 reads its consolidated metadata, which is plain ASCII JSON
for f in [os.path.join(out, ".zmetadata")] + glob.glob(os.path.join(out, "*", ".zattrs")):
    raw = open(f, "rb").read()
    try:
        raw.decode("ascii")
    except UnicodeDecodeError as e:
        raise SystemExit(f"{f} is not ASCII ({e}); zarr-python 2.13 cannot read it")
    json.loads(raw)
zarr.open_consolidated(out)
got = xr.open_zarr(out, consolidated=True)
ds = src()
ENCODING = {"scale_factor", "add_offset", "_FillValue", "missing_value", "_Unsigned", "dtype"}
for v in got.variables:
    left = ENCODING & set(zarr.open_consolidated(out)[v].attrs)
    assert not left, f"{v}: the output keeps the input's encoding attributes {sorted(left)}"

if case == "months_by_name":
    want = ds.astype("f8").groupby("time.month").mean("time")
    close(got.t2m.transpose(*want.t2m.dims), want.t2m, "monthly climatology of 12 stores named by month")
    assert list(got.month.values) == list(range(1, 13)), got.month.values
elif case == "months_by_name_subset":
    want = ds.sel(time=slice("2021-07-01", "2021-12-31"))
    assert np.array_equal(got.time.values, want.time.values), "time coordinate of the combined stores"
    assert (np.diff(got.time.values) > np.timedelta64(0)).all(), "time increases"
    close(got.t2m, want.t2m, "t2m of the combined stores")
    # the time units describe the output (its first day), not one input store's encoding
    units = xr.open_zarr(out).time.encoding["units"]
    assert units.startswith("days since 2021-07-01"), units
elif case == "bool_resample":
    assert got.wet.dtype.kind == "f", f"a daily fraction of a bool reads as {got.wet.dtype}"
    assert "dtype" not in got.wet.attrs and "dtype" not in zarr.open_consolidated(out)["wet"].attrs
    want = ds.wet.resample(time="1D").mean()
    close(got.wet, want, "daily fraction of wet hours")
elif case == "nonascii_subset":
    assert got.t2m.attrs["units"] == "°C" and got.t2m.attrs["long_name"] == "2 米气温", got.t2m.attrs
    assert got.attrs["institution"] == ds.attrs["institution"] and got.attrs["history"] == ds.attrs["history"]
    assert got.attrs["nested"] == ds.attrs["nested"]
    close(got.t2m, ds.t2m, "t2m")
elif case == "datetime64_resample":
    assert "valid_from" not in got, "a datetime64 variable over time is left out of a mean, as xarray leaves it"
    close(got.t2m, ds.t2m.astype("f8").resample(time="1D").mean(), "daily t2m")
elif case == "strings_subset":
    want = ds.sel(latitude=slice(30, 28))
    for v in want.variables:
        assert v in got.variables, f"{v} is carried into the subset"
        a, b = got[v].values, want[v].values
        if b.dtype.kind in "OUS":
            assert [str(x) for x in a.ravel()] == [str(x) for x in b.ravel()], (v, a, b)
        elif b.dtype.kind == "f":
            close(a, b, v)
        else:
            assert np.array_equal(a, b), v
    assert set(got.coords) == set(want.coords), (set(got.coords), set(want.coords))
elif case == "bounds_resample":
    assert "time_bnds" not in got, "time_bnds (datetime over time) is left out, as xarray's resample mean drops it"
    want = ds.assign(t2m=ds.t2m.astype("f8")).resample(time="1D").mean()
    close(got.t2m, want.t2m, "daily t2m")
    close(got.lat_bnds, ds.lat_bnds, "lat_bnds carried unchanged (xarray repeats it along time)")
    assert "bounds" not in got.time.attrs, "the time coordinate names no bounds variable the output lacks"
    assert got.latitude.attrs.get("bounds") == "lat_bnds"
elif case == "bounds_subset":
    want = ds.isel(time=slice(0, 4))
    assert np.array_equal(got.time_bnds.values, want.time_bnds.values), "time_bnds carried as times"
    close(got.lat_bnds, want.lat_bnds, "lat_bnds")
elif case == "valid_time_resample":
    assert "valid_time" in got.dims and "time" not in got.dims, f"dims {dict(got.dims)}"
    want = ds.t2m.sel(pressure_level=850).astype("f8").resample(valid_time="1D").mean()
    close(got.t2m.squeeze("pressure_level") if "pressure_level" in got.t2m.dims else got.t2m, want, "daily t2m at 850")
elif case == "station_resample":
    want = ds.t2m.astype("f8").resample(time="1D").mean()
    assert [str(x) for x in got.station.values] == [str(x) for x in ds.station.values], got.station.values
    close(got.t2m, want, "daily t2m per station")
elif case == "cf_axis_area_mean":
    w = np.cos(np.deg2rad(ds.y))
    want = ds.ta.astype("f8").weighted(w).mean(("y", "x"))
    close(got.ta.transpose(*want.dims), want, "area mean over y/x in degrees")
elif case == "nonascii_names_resample":
    want = ds.astype({"température": "f8"}).resample(time="1D").mean()
    close(got["température"], want["température"], "daily température")
    assert "höhe" in got.coords, "the non-ASCII coordinate is carried"
    assert "\\u00e9" in open(os.path.join(out, ".zmetadata")).read().lower(), "names escaped as \\uXXXX (json.dumps)"
elif case == "int_coords_subset":
    want = ds.sel(latitude=slice(30, 28))
    assert got.latitude.dtype == want.latitude.dtype and got.longitude.dtype == want.longitude.dtype, \
        (got.latitude.dtype, got.longitude.dtype)
    assert np.array_equal(got.latitude.values, want.latitude.values)
    close(got.t2m, want.t2m, "t2m")
elif case == "packed_subset":
    assert got.t2m.dtype == ds.t2m.dtype, (got.t2m.dtype, ds.t2m.dtype)
    close(got.t2m, ds.t2m, "decoded t2m")
    assert zarr.open_consolidated(out)["t2m"].dtype == np.float32
else:
    raise SystemExit("unknown case " + case)
print("ok")
