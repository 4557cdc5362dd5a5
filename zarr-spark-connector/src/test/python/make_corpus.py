#!/usr/bin/python3
"""The store corpus: odd but legal Zarr v2 stores, as zarr-python 2.13 and xarray 2023 write them.

    /usr/bin/python3 make_corpus.py OUT_DIR

Each case is one store or several (combined as xr.open_mfdataset(..., combine="by_coords") does),
listed in OUT_DIR/manifest.json with what Spangeo must do with it:

  "equal"    every variable read as xarray reads it (check_corpus.py compares Spangeo's dump);
  "refused"  opening or reading fails with one line that contains every word of "words"
             (the store, the array, what is unsupported), and xarray's own answer is recorded.

"why" says where the case comes from (the issue, xarray's or zarr-python's tests and trackers).
Stores are small: the corpus is about layouts, not sizes.
"""

import json
import os
import shutil
import sys

import numpy as np
import pandas as pd
import xarray as xr
import zarr
import numcodecs

OUT = os.path.abspath(sys.argv[1])
if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)

CASES = []
RNG = np.random.default_rng(16)


def case(name, paths, expect="equal", words=(), why="", xr_open=None, vars_=None):
    """Registers a case; paths are relative to OUT."""
    CASES.append({"name": name, "paths": [os.path.join(OUT, p) for p in paths], "expect": expect,
                  "words": list(words), "why": why, "xr_open": xr_open or {}, "vars": vars_})


def path(name):
    p = os.path.join(OUT, name)
    shutil.rmtree(p, ignore_errors=True)
    return p


def grid(nt=6, nlat=4, nlon=5, start="2020-01-01", freq="6h", lat0=30.0, lon0=100.0):
    t = pd.date_range(start, periods=nt, freq=freq)
    lat = lat0 - np.arange(nlat, dtype="f8")
    lon = lon0 + np.arange(nlon, dtype="f8")
    return t, lat, lon


def field(shape, dtype="f4", nan=True):
    a = (RNG.normal(280, 10, size=shape)).astype(dtype)
    if nan and a.size > 3 and np.dtype(dtype).kind == "f":
        a.flat[3] = np.nan
    return a


def basic(nt=6, nlat=4, nlon=5, start="2020-01-01", freq="6h", names=("time", "latitude", "longitude"),
          var="t2m", attrs=None):
    t, lat, lon = grid(nt, nlat, nlon, start, freq)
    ds = xr.Dataset({var: (names, field((nt, nlat, nlon)), attrs or {"units": "K"})},
                    coords={names[0]: t, names[1]: lat, names[2]: lon})
    return ds


def to_zarr(ds, name, **kw):
    p = path(name)
    kw.setdefault("consolidated", True)
    ds.to_zarr(p, mode="w", **kw)
    return p


def reconsolidate(p):
    zarr.consolidate_metadata(zarr.DirectoryStore(p))


def add_array(p, name, data, dims, attrs=None, **kw):
    """An array written by zarr-python directly (not through xarray's encoders)."""
    g = zarr.open_group(p, mode="a")
    a = g.create_dataset(name, data=data, shape=data.shape, chunks=kw.pop("chunks", data.shape or True),
                         dtype=kw.pop("dtype", data.dtype), overwrite=True, **kw)
    a.attrs["_ARRAY_DIMENSIONS"] = list(dims)
    for k, v in (attrs or {}).items():
        a.attrs[k] = v
    reconsolidate(p)
    return a


# ------------------------------------------------------------------------------------------------
# times, calendars and CF decoding

ds = basic()
to_zarr(ds, "cf_float_days.zarr", encoding={"time": {"units": "days since 2000-01-01", "dtype": "f8"}})
case("cf_float_days", ["cf_float_days.zarr"], why="issue #16: CF float 'days since' times")

ds = basic()
to_zarr(ds, "int32_hours_1900.zarr",
        encoding={"time": {"units": "hours since 1900-01-01 00:00:00.0", "dtype": "i4", "calendar": "gregorian"}})
case("int32_hours_1900", ["int32_hours_1900.zarr"], why="ERA5 netCDF times: int32 hours since 1900, calendar gregorian")

ds = basic()
to_zarr(ds, "seconds_epoch_z.zarr", encoding={"time": {"units": "seconds since 1970-01-01T00:00:00Z", "dtype": "i8"}})
case("seconds_epoch_z", ["seconds_epoch_z.zarr"], why="xarray test_coding_times: reference dates with a Z suffix")

