#!/usr/bin/python3
"""Writes the Zarr stores that Spangeo's interoperability tests read.

Run by ZarrPythonInteropTest (through InteropStores) with Debian's /usr/bin/python3, which has
python3-zarr 2.13 and numcodecs 0.11:

    /usr/bin/python3 make_interop_stores.py OUT_DIR

Zarr v2 arrays are written by zarr-python itself. Zarr 2.13 cannot write Zarr v3, so v3 arrays
are written here by hand from the v3 specification, compressing with numcodecs.

For every case the expected full array, as zarr-python reads it back (or, for v3, as the spec
defines it), is written as raw little-endian C-order bytes to OUT_DIR/expected/<case>.bin and
listed in OUT_DIR/manifest.json. Cases that Spangeo must refuse are listed with "error" set to
a word the error message must contain.
"""

import itertools
import json
import math
import os
import shutil
import struct
import sys

try:
    import numpy as np
    import zarr
    import numcodecs
    from numcodecs import (AsType, BitRound, Blosc, BZ2, Delta, FixedScaleOffset, GZip, LZ4, LZMA,
                           Pickle, Quantize, Shuffle, Zlib, Zstd)
except ImportError as e:  # the Java side shows this message
    print("make_interop_stores.py needs numpy, zarr 2 and numcodecs (Debian: apt-get install "
          "python3-zarr python3-numcodecs python3-xarray): %s" % e, file=sys.stderr)
    sys.exit(3)

if not zarr.__version__.startswith("2."):
    print("make_interop_stores.py needs zarr-python 2.x, found %s" % zarr.__version__, file=sys.stderr)
    sys.exit(3)

OUT = os.path.abspath(sys.argv[1])
if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(os.path.join(OUT, "expected"))

RNG = np.random.default_rng(20240611)
CASES = []
NAMES = set()


# ----------------------------------------------------------------------------------------------
# data

def prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def sample(dtype, shape, smooth=False, specials=True):
    """Deterministic test data; floats get NaN, infinities, -0.0, subnormals and extremes."""
    dt = np.dtype(dtype)
    n = prod(shape)
    if dt.kind == "b":
        a = RNG.random(n) < 0.35
    elif dt.kind == "f":
        if smooth:
            a = np.sin(np.arange(n) * 0.05) * 100.0 + np.round(RNG.normal(0, 1.0, n), 2)
        else:
            exp = RNG.integers(-30, 30, n) if dt.itemsize == 4 else RNG.integers(-300, 300, n)
            a = RNG.normal(0, 1, n) * np.power(10.0, exp)
        a = a.astype(dt)
        if specials and n >= 10:
            fi = np.finfo(dt)
            sp = [np.nan, np.inf, -np.inf, -0.0, 0.0, fi.max, fi.min, fi.tiny,
                  fi.smallest_subnormal, -fi.smallest_subnormal]
            pos = RNG.choice(n, len(sp), replace=False)
            a[pos] = np.array(sp, dtype=dt)
    else:
        info = np.iinfo(dt)
        if smooth:
            steps = RNG.integers(-3, 4, n)
            a = (np.cumsum(steps) + (info.min + info.max) // 2).astype(dt)
        else:
            a = RNG.integers(info.min, info.max, n, endpoint=True, dtype=dt.newbyteorder("="))
        a = a.astype(dt)
        if specials and n >= 4:
            pos = RNG.choice(n, 4, replace=False)
            a[pos] = np.array([info.min, info.max, 0, 1 if info.min == 0 else -1],
                              dtype=dt.newbyteorder("=")).astype(dt)
    return a.reshape(shape)


def le_dtype(dt):
    dt = np.dtype(dt)
    return dt if dt.byteorder in ("|", "<", "=") and dt.isnative else dt.newbyteorder("<")


def chunk_slices(shape, chunks, idx):
    return tuple(slice(i * c, min((i + 1) * c, s)) for i, c, s in zip(idx, chunks, shape))


def grid(shape, chunks):
    return [range(-(-s // c)) for s, c in zip(shape, chunks)]


# ----------------------------------------------------------------------------------------------
# manifest

def record(name, fmt, store, path, stored_dtype, shape, chunks, expected, missing=(), dims=None,
           fill=None, note=""):
    assert name not in NAMES, name
    NAMES.add(name)
    exp = np.array(expected, order="C").astype(le_dtype(expected.dtype), order="C")
    assert exp.shape == tuple(shape), (name, exp.shape, shape)
    rel = "expected/%s.bin" % name
    with open(os.path.join(OUT, rel), "wb") as f:
        f.write(exp.tobytes(order="C"))
    CASES.append({
        "name": name, "format": fmt, "store": store, "array": path,
        "dtype": np.dtype(stored_dtype).str, "expected_dtype": exp.dtype.str,
        "shape": list(shape), "chunks": list(chunks), "expected": rel,
        "missing_chunks": [list(m) for m in missing], "dimension_names": dims,
        "fill_value": fill, "note": note,
    })


def record_error(name, fmt, store, path, error, note):
    assert name not in NAMES, name
    NAMES.add(name)
    CASES.append({"name": name, "format": fmt, "store": store, "array": path, "error": error,
                  "note": note})


# ----------------------------------------------------------------------------------------------
# Zarr v2, written by zarr-python

def v2(name, data, chunks, store="v2", path=None, dtype=None, compressor=None, filters=None,
       order="C", sep=".", fill_value=0, skip=(), lossless=True, write_empty_chunks=True,
       note=""):
    """Writes `data` with zarr-python; chunks in `skip` are never written."""
    path = name if path is None else path
    dtype = np.dtype(dtype or data.dtype)
    root = os.path.join(OUT, store)
    z = zarr.open_array(store=root, path=path or None, mode="w", shape=data.shape, chunks=chunks,
                        dtype=dtype, compressor=compressor, filters=filters, order=order,
                        fill_value=fill_value, dimension_separator=sep,
                        write_empty_chunks=write_empty_chunks)
    skip = [tuple(s) for s in skip]
    if not skip and data.ndim > 0:
        z[...] = data
    elif data.ndim == 0:
        if () not in skip:
            z[...] = data
    else:
        for idx in itertools.product(*grid(data.shape, chunks)):
            if idx not in skip:
                sl = chunk_slices(data.shape, chunks, idx)
                z[sl] = data[sl]
    # The reference reader: what zarr-python reads back is what Spangeo must read.
    back = zarr.open_array(store=root, path=path or None, mode="r")[...]
    back = np.asarray(back, dtype=dtype)
    if fill_value is None and skip:
        # zarr-python 2 returns uninitialised memory for missing chunks without a fill value;
        # Spangeo's documented choice is NaN for floats and 0 otherwise.
        for idx in skip:
            back[chunk_slices(data.shape, chunks, idx)] = np.nan if dtype.kind == "f" else 0
    if lossless:
        mask = np.ones(data.shape, dtype=bool)
        for idx in skip:
            mask[chunk_slices(data.shape, chunks, idx)] = False
        assert np.array_equal(back[mask], data[mask].astype(dtype), equal_nan=(dtype.kind == "f")), name
    for idx in skip:  # make sure the chunk really is absent
        key = sep.join(map(str, idx)) if idx else "0"
        assert not os.path.exists(os.path.join(root, path, key)), key
    record(name, 2, store, path, dtype, data.shape, chunks, back, missing=skip, fill=_fill_json(z),
           note=note)
    return z


def _fill_json(z):
    with open(os.path.join(z.store.path, z.path, ".zarray") if z.path else
              os.path.join(z.store.path, ".zarray")) as f:
        return json.load(f)["fill_value"]


def v2_error(name, data, chunks, error, store="v2_errors", dtype=None, compressor=None, filters=None,
             note=""):
    root = os.path.join(OUT, store)
    z = zarr.open_array(store=root, path=name, mode="w", shape=data.shape, chunks=chunks,
                        dtype=dtype or data.dtype, compressor=compressor, filters=filters,
                        fill_value=None)
    z[...] = data
    record_error(name, 2, store, name, error, note)


V2_DTYPES = ["<f4", "<f8", ">f4", ">f8", "|i1", "<i2", "<i4", "<i8", ">i2", ">i4", ">i8",
             "|u1", "<u2", "<u4", "<u8", ">u2", ">u4", ">u8", "|b1"]


def write_v2():
    # every dtype, raw and through blosc (typesize = itemsize, so byte order matters)
    for dt in V2_DTYPES:
        tag = dt.replace("<", "le_").replace(">", "be_").replace("|", "")
        data = sample(dt, (9, 14))
        v2("dtype_%s_raw" % tag, data, (4, 5), store="v2_dtypes.zarr", compressor=None)
        v2("dtype_%s_blosc" % tag, data, (4, 5), store="v2_dtypes.zarr",
           compressor=Blosc("lz4", 5, Blosc.SHUFFLE))
        v2("dtype_%s_bitshuffle" % tag, data, (4, 5), store="v2_dtypes.zarr",
           compressor=Blosc("zstd", 3, Blosc.BITSHUFFLE))

    # every compressor, on three element sizes
    compressors = []
    for cname in ["lz4", "lz4hc", "blosclz", "zstd", "zlib"]:
        for sh, shname in [(Blosc.NOSHUFFLE, "noshuffle"), (Blosc.SHUFFLE, "shuffle"),
                           (Blosc.BITSHUFFLE, "bitshuffle")]:
            compressors.append(("blosc_%s_%s" % (cname, shname), Blosc(cname, 5, sh)))
    compressors += [
        ("blosc_lz4_autoshuffle", Blosc("lz4", 5, Blosc.AUTOSHUFFLE)),
        ("blosc_lz4_clevel0", Blosc("lz4", 0, Blosc.SHUFFLE)),
        ("blosc_zstd_clevel9_blocksize256", Blosc("zstd", 9, Blosc.SHUFFLE, blocksize=256)),
        ("zstd", Zstd(level=3)), ("zstd_level22", Zstd(level=22)),
        ("zlib", Zlib(level=6)), ("zlib_level0", Zlib(level=0)),
        ("gzip", GZip(level=5)), ("gzip_level9", GZip(level=9)),
        ("lz4", LZ4()), ("lz4_acceleration20", LZ4(acceleration=20)),
        ("none", None),
    ]
    for cname, comp in compressors:
        for dt in ["<f8", ">i2", "|u1", "<f4"]:
            tag = dt.replace("<", "le_").replace(">", "be_").replace("|", "")
            v2("comp_%s_%s" % (cname, tag), sample(dt, (20, 30), smooth=True), (8, 16),
               store="v2_compressors.zarr", compressor=comp)
    # chunks big enough for blosc to split them into several blocks, and lz4 to use long matches
    big = sample("<f8", (160, 100), smooth=True)
    for cname, comp in [("blosc_lz4", Blosc("lz4", 5, Blosc.SHUFFLE)),
                        ("blosc_zstd_bitshuffle", Blosc("zstd", 5, Blosc.BITSHUFFLE)),
                        ("zstd", Zstd(3)), ("lz4", LZ4()), ("gzip", GZip(5)), ("zlib", Zlib(5))]:
        v2("bigchunk_%s" % cname, big, (128, 100), store="v2_compressors.zarr", compressor=comp)

    # filters (numcodecs), alone and chained, C and F order
    # Delta stores each chunk's first element as is, so values must fit the i4 it is stored in
    smooth_i8 = (np.cumsum(RNG.integers(-1000, 1000, 9 * 14)) + 2 * 10 ** 9).astype("<i8").reshape(9, 14)
    v2("filter_delta_i8_astype_i4", smooth_i8, (4, 5), store="v2_filters.zarr",
       filters=[Delta(dtype="<i8", astype="<i4")], compressor=Zlib(1))
    v2("filter_delta_i4_wraps", sample("<i4", (9, 14)), (4, 5), store="v2_filters.zarr",
       filters=[Delta(dtype="<i4")], compressor=Blosc("lz4", 5, Blosc.SHUFFLE))
    v2("filter_delta_u1_wraps", sample("|u1", (9, 14)), (4, 5), store="v2_filters.zarr",
       filters=[Delta(dtype="|u1")], compressor=None)
    v2("filter_delta_be_i2", sample(">i2", (9, 14), smooth=True), (4, 5), store="v2_filters.zarr",
       filters=[Delta(dtype=">i2")], compressor=Zstd(1))
    v2("filter_delta_f8", sample("<f8", (9, 14), smooth=True, specials=False), (4, 5),
       store="v2_filters.zarr", filters=[Delta(dtype="<f8")], compressor=None, lossless=False)
    v2("filter_delta_f4", sample("<f4", (9, 14), smooth=True, specials=False), (4, 5),
       store="v2_filters.zarr", filters=[Delta(dtype="<f4")], compressor=None, lossless=False)
    wide = (RNG.normal(0, 1, 9 * 14) * np.power(10.0, RNG.integers(-5, 5, 9 * 14))).reshape(9, 14)
    # numpy's cumsum accumulates in the promoted type of the stored and decoded dtypes
    v2("filter_delta_f4_astype_f8", wide.astype("<f4"), (4, 5), store="v2_filters.zarr",
       filters=[Delta(dtype="<f4", astype="<f8")], compressor=None, lossless=False)
    v2("filter_delta_f8_astype_f4", wide, (4, 5), store="v2_filters.zarr",
       filters=[Delta(dtype="<f8", astype="<f4")], compressor=Zlib(1), lossless=False)
    v2("filter_delta_f4_astype_i2", np.round(wide * 100).clip(-3000, 3000).astype("<f4"), (4, 5),
       store="v2_filters.zarr", filters=[Delta(dtype="<f4", astype="<i2")], compressor=None)
    v2("filter_delta_f4_astype_i4", np.round(wide * 1e7).clip(-1e9, 1e9).astype("<f4"), (4, 5),
       store="v2_filters.zarr", filters=[Delta(dtype="<f4", astype="<i4")], compressor=None,
       lossless=False)
    temps = (sample("<f8", (9, 14), smooth=True, specials=False) * 0.2 + 10.0)
    v2("filter_fixedscaleoffset_f8_u1", np.clip(temps, -2, 23), (4, 5), store="v2_filters.zarr",
       filters=[FixedScaleOffset(offset=-2.0, scale=10.0, dtype="<f8", astype="u1")],
       compressor=Blosc("lz4", 5, Blosc.SHUFFLE), lossless=False)
    v2("filter_fixedscaleoffset_f8_i2", temps, (4, 5), store="v2_filters.zarr",
       filters=[FixedScaleOffset(offset=10.0, scale=1000.0, dtype="<f8", astype="<i2")],
       compressor=Zlib(1), lossless=False)
    v2("filter_fixedscaleoffset_f4_be_i2", temps.astype("<f4"), (4, 5), store="v2_filters.zarr",
       filters=[FixedScaleOffset(offset=10.0, scale=100.0, dtype="<f4", astype=">i2")],
       compressor=None, lossless=False)
    v2("filter_fixedscaleoffset_i4_u1", (np.arange(9 * 14).reshape(9, 14) * 7 + 1000).astype("<i4"), (4, 5),
       store="v2_filters.zarr",
       filters=[FixedScaleOffset(offset=1000, scale=0.25, dtype="<i4", astype="u1")],
       compressor=None, lossless=False)
    v2("filter_quantize_f8_astype_f4", temps, (4, 5), store="v2_filters.zarr",
       filters=[Quantize(digits=2, dtype="<f8", astype="<f4")], compressor=Zlib(1), lossless=False)
    v2("filter_quantize_f4", temps.astype("<f4"), (4, 5), store="v2_filters.zarr",
       filters=[Quantize(digits=1, dtype="<f4")], compressor=Blosc("zstd", 5, Blosc.BITSHUFFLE),
       lossless=False)
    v2("filter_bitround_f4", sample("<f4", (9, 14), specials=False), (4, 5), store="v2_filters.zarr",
       filters=[BitRound(keepbits=7)], compressor=Zstd(3), lossless=False)
    v2("filter_bitround_f8", sample("<f8", (9, 14), specials=False), (4, 5), store="v2_filters.zarr",
       filters=[BitRound(keepbits=20)], compressor=Blosc("lz4", 5, Blosc.SHUFFLE), lossless=False)
    v2("filter_astype_f8_to_f4", temps, (4, 5), store="v2_filters.zarr",
       filters=[AsType(encode_dtype="<f4", decode_dtype="<f8")], compressor=None, lossless=False)
    v2("filter_astype_f8_to_i2", np.round(temps * 100), (4, 5), store="v2_filters.zarr",
       filters=[AsType(encode_dtype="<i2", decode_dtype="<f8")], compressor=Zlib(1))
    v2("filter_astype_i4_to_be_i8", sample("<i4", (9, 14)), (4, 5), store="v2_filters.zarr",
       filters=[AsType(encode_dtype=">i8", decode_dtype="<i4")], compressor=None)
    v2("filter_shuffle_f8", sample("<f8", (9, 14)), (4, 5), store="v2_filters.zarr",
       filters=[Shuffle(elementsize=8)], compressor=Zlib(1))
    v2("filter_shuffle_be_i4", sample(">i4", (9, 14)), (4, 5), store="v2_filters.zarr",
       filters=[Shuffle(elementsize=4)], compressor=None)
    v2("filter_shuffle_u2_elementsize4", sample("<u2", (9, 14)), (4, 6), store="v2_filters.zarr",
       filters=[Shuffle(elementsize=4)], compressor=None)
    v2("filter_chain_delta_shuffle_blosc", sample("<i4", (9, 14), smooth=True), (4, 5),
       store="v2_filters.zarr", filters=[Delta(dtype="<i4"), Shuffle(elementsize=4)],
       compressor=Blosc("zstd", 5, Blosc.NOSHUFFLE))
    v2("filter_chain_fso_delta", temps, (4, 5), store="v2_filters.zarr",
       filters=[FixedScaleOffset(offset=10.0, scale=100.0, dtype="<f8", astype="<i4"),
                Delta(dtype="<i4", astype="<i2")],
       compressor=Zstd(1), lossless=False)
    v2("filter_delta_order_F", sample("<i4", (7, 11, 13), smooth=True), (3, 4, 5),
       store="v2_filters.zarr", filters=[Delta(dtype="<i4")], compressor=Zlib(1), order="F")
    v2("filter_fso_order_F_be", temps.astype(">f8"), (4, 5), store="v2_filters.zarr",
       filters=[FixedScaleOffset(offset=10.0, scale=100.0, dtype=">f8", astype=">i2")],
       compressor=Blosc("lz4", 5, Blosc.SHUFFLE), order="F", lossless=False)

    # order C / F x dimension separator "." / "/", 3-D with partial edge chunks
    comps = [("blosc", Blosc("zstd", 5, Blosc.BITSHUFFLE)), ("zlib", Zlib(3)), ("raw", None)]
    k = 0
    for order in "CF":
        for sep, sepname in [(".", "dot"), ("/", "slash")]:
            for dt in ["<f4", ">i8", "|u1", ">f8", "<u2"]:
                cname, comp = comps[k % len(comps)]
                k += 1
                tag = dt.replace("<", "le_").replace(">", "be_").replace("|", "")
                v2("layout_%s_%s_%s_%s" % (order, sepname, tag, cname), sample(dt, (7, 11, 13)),
                   (3, 4, 5), store="v2_layout.zarr", compressor=comp, order=order, sep=sep)
    v2("layout_F_4d", sample("<i2", (3, 4, 5, 6)), (2, 3, 2, 4), store="v2_layout.zarr",
       compressor=Blosc("lz4", 5, Blosc.SHUFFLE), order="F")
    v2("layout_F_2d_slash", sample(">f4", (10, 7)), (3, 3), store="v2_layout.zarr",
       compressor=None, order="F", sep="/")
    v2("layout_chunks_larger_than_array", sample("<i4", (3, 4)), (5, 10), store="v2_layout.zarr",
       compressor=Zlib(1), order="F")
    v2("layout_one_chunk_exact", sample("<f8", (4, 6)), (4, 6), store="v2_layout.zarr",
       compressor=Zstd(1))
    v2("layout_chunk_of_one", sample("<u2", (3, 4)), (1, 1), store="v2_layout.zarr", compressor=None,
       sep="/")
    # arrays that are the store root, and arrays deep in groups
    v2("root_array_dot", sample("<f8", (6, 7)), (4, 4), store="v2_root_dot.zarr", path="",
       compressor=Blosc("lz4", 5, Blosc.SHUFFLE))
    v2("root_array_slash_F", sample(">i4", (6, 7, 3)), (4, 4, 2), store="v2_root_slash.zarr",
       path="", compressor=Zlib(1), order="F", sep="/")
    v2("nested_group_array", sample("<i8", (5, 6)), (2, 4), store="v2_groups.zarr",
       path="level1/level2/temperature", compressor=GZip(1))

    # fill values, with chunks that were never written
    miss2 = [(0, 1), (2, 0), (2, 2)]  # of a (9, 14) array in (4, 5) chunks: grid (3, 3)
    fills = [
        ("number_f8", "<f8", 42.5), ("negative_f4", "<f4", -1.25), ("nan_f8", "<f8", np.nan),
        ("nan_be_f4", ">f4", np.nan), ("inf_f8", "<f8", np.inf), ("neginf_f4", "<f4", -np.inf),
        ("neginf_be_f8", ">f8", -np.inf), ("tiny_f4", "<f4", float(np.float32(1e-40))),
        ("int_i2", "<i2", -7), ("int_be_i4", ">i4", -123456), ("int_i8_min", "<i8", -2 ** 63),
        ("uint_u8_max", "<u8", 2 ** 64 - 1), ("uint_be_u2", ">u2", 65000), ("uint_u1", "|u1", 255),
        ("int_i1", "|i1", -128), ("bool_true", "|b1", True), ("bool_false", "|b1", False),
        ("zero_f8", "<f8", 0.0),
    ]
    for tag, dt, fv in fills:
        v2("fill_%s_missing" % tag, sample(dt, (9, 14)), (4, 5), store="v2_fill.zarr",
           compressor=Blosc("lz4", 5, Blosc.SHUFFLE), fill_value=fv, skip=miss2)
    v2("fill_null_f8_all_written", sample("<f8", (9, 14)), (4, 5), store="v2_fill.zarr",
       compressor=Zlib(1), fill_value=None)
    v2("fill_null_i4_all_written", sample("<i4", (9, 14)), (4, 5), store="v2_fill.zarr",
       compressor=None, fill_value=None)
    v2("fill_null_f8_missing", sample("<f8", (9, 14)), (4, 5), store="v2_fill.zarr",
       compressor=Zlib(1), fill_value=None, skip=miss2,
       note="no fill value: Spangeo reads missing chunks as NaN")
    v2("fill_null_be_i4_missing", sample(">i4", (9, 14)), (4, 5), store="v2_fill.zarr",
       compressor=None, fill_value=None, skip=miss2, note="no fill value: Spangeo reads 0")
    v2("fill_nan_order_F_slash_missing", sample("<f4", (7, 11, 13)), (3, 4, 5), store="v2_fill.zarr",
       compressor=Zstd(1), fill_value=np.nan, order="F", sep="/",
       skip=[(0, 0, 0), (2, 2, 2), (1, 0, 2), (2, 1, 0)])
    v2("fill_all_chunks_missing", sample("<f8", (5, 5)), (2, 2), store="v2_fill.zarr",
       compressor=Zlib(1), fill_value=-9999.0,
       skip=[i for i in itertools.product(range(3), range(3))])
    # zarr-python skips chunks that hold only the fill value
    sparse = np.full((12, 10), 3.0, dtype="<f8")
    sparse[4:7, 2:9] = sample("<f8", (3, 7), specials=False)
    v2("fill_write_empty_chunks_false", sparse, (4, 4), store="v2_fill.zarr",
       compressor=Blosc("lz4", 5, Blosc.SHUFFLE), fill_value=3.0, write_empty_chunks=False)

    # 0-d and 1-d arrays
    v2("zero_d_f8_blosc", np.array(math.pi, dtype="<f8"), (), store="v2_small.zarr",
       compressor=Blosc("lz4", 5, Blosc.SHUFFLE))
    v2("zero_d_be_i4_raw", np.array(-123456789, dtype=">i4"), (), store="v2_small.zarr")
    v2("zero_d_bool_zlib", np.array(True), (), store="v2_small.zarr", compressor=Zlib(1))
    v2("zero_d_u8_zstd", np.array(2 ** 64 - 2, dtype="<u8"), (), store="v2_small.zarr",
       compressor=Zstd(3))
    v2("zero_d_missing_fill", np.array(0.0, dtype="<f8"), (), store="v2_small.zarr",
       compressor=None, fill_value=7.5, skip=[()])
    v2("zero_d_missing_nan", np.array(0.0, dtype=">f4"), (), store="v2_small.zarr",
       compressor=None, fill_value=np.nan, skip=[()])
    v2("one_d_f4_blosc", sample("<f4", (37,)), (8,), store="v2_small.zarr",
       compressor=Blosc("blosclz", 5, Blosc.SHUFFLE))
    v2("one_d_be_i8_gzip", sample(">i8", (37,)), (8,), store="v2_small.zarr", compressor=GZip(1))
    v2("one_d_u1_lz4_slash", sample("|u1", (37,)), (8,), store="v2_small.zarr", compressor=LZ4(),
       sep="/")
    v2("one_d_bool_F", sample("|b1", (37,)), (8,), store="v2_small.zarr", order="F")
    v2("one_d_missing", sample("<i2", (37,)), (8,), store="v2_small.zarr", fill_value=-1,
       skip=[(1,), (4,)], compressor=Zstd(1))
    v2("one_d_chunk_larger_than_array", sample("<f8", (5,)), (10,), store="v2_small.zarr",
       compressor=None)
    v2("one_d_empty", np.zeros((0,), dtype="<f4"), (4,), store="v2_small.zarr", compressor=Zlib(1))
    v2("two_d_empty_dim", np.zeros((3, 0), dtype="<i4"), (2, 2), store="v2_small.zarr",
       compressor=None)

    # arrays Spangeo must refuse, with a message that names the reason
    base = np.arange(16.0).reshape(4, 4)
    v2_error("err_blosc_snappy", base, (2, 2), "snappy", compressor=Blosc("snappy", 5, Blosc.SHUFFLE),
             note="blosc cname snappy is not in blosc-java")
    v2_error("err_bz2", base, (2, 2), "bz2", compressor=BZ2(1), note="numcodecs BZ2 is not supported")
    v2_error("err_lzma", base, (2, 2), "lzma", compressor=LZMA(), note="numcodecs LZMA is not supported")
    v2_error("err_pickle_filter", base, (2, 2), "pickle", filters=[Pickle()],
             note="pickle can run code and is always refused")
    v2_error("err_dtype_c16", base.astype("<c16"), (2, 2), "<c16", note="complex")
    # float16, datetime64, timedelta64 and text are read: StoreCorpusTest compares them with xarray


def write_xarray():
    """A dataset as xarray writes it: raw (undecoded) arrays, with _ARRAY_DIMENSIONS."""
    try:
        import xarray as xr
    except ImportError as e:
        print("make_interop_stores.py needs xarray (python3-xarray): %s" % e, file=sys.stderr)
        sys.exit(3)
    time = np.array("2019-01-01", dtype="datetime64[ns]") + np.arange(5) * np.timedelta64(6, "h")
    lat = np.linspace(60, -60, 7)
    lon = np.arange(9) * 40.0
    temp = (sample("<f4", (5, 7, 9), smooth=True, specials=False) + 250).astype("<f4")
    temp[1, 2, 3] = np.nan
    packed = sample("<f8", (5, 7, 9), smooth=True, specials=False)
    packed[0, 0, :] = np.nan
    ds = xr.Dataset({"temp": (("time", "lat", "lon"), temp), "packed": (("time", "lat", "lon"), packed)},
                    coords={"time": time, "lat": lat, "lon": lon})
    root = os.path.join(OUT, "xarray_dataset.zarr")
    ds.to_zarr(root, mode="w", consolidated=True, encoding={
        "temp": {"chunks": (2, 4, 5)},
        "packed": {"chunks": (3, 7, 4), "dtype": "int16", "scale_factor": 0.01,
                   "_FillValue": -32768, "compressor": Zstd(3)},
    })
    for var, dims in [("temp", ["time", "lat", "lon"]), ("packed", ["time", "lat", "lon"]),
                      ("time", ["time"]), ("lat", ["lat"]), ("lon", ["lon"])]:
        z = zarr.open_array(store=root, path=var, mode="r")
        record("xarray_" + var, 2, "xarray_dataset.zarr", var, z.dtype, z.shape, z.chunks, z[...],
               dims=dims, fill=_fill_json(z), note="written by xarray.Dataset.to_zarr")


# ----------------------------------------------------------------------------------------------
# Zarr v3, written by hand from the specification

def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC_TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value (RFC 3720)

V3_NAMES = {"bool": "bool", "i1": "int8", "i2": "int16", "i4": "int32", "i8": "int64",
            "u1": "uint8", "u2": "uint16", "u4": "uint32", "u8": "uint64", "f4": "float32",
            "f8": "float64"}
SHUFFLES = {"noshuffle": Blosc.NOSHUFFLE, "shuffle": Blosc.SHUFFLE, "bitshuffle": Blosc.BITSHUFFLE}
EMPTY = 2 ** 64 - 1


def encode_v3(a, codecs, fill):
    """Encodes one chunk (a numpy array of the chunk shape) through a v3 codec list."""
    b = None
    itemsize = a.dtype.itemsize
    for c in codecs:
        name = c["name"]
        cfg = c.get("configuration", {})
        if name == "transpose":
            assert b is None
            a = np.transpose(a, cfg["order"])
        elif name == "bytes":
            endian = cfg.get("endian", "little")
            dt = a.dtype.newbyteorder("<" if endian == "little" else ">")
            b = np.ascontiguousarray(a.astype(dt)).tobytes(order="C")
        elif name == "sharding_indexed":
            b = encode_shard(a, cfg, fill)
        elif name == "blosc":
            ts = cfg.get("typesize", itemsize)
            codec = Blosc(cfg["cname"], cfg["clevel"], SHUFFLES[cfg["shuffle"]], cfg.get("blocksize", 0))
            b = bytes(codec.encode(np.frombuffer(b, dtype="u%d" % ts if ts in (1, 2, 4, 8) else "u1")))
        elif name == "gzip":
            b = bytes(GZip(cfg["level"]).encode(b))
        elif name == "zstd":
            b = bytes(Zstd(cfg["level"]).encode(b))
        elif name == "crc32c":
            b = b + struct.pack("<I", crc32c(b))
        else:
            raise ValueError(name)
    return b


def encode_shard(a, cfg, fill):
    inner = cfg["chunk_shape"]
    per = [s // i for s, i in zip(a.shape, inner)]
    count = prod(per)
    loc = cfg.get("index_location", "end")
    index_len = len(encode_v3(np.zeros(per + [2], dtype="<u8"), cfg["index_codecs"], 0))
    pieces = []
    entries = np.full(per + [2], EMPTY, dtype=np.uint64)
    order = list(itertools.product(*[range(p) for p in per]))
    # inner chunks holding only the fill value are left out, as the spec allows; and the pieces
    # are written in reverse order so that a reader must follow the index, not assume an order
    offset = index_len if loc == "start" else 0
    for idx in reversed(order):
        sub = a[tuple(slice(i * c, (i + 1) * c) for i, c in zip(idx, inner))]
        if np.array_equal(sub, np.full(sub.shape, fill, dtype=sub.dtype), equal_nan=(a.dtype.kind == "f")):
            continue
        enc = encode_v3(sub, cfg["codecs"], fill)
        entries[idx] = (offset, len(enc))
        pieces.append(enc)
        offset += len(enc)
    index = encode_v3(entries, cfg["index_codecs"], 0)
    assert len(index) == index_len and count * 16 <= index_len
    body = b"".join(pieces)
    return index + body if loc == "start" else body + index


def v3_key(idx, kenc):
    name, sep = kenc
    if name == "default":
        return "c" if not idx else "c" + sep + sep.join(map(str, idx))
    return "0" if not idx else sep.join(map(str, idx))


def v3_fill_json(fv, dt):
    if isinstance(fv, str):
        return fv
    if dt.kind == "b":
        return bool(fv)
    if dt.kind == "f":
        if math.isnan(fv):
            return "NaN"
        if math.isinf(fv):
            return "Infinity" if fv > 0 else "-Infinity"
        return float(fv)
    return int(fv)


def v3(name, data, chunks, codecs, store="v3.zarr", path=None, fill_value=0, kenc=("default", "/"),
       skip=(), dims=None, fill_json=None, note=""):
    path = name if path is None else path
    dt = np.dtype(data.dtype)
    root = os.path.join(OUT, store)
    adir = os.path.join(root, path) if path else root
    os.makedirs(adir, exist_ok=True)
    if not os.path.exists(os.path.join(root, "zarr.json")) and path:
        with open(os.path.join(root, "zarr.json"), "w") as f:
            json.dump({"zarr_format": 3, "node_type": "group", "attributes": {}}, f)
    fv = np.array(fill_value).astype(dt.newbyteorder("=")).item() if not isinstance(fill_value, str) \
        else fill_value
    fill_num = fv
    if isinstance(fill_value, str) and fill_value.startswith("0x"):
        fill_num = np.frombuffer(bytes.fromhex(fill_value[2:])[::-1], dtype="<u%d" % dt.itemsize) \
            .view("<f%d" % dt.itemsize)[0]
    meta = {
        "zarr_format": 3, "node_type": "array", "shape": list(data.shape),
        "data_type": V3_NAMES[dt.str[1:]] if dt.kind != "b" else "bool",
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(chunks)}},
        "chunk_key_encoding": {"name": kenc[0], "configuration": {"separator": kenc[1]}},
        "fill_value": fill_json if fill_json is not None else v3_fill_json(fv, dt),
        "codecs": codecs, "attributes": {"written_by": "make_interop_stores.py"},
    }
    if dims is not None:
        meta["dimension_names"] = dims
    with open(os.path.join(adir, "zarr.json"), "w") as f:
        json.dump(meta, f, indent=2)
    expected = data.copy()
    skip = [tuple(s) for s in skip]
    for idx in itertools.product(*grid(data.shape, chunks)) if data.ndim else [()]:
        if idx in skip:
            expected[chunk_slices(data.shape, chunks, idx)] = fill_num
            continue
        full = np.full(chunks, fill_num, dtype=dt)
        sl = chunk_slices(data.shape, chunks, idx)
        full[tuple(slice(0, s.stop - s.start) for s in sl)] = data[sl]
        key = os.path.join(adir, *v3_key(idx, kenc).split("/"))
        os.makedirs(os.path.dirname(key), exist_ok=True)
        with open(key, "wb") as f:
            f.write(encode_v3(full, codecs, fill_num))
    stored = dt
    for c in codecs:
        if c["name"] == "bytes" and c.get("configuration", {}).get("endian") == "big":
            stored = dt.newbyteorder(">")
        if c["name"] == "sharding_indexed":
            for ic in c["configuration"]["codecs"]:
                if ic["name"] == "bytes" and ic.get("configuration", {}).get("endian") == "big":
                    stored = dt.newbyteorder(">")
    record(name, 3, store, path, stored, data.shape, chunks, expected, missing=skip, dims=dims,
           fill=meta["fill_value"], note=note)


def BYTES(endian="little"):
    return {"name": "bytes", "configuration": {"endian": endian}}


def BLOSC(cname, shuffle, typesize, clevel=5):
    return {"name": "blosc", "configuration": {"cname": cname, "clevel": clevel, "shuffle": shuffle,
                                               "typesize": typesize, "blocksize": 0}}


def GZIP(level=5):
    return {"name": "gzip", "configuration": {"level": level}}


def ZSTD(level=3):
    return {"name": "zstd", "configuration": {"level": level, "checksum": False}}


CRC = {"name": "crc32c"}


def TRANSPOSE(order):
    return {"name": "transpose", "configuration": {"order": list(order)}}


def SHARD(inner, codecs, index_codecs=None, loc="end"):
    return {"name": "sharding_indexed", "configuration": {
        "chunk_shape": list(inner), "codecs": codecs,
        "index_codecs": index_codecs if index_codecs is not None else [BYTES(), CRC],
        "index_location": loc}}


def write_v3():
    s3 = (7, 11, 13)
    c3 = (3, 4, 5)
    # bytes codec, both byte orders, every data type
    for dt in ["<f4", "<f8", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8", "|b1"]:
        name = V3_NAMES[dt[1:]] if dt != "|b1" else "bool"
        v3("v3_dtype_%s_le" % name, sample(dt, (9, 14)), (4, 5), [BYTES("little")], store="v3_dtypes.zarr")
        if dt[0] != "|":
            v3("v3_dtype_%s_be" % name, sample(dt, (9, 14)), (4, 5), [BYTES("big")], store="v3_dtypes.zarr")
    v3("v3_u1_bytes_without_endian", sample("|u1", (9, 14)), (4, 5), [{"name": "bytes"}],
       store="v3_dtypes.zarr")
    # transpose, including orders that are not their own inverse
    for order in [(2, 1, 0), (1, 2, 0), (2, 0, 1), (0, 2, 1), (0, 1, 2)]:
        v3("v3_transpose_%s" % "".join(map(str, order)), sample("<f8", s3), c3,
           [TRANSPOSE(order), BYTES()], store="v3_codecs.zarr")
    v3("v3_transpose_2d_be_i4_blosc", sample(">i4", (10, 7)), (4, 3),
       [TRANSPOSE((1, 0)), BYTES("big"), BLOSC("lz4", "shuffle", 4)], store="v3_codecs.zarr")
    v3("v3_transpose_twice", sample("<i2", s3), c3,
       [TRANSPOSE((1, 2, 0)), TRANSPOSE((1, 2, 0)), BYTES()], store="v3_codecs.zarr")
    # bytes-to-bytes codecs
    for cname in ["lz4", "zstd", "blosclz", "zlib", "lz4hc"]:
        for sh in ["noshuffle", "shuffle", "bitshuffle"]:
            v3("v3_blosc_%s_%s" % (cname, sh), sample("<f4", s3, smooth=True), c3,
               [BYTES(), BLOSC(cname, sh, 4)], store="v3_codecs.zarr")
    v3("v3_blosc_be_i8", sample(">i8", s3, smooth=True), c3, [BYTES("big"), BLOSC("zstd", "shuffle", 8)],
       store="v3_codecs.zarr")
    v3("v3_gzip", sample("<i4", s3), c3, [BYTES(), GZIP(5)], store="v3_codecs.zarr")
    v3("v3_zstd", sample("<f8", s3), c3, [BYTES(), ZSTD(3)], store="v3_codecs.zarr")
    v3("v3_crc32c", sample("<u2", s3), c3, [BYTES(), CRC], store="v3_codecs.zarr")
    v3("v3_gzip_crc32c", sample(">f8", s3), c3, [BYTES("big"), GZIP(1), CRC], store="v3_codecs.zarr")
    v3("v3_transpose_zstd_crc32c", sample("<i8", s3), c3, [TRANSPOSE((2, 0, 1)), BYTES(), ZSTD(1), CRC],
       store="v3_codecs.zarr")
    v3("v3_zstd_then_gzip", sample("<i2", s3), c3, [BYTES(), ZSTD(1), GZIP(1)], store="v3_codecs.zarr")
    # sharding: index at the end and at the start, empty inner chunks, missing shards
    sh = sample("<f4", (10, 14), specials=False)
    sh[0:2, 0:3] = 0.0  # one inner chunk that holds only the fill value: left out of its shard
    sh[6:8, 9:12] = 0.0
    v3("v3_shard_index_end", sh, (4, 6), [SHARD((2, 3), [BYTES(), ZSTD(1)])], store="v3_shard.zarr")
    v3("v3_shard_index_start", sh, (4, 6), [SHARD((2, 3), [BYTES(), GZIP(1)], loc="start")],
       store="v3_shard.zarr")
    v3("v3_shard_index_no_crc", sh, (4, 6), [SHARD((2, 3), [BYTES()], index_codecs=[BYTES()])],
       store="v3_shard.zarr")
    v3("v3_shard_be_index_be", sample(">i4", (10, 14)), (4, 6),
       [SHARD((2, 3), [BYTES("big"), BLOSC("lz4", "shuffle", 4)], index_codecs=[BYTES("big"), CRC])],
       store="v3_shard.zarr")
    v3("v3_shard_inner_transpose_crc", sample("<i8", (6, 8, 10)), (6, 4, 10),
       [SHARD((3, 2, 5), [TRANSPOSE((2, 0, 1)), BYTES(), CRC])], store="v3_shard.zarr")
    v3("v3_shard_outer_transpose", sample("<u2", (8, 12)), (4, 6),
       [TRANSPOSE((1, 0)), SHARD((3, 2), [BYTES(), ZSTD(1)])], store="v3_shard.zarr")
    v3("v3_shard_missing_shards", sample("<f8", (10, 14), specials=False), (4, 6),
       [SHARD((2, 3), [BYTES(), BLOSC("zstd", "bitshuffle", 8)], loc="start")], store="v3_shard.zarr",
       fill_value=np.nan, skip=[(0, 1), (2, 0)])
    v3("v3_shard_zstd_outside", sh, (4, 6), [SHARD((2, 3), [BYTES()]), ZSTD(1)], store="v3_shard.zarr")
    # more than 4096 inner chunks: the shard index alone is over 64 KiB, inside an outer zstd
    v3("v3_shard_big_index_outer_zstd", sample("<f4", (70, 64), specials=False), (70, 64),
       [SHARD((1, 1), [BYTES()]), ZSTD(1)], store="v3_shard.zarr")
    v3("v3_shard_1d", sample("<i4", (50,)), (20,), [SHARD((5,), [BYTES(), CRC])], store="v3_shard.zarr")
    # chunk key encodings
    for kname, sep in [("default", "/"), ("default", "."), ("v2", "."), ("v2", "/")]:
        v3("v3_keys_%s_%s" % (kname, "slash" if sep == "/" else "dot"), sample("<i4", s3), c3,
           [BYTES(), GZIP(1)], store="v3_keys.zarr", kenc=(kname, sep), skip=[(1, 1, 1)])
    v3("v3_root_array", sample("<f8", (6, 7)), (4, 4), [BYTES(), ZSTD(1)], store="v3_root.zarr", path="")
    v3("v3_nested_array", sample("<u4", (6, 7)), (4, 4), [BYTES()], store="v3_groups.zarr",
       path="group/sub/array")
    # fill values and missing chunks
    miss = [(0, 1), (2, 0), (2, 2)]
    for tag, dt, fv, fj in [("number_f8", "<f8", 42.5, None), ("nan_f4", "<f4", np.nan, None),
                            ("inf_f8", "<f8", np.inf, None), ("neginf_f4", "<f4", -np.inf, None),
                            ("hex_nan_f4", "<f4", "0x7fc00001", "0x7fc00001"),
                            ("hex_f8", "<f8", "0x400921fb54442d18", "0x400921fb54442d18"),
                            ("int_i2", "<i2", -7, None), ("uint_u8_max", "<u8", 2 ** 64 - 1, None),
                            ("bool_true", "|b1", True, None)]:
        v3("v3_fill_%s_missing" % tag, sample(dt, (9, 14)), (4, 5), [BYTES(), ZSTD(1)],
           store="v3_fill.zarr", fill_value=fv, fill_json=fj, skip=miss)
    # 0-d and 1-d
    v3("v3_zero_d", np.array(2.5, dtype="<f8"), (), [BYTES()], store="v3_small.zarr")
    v3("v3_zero_d_v2_key_gzip", np.array(-3, dtype="<i2"), (), [BYTES("big"), GZIP(1)],
       store="v3_small.zarr", kenc=("v2", "."))
    v3("v3_zero_d_missing", np.array(0, dtype="<i4"), (), [BYTES()], store="v3_small.zarr",
       fill_value=77, skip=[()])
    v3("v3_one_d", sample("<f4", (37,)), (8,), [BYTES(), BLOSC("lz4", "bitshuffle", 4)],
       store="v3_small.zarr", dims=["x"])
    v3("v3_dimension_names", sample("<i2", (4, 5, 6)), (2, 5, 4), [BYTES()], store="v3_small.zarr",
       dims=["time", "lat", "lon"])


write_v2()
write_xarray()
write_v3()

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump({"generator": "make_interop_stores.py", "zarr": zarr.__version__,
               "numcodecs": numcodecs.__version__, "numpy": np.__version__, "cases": CASES}, f,
              indent=1)
print("wrote %d cases to %s" % (len(CASES), OUT))