for cal in ("noleap", "360_day"):
    ds = basic()
    to_zarr(ds, f"calendar_{cal}.zarr", encoding={"time": {"units": "days since 2000-01-01", "calendar": cal}})
    case(f"calendar_{cal}", [f"calendar_{cal}.zarr"], expect="refused",
         words=[f"calendar_{cal}.zarr", "time", f"calendar '{cal}'"],
         why="issue #16: model calendars are refused (cftime objects are not timestamps)")

p = to_zarr(basic(), "months_since.zarr")
g = zarr.open_group(p, mode="a")
g["time"][:] = np.arange(6)
g["time"].attrs["units"] = "months since 2000-01-01"
reconsolidate(p)
case("months_since", ["months_since.zarr"], expect="refused", words=["months_since.zarr", "time", "months"],
     why="xarray test_coding_times: 'months since' has no fixed length (xarray refuses it too)")

p = to_zarr(basic(), "time_with_nat.zarr", encoding={"time": {"units": "hours since 2020-01-01", "dtype": "f8"}})
g = zarr.open_group(p, mode="a")
tv = g["time"][:]
tv[2] = np.nan
g["time"][:] = tv
reconsolidate(p)
case("time_with_nat", ["time_with_nat.zarr"], expect="refused", words=["time_with_nat.zarr", "time", "NaN"],
     why="xarray issue #1329-style: a NaT in a time index; Spangeo refuses a coordinate it cannot order")

ds = basic()
ds["lead"] = ("time", pd.to_timedelta(np.arange(6) * 6, unit="h"))
to_zarr(ds, "cf_timedelta.zarr")
case("cf_timedelta", ["cf_timedelta.zarr"], why="xarray CFTimedeltaCoder: units 'hours' decode to timedelta64")

ds = basic()
t2m = ds["t2m"].values
ds["t2m"].encoding = {"dtype": "i2", "scale_factor": 0.01, "add_offset": 280.0, "_FillValue": -32767}
to_zarr(ds, "packed_int16.zarr")
case("packed_int16", ["packed_int16.zarr"], why="issue #16: packed int16 with scale_factor/add_offset/_FillValue")

ds = basic()
ds["t2m"] = ds["t2m"].fillna(281.0)
ds["t2m"].encoding = {"dtype": "u1", "scale_factor": 0.5}
to_zarr(ds, "packed_uint8_scale_only.zarr")
case("packed_uint8_scale_only", ["packed_uint8_scale_only.zarr"],
     why="xarray test_coding: uint8 with scale_factor only decodes to float32")

ds = basic()
ds["t2m"].encoding = {"dtype": "f4", "_FillValue": -999.0}
p = to_zarr(ds, "missing_value_attr.zarr")
g = zarr.open_group(p, mode="a")
g["t2m"].attrs["missing_value"] = 250.0
a = g["t2m"][:]
a[0, 0, :] = 250.0
g["t2m"][:] = a
reconsolidate(p)
case("missing_value_attr", ["missing_value_attr.zarr"], why="CF missing_value besides _FillValue (netCDF conversions)")

p = to_zarr(basic(), "int_fill_zero.zarr")
add_array(p, "count", np.array([[0, 1, 2, 3, 0]] * 4, dtype="i4"), ("latitude", "longitude"), fill_value=0)
case("int_fill_zero", ["int_fill_zero.zarr"],
     why="zarr-python writes int arrays with fill_value 0; xarray treats it as _FillValue and masks zeros")

p = to_zarr(basic(), "unsigned_attr.zarr")
add_array(p, "flags", np.array([[-1, -128, 0, 5, 127]] * 4, dtype="i1"), ("latitude", "longitude"),
          attrs={"_Unsigned": "true"}, fill_value=None)
add_array(p, "signed", np.array([[255, 128, 0, 5, 127]] * 4, dtype="u1"), ("latitude", "longitude"),
          attrs={"_Unsigned": "false"}, fill_value=None)
case("unsigned_attr", ["unsigned_attr.zarr"], why="xarray UnsignedIntegerCoder: _Unsigned on netCDF-3 style bytes")

# ------------------------------------------------------------------------------------------------
# dtypes

ds = basic()
ds["wet"] = (("time", "latitude", "longitude"), ds["t2m"].fillna(0).values > 280)
to_zarr(ds, "bool_xarray.zarr")
case("bool_xarray", ["bool_xarray.zarr"], why="issue #16: bool written by xarray (int8 + attribute dtype: bool)")

p = to_zarr(basic(), "bool_zarr.zarr")
add_array(p, "land", np.array([[True, False, True, True, False]] * 4), ("latitude", "longitude"), fill_value=None)
case("bool_zarr", ["bool_zarr.zarr"], why="zarr-python |b1 arrays")

p = to_zarr(basic(), "bool_zarr_fill_false.zarr")
add_array(p, "land", np.array([[True, False, True, True, False]] * 4), ("latitude", "longitude"))
case("bool_zarr_fill_false", ["bool_zarr_fill_false.zarr"], xr_open={"mask_and_scale": False},
     why="zarr-python's default bool fill_value false: xarray 2023 masks every False to NaN (object dtype);"
         " Spangeo keeps the bools, equal to xarray's mask_and_scale=False reading")

p = to_zarr(basic(), "datetime64_raw.zarr")
dt = np.array(["2020-01-01T00:00", "NaT", "2021-06-30T12:34:56.789", "1999-12-31", "2020-02-29T23:00",
               "2030-01-01"], dtype="M8[ns]")
add_array(p, "valid_from", dt, ("time",))
case("datetime64_raw", ["datetime64_raw.zarr"], why="issue #16: raw <M8[ns] written by zarr-python, with NaT")

p = to_zarr(basic(), "timedelta64_raw.zarr")
add_array(p, "age", np.array([0, 1, -2, 3600, 86400, 7], dtype="m8[s]").astype("m8[ns]"), ("time",))
case("timedelta64_raw", ["timedelta64_raw.zarr"], why="issue #16: raw <m8[ns] written by zarr-python")

p = to_zarr(basic(), "datetime64_seconds.zarr")
add_array(p, "issued", np.array(["2020-01-01T06", "2020-01-01T07", "2020-01-02", "2020-01-03", "2020-01-04",
                                 "2020-01-05"], dtype="M8[s]"), ("time",))
case("datetime64_seconds", ["datetime64_seconds.zarr"], why="zarr-python test_core: datetime64 in other units")

ds = basic()
ds["station_name"] = (("latitude",), np.array(["Taipei", "台中", "Kaohsiung-港", ""], dtype=object))
to_zarr(ds, "vlen_utf8.zarr")
case("vlen_utf8", ["vlen_utf8.zarr"], why="issue #16: object strings with the vlen-utf8 filter, non-ASCII text")

ds = basic()
ds = ds.assign_coords(site=("longitude", np.array(["A", "Bb", "Ccc", "Dddd", "É"])))
ds["label"] = (("latitude",), np.array(["north", "mid", "mid-south", "south"]))
to_zarr(ds, "unicode_fixed.zarr")
case("unicode_fixed", ["unicode_fixed.zarr"], why="issue #16: fixed <U strings as a coordinate and as data")

ds = basic()
ds["code"] = (("latitude",), np.array([b"AB", b"C", b"", b"DEF"]))
to_zarr(ds, "bytes_fixed.zarr")
p = os.path.join(OUT, "bytes_fixed.zarr")
add_array(p, "name_utf8", np.array(["Tōkyō".encode(), b"Oslo", "Zürich".encode(), b""]), ("latitude",),
          attrs={"_Encoding": "utf-8"}, fill_value=None)
case("bytes_fixed", ["bytes_fixed.zarr"], why="issue #16: fixed |S bytes; with _Encoding they decode to text")

p = to_zarr(basic(), "char_array.zarr")
add_array(p, "station_id", np.array([list(b"TPE01"), list(b"KHH02"), list(b"HUN3 "), list(b"TXG04")], dtype="S1"),
          ("latitude", "string5"), fill_value=None)
case("char_array", ["char_array.zarr"], expect="refused", words=["char_array.zarr", "station_id", "character array"],
     vars_=["station_id"], why="netCDF char arrays (|S1 over a string dim): xarray joins the characters")

p = to_zarr(basic(), "time_bounds_no_units.zarr")
g = zarr.open_group(p, mode="a")
g["time"].attrs["bounds"] = "time_bnds"
tv = g["time"][:]
add_array(p, "time_bnds", np.stack([tv, tv + 6], 1).astype("i8"), ("time", "nv"), fill_value=None)
case("time_bounds_no_units", ["time_bounds_no_units.zarr"],
     why="CF lets bounds omit units; xarray copies the time coordinate's units and calendar (xarray #2565)")

t, lat, lon = grid()
ds = xr.Dataset({"t2m": (("station", "time"), field((3, 6)))},
                coords={"station": np.array(["Taipei", "Tainan", "Hualien"]), "time": t})
to_zarr(ds, "string_dim_coordinate.zarr")
case("string_dim_coordinate", ["string_dim_coordinate.zarr"],
     why="station time series: a <U dimension coordinate (xarray test_backends string coords)")

p = to_zarr(basic(), "float16.zarr")
add_array(p, "small", np.array([[0.5, -1.25, 65504, np.nan, 1e-4]] * 4, dtype="f2"), ("latitude", "longitude"))
case("float16", ["float16.zarr"], why="zarr-python test_core: float16 arrays")

p = to_zarr(basic(), "big_ints.zarr")
add_array(p, "id64", np.array([2**62 + 1, -2**62, 0, 1, 2**53 + 1], dtype="i8"), ("longitude",), fill_value=None)
add_array(p, "u32", np.array([2**32 - 1, 0, 7, 2**31, 1], dtype="u4"), ("longitude",), fill_value=None)
add_array(p, "u16", np.array([65535, 0, 7, 2**15, 1], dtype="u2"), ("longitude",), fill_value=None)
case("big_ints", ["big_ints.zarr"], why="zarr-python test_core: int64 beyond 2^53, unsigned widths")

p = to_zarr(basic(), "complex.zarr")
add_array(p, "spectrum", np.array([1 + 2j, 3 - 1j, 0, 1j, -1], dtype="c16"), ("longitude",), fill_value=None)
case("complex", ["complex.zarr"], expect="refused", words=["complex.zarr", "spectrum", "complex128"], vars_=["spectrum"],
     why="zarr-python test_core: complex arrays; refused by name, the other variables still read")

p = to_zarr(basic(), "structured.zarr")
add_array(p, "obs", np.array([(1, 2.0), (3, 4.0), (5, 6.0), (7, 8.0), (9, 1.0)], dtype=[("a", "i4"), ("b", "f8")]),
          ("longitude",), fill_value=None)
case("structured", ["structured.zarr"], expect="refused", words=["structured.zarr", "obs", "structured"],
     vars_=["obs"], why="zarr-python test_core: structured dtypes; refused by name, the other variables still read")

p = to_zarr(basic(), "object_pickle.zarr")
add_array(p, "blob", np.array([{"a": 1}, [1, 2], "x", 1.5, None], dtype=object), ("longitude",),
          object_codec=numcodecs.Pickle(), fill_value=None)
case("object_pickle", ["object_pickle.zarr"], expect="refused", words=["object_pickle.zarr", "blob", "pickle"],
     vars_=["blob"], why="zarr-python test_core: object arrays with the pickle codec (unpickling runs code)")

# ------------------------------------------------------------------------------------------------
# layouts

ds = basic(nlon=8)
ds = ds.assign_coords(longitude=np.array([350.0, 355, 0, 5, 10, 15, 20, 25]))
to_zarr(ds, "lon_0_360_wrapped.zarr")
case("lon_0_360_wrapped", ["lon_0_360_wrapped.zarr"], why="issue #16: 0..360 longitudes crossing the meridian")

p = to_zarr(basic(nt=8), "missing_chunks.zarr", encoding={"t2m": {"chunks": (2, 2, 5)}})
for k in ("0.0.0", "2.1.0"):
    os.remove(os.path.join(p, "t2m", k))
case("missing_chunks", ["missing_chunks.zarr"], why="issue #16: chunks never written read as the fill value")

ds = basic()
p = path("big_endian.zarr")
g = zarr.open_group(p, mode="w")
for name, arr, dims, attrs in [
        ("time", ((ds.time.values - np.datetime64("2020-01-01")) // np.timedelta64(1, "h")).astype(">i8"), ("time",),
         {"units": "hours since 2020-01-01", "calendar": "proleptic_gregorian"}),
        ("latitude", ds.latitude.values.astype(">f8"), ("latitude",), {}),
        ("longitude", ds.longitude.values.astype(">f4"), ("longitude",), {}),
        ("t2m", ds.t2m.values.astype(">f4"), ("time", "latitude", "longitude"), {"units": "K"}),
        ("q", (ds.t2m.fillna(0).values * 10).astype(">i2"), ("time", "latitude", "longitude"), {})]:
    a = g.create_dataset(name, data=arr, chunks=arr.shape, dtype=arr.dtype, fill_value=None)
    a.attrs.update(dict(attrs, _ARRAY_DIMENSIONS=list(dims)))
reconsolidate(p)
case("big_endian", ["big_endian.zarr"], why="issue #16: big-endian arrays (zarr-python test_core)")

p = path("order_f.zarr")
to_zarr(basic(), "order_f.zarr")
g = zarr.open_group(p, mode="a")
data = g["t2m"][:]
attrs = dict(g["t2m"].attrs)
del g["t2m"]
a = g.create_dataset("t2m", data=data, chunks=(4, 3, 2), order="F", fill_value=np.nan)
a.attrs.update(attrs)
reconsolidate(p)
case("order_f", ["order_f.zarr"], why="issue #16: order F chunks (zarr-python test_core)")

p = to_zarr(basic(), "nested_groups.zarr")
sub = xr.Dataset({"other": (("x",), np.arange(3.0))})
sub.to_zarr(p, group="extra/deeper", mode="w", consolidated=True)
reconsolidate(p)
case("nested_groups", ["nested_groups.zarr"], why="issue #16: sub-groups are not part of the root dataset")

p = path("dim_separator_slash.zarr")
basic().to_zarr(zarr.NestedDirectoryStore(p), mode="w", consolidated=True)
case("dim_separator_slash", ["dim_separator_slash.zarr"], why="zarr-python NestedDirectoryStore ('/' chunk keys)")

to_zarr(basic(), "not_consolidated.zarr", consolidated=False)
case("not_consolidated", ["not_consolidated.zarr"], why="xarray open_zarr falls back to listing the group")

ds = basic(nt=7, nlat=5, nlon=3)
to_zarr(ds, "uneven_chunks.zarr", encoding={"t2m": {"chunks": (3, 2, 10)}})
case("uneven_chunks", ["uneven_chunks.zarr"], why="edge chunks, and a chunk larger than its dim")

ds = basic()
ds = ds.transpose("latitude", "longitude", "time")
to_zarr(ds, "time_last.zarr")
case("time_last", ["time_last.zarr"], why="time as the last dim")

ds = basic()
ds = ds.assign_coords(latitude=ds.latitude.values[::-1])
to_zarr(ds, "ascending_lat.zarr")
case("ascending_lat", ["ascending_lat.zarr"], why="ascending latitude (most netCDF model output)")

comp = {"zlib": numcodecs.Zlib(4), "gzip": numcodecs.GZip(5), "zstd": numcodecs.Zstd(3), "lz4": numcodecs.LZ4(),
        "blosc_lz4hc": numcodecs.Blosc("lz4hc", 5, numcodecs.Blosc.BITSHUFFLE), "none": None}
ds = basic()
for k in comp:
    ds[f"t_{k}"] = ds["t2m"]
to_zarr(ds, "compressors.zarr", encoding={f"t_{k}": {"compressor": c} for k, c in comp.items()})
case("compressors", ["compressors.zarr"], why="numcodecs compressors zarr-python tests write")

ds = basic()
ds["t_delta"] = ds["t2m"].fillna(0).astype("i4")
ds["t_fso"] = ds["t2m"]
ds["t_quant"] = ds["t2m"]
ds["t_bitround"] = ds["t2m"]
ds["t_shuffle"] = ds["t2m"]
to_zarr(ds, "filters.zarr", encoding={
    "t_delta": {"filters": [numcodecs.Delta("<i4")]},
    "t_fso": {"filters": [numcodecs.FixedScaleOffset(280, 100, "<f4", "<i4")]},
    "t_quant": {"filters": [numcodecs.Quantize(2, "<f4")]},
    "t_bitround": {"filters": [numcodecs.BitRound(8)]},
    "t_shuffle": {"filters": [numcodecs.Shuffle(4)]}})
case("filters", ["filters.zarr"], why="numcodecs filters (zarr-python test_filters)")

ds = basic()
ds["t2m"] = ds["t2m"].fillna(0)
to_zarr(ds, "bz2_lzma.zarr")
g = zarr.open_group(os.path.join(OUT, "bz2_lzma.zarr"), mode="a")
a = g.create_dataset("t_lzma", data=ds["t2m"].values, compressor=numcodecs.LZMA(), fill_value=np.nan)
a.attrs["_ARRAY_DIMENSIONS"] = ["time", "latitude", "longitude"]
reconsolidate(os.path.join(OUT, "bz2_lzma.zarr"))
case("lzma_compressor", ["bz2_lzma.zarr"], expect="refused", words=["bz2_lzma.zarr", "t_lzma", "lzma"], vars_=["t_lzma"],
     why="numcodecs LZMA: refused by name, the other variables still read")

# ------------------------------------------------------------------------------------------------
# attributes, names, dims

ds = basic(attrs={"units": "°C", "long_name": "2 米气温", "comment": "Ünïcödé ✓"})
ds.attrs.update({"institution": "Météo-France / 中央氣象署", "history": "x" * 200_000, "empty": "",
                 "nested": {"a": [1, 2, {"b": None}]}, "flag": True, "levels": [1000, 850.5]})
to_zarr(ds, "nonascii_attrs.zarr")
case("nonascii_attrs", ["nonascii_attrs.zarr"], why="issue #16: non-ASCII attributes, a 200 kB history")

p = to_zarr(basic(), "nan_attrs.zarr")
g = zarr.open_group(p, mode="a")
g["t2m"].attrs.update({"valid_range": [float("nan"), 400.0], "actual_max": float("inf")})
reconsolidate(p)
case("nan_attrs", ["nan_attrs.zarr"], why="json.dumps writes NaN and Infinity in attributes")

ds = basic(names=("valid_time", "latitude", "longitude"))
ds = ds.expand_dims(pressure_level=np.array([1000.0, 850.0, 500.0]), axis=1)
ds["valid_time"].attrs.update({"standard_name": "time", "long_name": "time"})
ds["pressure_level"].attrs.update({"units": "hPa", "standard_name": "air_pressure", "positive": "down"})
ds["latitude"].attrs.update({"units": "degrees_north", "standard_name": "latitude"})
ds["longitude"].attrs.update({"units": "degrees_east", "standard_name": "longitude"})
to_zarr(ds, "cds_valid_time.zarr")
case("cds_valid_time", ["cds_valid_time.zarr"], why="issue #16: new CDS ERA5 names valid_time and pressure_level")

t, lat, lon = grid()
ds = xr.Dataset({"ta": (("t", "lev", "y", "x"), field((6, 2, 4, 5)))},
                coords={"t": ("t", t, {"axis": "T"}), "lev": ("lev", [925, 700], {"axis": "Z", "units": "hPa"}),
                        "y": ("y", lat, {"units": "degrees_north"}), "x": ("x", lon, {"units": "degrees_east"})})
to_zarr(ds, "cf_axis_names.zarr")
case("cf_axis_names", ["cf_axis_names.zarr"], why="dims recognised by CF attributes (axis, units), not names")

ds = basic()
ds = ds.assign_coords(time_bnds=(("time", "nv"), np.stack([ds.time.values, ds.time.values + np.timedelta64(6, "h")], 1)))
ds = ds.reset_coords("time_bnds")
ds["lat_bnds"] = (("latitude", "nv"), np.stack([ds.latitude.values + 0.5, ds.latitude.values - 0.5], 1))
ds["time"].attrs["bounds"] = "time_bnds"
ds["latitude"].attrs["bounds"] = "lat_bnds"
to_zarr(ds, "cf_bounds.zarr")
case("cf_bounds", ["cf_bounds.zarr"], why="issue #16: CF bounds variables (CMIP, netCDF conversions)")

ds = basic()
ds["crs"] = xr.DataArray(np.int32(0), attrs={"grid_mapping_name": "latitude_longitude", "semi_major_axis": 6371000.0})
ds["t2m"].attrs["grid_mapping"] = "crs"
to_zarr(ds, "scalar_crs.zarr")
case("scalar_crs", ["scalar_crs.zarr"], why="CF grid_mapping: a 0-d variable")

y = np.arange(4.0)
x = np.arange(5.0)
t = pd.date_range("2020-01-01", periods=3, freq="D")
ds = xr.Dataset({"sst": (("time", "y", "x"), field((3, 4, 5)))},
                coords={"time": t, "y": y, "x": x, "lat": (("y", "x"), 20 + np.add.outer(y, x * 0.1)),
                        "lon": (("y", "x"), 120 + np.add.outer(y * 0.1, x))})
to_zarr(ds, "curvilinear.zarr")
case("curvilinear", ["curvilinear.zarr"], why="curvilinear grid: 2-D lat/lon named in 'coordinates'")

ds = basic()
ds["t2m"] = ds["t2m"].isel(time=slice(0, 0))
ds = ds.isel(time=slice(0, 0))
to_zarr(ds, "empty_time.zarr")
case("empty_time", ["empty_time.zarr"], why="issue #16: a zero-length time axis")

ds = basic()
ds = ds.assign_coords(level=np.array([850], dtype="i4"))
ds["t2m"] = ds["t2m"].expand_dims(level=[850], axis=1)
ds["z"] = (("time", "level", "latitude", "longitude"), field((6, 1, 4, 5), "f8"))
ds["lsm"] = (("latitude", "longitude"), (field((4, 5), nan=False) > 280).astype("f4"))
to_zarr(ds, "int_level_static.zarr")
case("int_level_static", ["int_level_static.zarr"], why="an int32 level and a static (no time) variable")

# ------------------------------------------------------------------------------------------------
# more, from xarray's and zarr-python's test suites and trackers

# the same hours with the time units spelled another way
for name, units, why in [
        ("units_loose_format", "Hours since 2020-1-1 0:0:0",
         "xarray test_coding_times: capitalised units, unpadded reference dates ('2000-1-1 0:0:0')"),
        ("units_tz_offset", "hours since 2020-01-01T06:00:00+06:00",
         "xarray #2649: a reference date with a UTC offset is converted to UTC")]:
    p = to_zarr(basic(), f"{name}.zarr", encoding={"time": {"units": "hours since 2020-01-01", "dtype": "i4"}})
    g = zarr.open_group(p, mode="a")
    g["time"].attrs["units"] = units
    reconsolidate(p)
    case(name, [f"{name}.zarr"], why=why)

ds = basic()
ds["init"] = ("time", pd.to_datetime(["2019-12-31T12", "NaT", "2020-01-01T00", "2020-01-01T00", "NaT", "2020-01-01T12"]))
to_zarr(ds, "time_data_var_nat.zarr", encoding={"init": {"units": "hours since 2019-12-31", "dtype": "f8"}})
case("time_data_var_nat", ["time_data_var_nat.zarr"],
     why="xarray test_coding_times: a CF-encoded time data variable with NaT (NaN in float hours)")

ds = basic()
ds["third"] = ("time", pd.to_datetime("2020-01-01") + pd.to_timedelta(np.arange(6) * 8, unit="h"))
to_zarr(ds, "float_days_thirds.zarr", encoding={"time": {"units": "days since 2020-01-01", "dtype": "f8"},
                                                 "third": {"units": "days since 2020-01-01", "dtype": "f8"}})
case("float_days_thirds", ["float_days_thirds.zarr"],
     why="xarray #1859-style: float days that are not exact binary fractions (8 h = 1/3 day)")

p = path("chunks_bigger_than_shape.zarr")
ds = basic()
ds.to_zarr(p, mode="w", consolidated=True, encoding={"t2m": {"chunks": (6, 4, 5)}})
g = zarr.open_group(p, mode="a")
a = g["t2m"][:]
del g["t2m"]
add_array(p, "t2m", a, ("time", "latitude", "longitude"), attrs={"units": "K"}, chunks=(10, 10, 10), fill_value=np.nan)
case("chunks_bigger_than_shape", ["chunks_bigger_than_shape.zarr"],
     why="zarr-python test_core: chunks larger than the array (edge chunks padded)")

t, lat, lon = grid()
ds = xr.Dataset({"t2m": (("member", "time", "latitude", "longitude"), field((3, 6, 4, 5)))},
                coords={"time": t, "latitude": lat, "longitude": lon})
to_zarr(ds, "dim_without_coordinate.zarr")
case("dim_without_coordinate", ["dim_without_coordinate.zarr"],
     why="an ensemble 'member' dim with no coordinate variable (xarray gives it no index)")

ds = basic()
ds = ds.assign_coords(latitude=np.array([30, 29, 28, 27], dtype="i2"), longitude=np.array([100, 101, 102, 103, 104], dtype="i4"))
to_zarr(ds, "int_lat_lon.zarr")
case("int_lat_lon", ["int_lat_lon.zarr"], why="integer latitude/longitude coordinates keep their dtype")

ds = basic()
ds = ds.rename({"t2m": "température"})
ds = ds.assign_coords(höhe=("latitude", np.array([1.0, 2.0, 3.0, 4.0])))
to_zarr(ds, "nonascii_names.zarr")
case("nonascii_names", ["nonascii_names.zarr"], why="issue #16: non-ASCII array names (zarr-python escapes them in .zmetadata)")

ds = basic(nlat=0)
to_zarr(ds, "empty_latitude.zarr")
case("empty_latitude", ["empty_latitude.zarr"], why="issue #16: a zero-length dim other than time")

p = path("attrs_only_group.zarr")
g = zarr.open_group(p, mode="w")
g.attrs.update({"title": "nothing yet"})
zarr.consolidate_metadata(zarr.DirectoryStore(p))
case("attrs_only_group", ["attrs_only_group.zarr"], why="xarray test_backends: a group with attributes and no arrays")

# ------------------------------------------------------------------------------------------------
# several stores: combined by their time coordinate, whatever their names

months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
paths = []
for m, name in enumerate(months, start=1):
    ds = basic(nt=4, start=f"2021-{m:02d}-01", freq="D")
    to_zarr(ds, f"monthly/era5_{name}.zarr")          # xarray picks 'days since <first day of the month>'
    paths.append(f"monthly/era5_{name}.zarr")
case("months_by_name", paths, why="issue #16: twelve monthly stores whose names do not sort as time")

paths = []
for i, start in [(10, "2020-01-11"), (2, "2020-01-03"), (1, "2020-01-01")]:
    to_zarr(basic(nt=2, start=start, freq="D"), f"parts/part{i}.zarr")
    paths.append(f"parts/part{i}.zarr")
case("parts_with_gaps", paths, why="issue #16: numbered names, gaps between stores")

paths = []
for name, units, dtype, start in [("b_hours.zarr", "hours since 1990-01-01", "i8", "2020-01-02"),
                                  ("a_days_float.zarr", "days since 2020-01-01 12:00", "f8", "2020-01-03")]:
    to_zarr(basic(nt=4, start=start, freq="6h"), "mixed_units/" + name,
            encoding={"time": {"units": units, "dtype": dtype}})
    paths.append("mixed_units/" + name)
case("mixed_time_encodings", paths, why="each store encodes time with its own units and dtype")

paths = []
for i, (scale, offset) in enumerate([(0.01, 280.0), (0.02, 270.0)]):
    ds = basic(nt=3, start=f"2020-0{i + 1}-01", freq="D")
    ds["t2m"].encoding = {"dtype": "i2", "scale_factor": scale, "add_offset": offset, "_FillValue": -32767}
    to_zarr(ds, f"packed_per_store/p{i}.zarr")
    paths.append(f"packed_per_store/p{i}.zarr")
case("packed_per_store", paths, why="ERA5 CDS downloads: every file packed with its own scale_factor/add_offset")

paths = []
full = basic(nlon=6)
for i, sl in enumerate([slice(3, 6), slice(0, 3)]):
    to_zarr(full.isel(longitude=sl), f"tiles/tile{i}.zarr")
    paths.append(f"tiles/tile{i}.zarr")
case("tiles_along_longitude", paths, why="stores split along longitude: combined along the dim that differs")

paths = []
for name, start in [("x.zarr", "2020-01-01"), ("y.zarr", "2020-01-02")]:
    to_zarr(basic(nt=8, start=start, freq="6h"), "overlap/" + name)
    paths.append("overlap/" + name)
case("overlap", paths, expect="refused", words=["x.zarr", "y.zarr", "overlap"],
     why="issue #16: overlapping stores are an error naming both")

paths = []
for name, nlat in [("a.zarr", 4), ("b.zarr", 5)]:
    to_zarr(basic(nlat=nlat, start="2020-01-01" if name == "a.zarr" else "2020-02-01"), "grids/" + name)
    paths.append("grids/" + name)
case("grids_differ", paths, expect="refused", words=["a.zarr", "b.zarr", "latitude"],
     why="issue #16: stores on different grids are an error naming both")

paths = []
for name, var in [("t.zarr", "t2m"), ("p.zarr", "tp")]:
    to_zarr(basic(var=var), "merge/" + name)
    paths.append("merge/" + name)
case("same_coords_other_vars", paths, expect="refused", words=["t.zarr", "p.zarr", "different variables"],
     why="xr.open_mfdataset merges these; Spangeo combines along one dim only and says so")

paths = []
for i in range(2):
    ds = basic(nt=3, start=f"2020-0{i + 1}-01", freq="D")
    ds["lsm"] = (("latitude", "longitude"), np.ones((4, 5), "f4"))
    to_zarr(ds, f"static/s{i}.zarr")
    paths.append(f"static/s{i}.zarr")
case("static_var_in_each", paths, xr_open={"data_vars": "minimal"},
     why="a static variable in every store (open_mfdataset data_vars='minimal')")

paths = []
for i, start in enumerate(["2020-01-04", "2020-01-03", "2020-01-02", "2020-01-01"]):
    to_zarr(basic(nt=1, start=start, freq="D"), f"single_steps/d{i}.zarr")
    paths.append(f"single_steps/d{i}.zarr")
case("single_step_parts", paths, why="one time step per store (daily files), names in reverse time order")

paths = []
full = basic(nlat=6)
for name, sl in [("south.zarr", slice(0, 3)), ("north.zarr", slice(3, 6))]:
    to_zarr(full.isel(latitude=sl), "lat_tiles/" + name)
    paths.append("lat_tiles/" + name)
case("descending_lat_tiles", paths,
     why="xarray combine_by_coords: stores along a descending latitude combine north to south")

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump({"cases": CASES}, f, indent=1)
print(len(CASES), "cases")
