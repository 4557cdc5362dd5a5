// Zarr v3 peer for ZarritaInteropTest, on zarrita.js (an implementation independent of Spangeo).
//
//   node zarrita_interop.mjs read MANIFEST   reads every array the manifest lists (stores Spangeo
//                                           wrote) and compares it value for value; prints one
//                                           line per array, "ok N" at the end, exits 1 on any
//                                           difference
//   node zarrita_interop.mjs write DIR      writes DIR/zarrita.zarr with the layouts zarrita
//                                           encodes, and DIR/expected.json with what it wrote
import * as fs from "node:fs";
import * as path from "node:path";
import FileSystemStore from "@zarrita/storage/fs";
import * as zarr from "zarrita";

const [, , command, arg] = process.argv;

/** A value as JSON can hold it: NaN and infinities as strings, bigints as decimal strings. */
function plain(x) {
  if (typeof x === "bigint") return x.toString();
  if (typeof x === "number" && !Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
  return x;
}

function same(a, b) {
  return plain(a) === plain(b) || (typeof plain(a) === "number" && plain(a) === Number(plain(b)));
}

/** The values of a zarrita chunk in C order: get() may hand back a strided view (after a transpose codec). */
function cOrder(chunk) {
  const { data, shape, stride } = chunk;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Array(n);
  const idx = new Array(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < shape.length; d++) off += idx[d] * stride[d];
    out[i] = data.get ? data.get(off) : data[off];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

async function read(manifestPath) {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  let failed = 0;
  let checked = 0;
  for (const g of manifest.groups ?? []) {
    // the group through its inline consolidated metadata, as zarr-python 3 writes it
    const store = await zarr.withConsolidatedMetadata(new FileSystemStore(g.store), { format: "v3" });
    const group = await zarr.open(store, { kind: "group" });
    const listed = store.contents().map((c) => c.path).filter((p) => p !== "/").sort();
    const want = g.arrays.map((a) => "/" + a).sort();
    const problems = [];
    if (JSON.stringify(listed) !== JSON.stringify(want)) problems.push(`lists ${listed}, expected ${want}`);
    if (JSON.stringify(group.attrs) !== JSON.stringify(g.attributes)) {
      problems.push(`attributes ${JSON.stringify(group.attrs)} != ${JSON.stringify(g.attributes)}`);
    }
    for (const name of g.arrays) {
      const arr = await zarr.open(group.resolve(name), { kind: "array" });
      if (!arr.dimensionNames) problems.push(`${name} has no dimension_names`);
    }
    checked++;
    if (problems.length) {
      failed++;
      console.log(`FAIL group ${g.store}: ${problems.join("; ")}`);
    } else {
      console.log(`ok group ${path.basename(g.store)} (${g.arrays.length} arrays, consolidated)`);
    }
  }
  for (const a of manifest.arrays) {
    const problems = [];
    try {
      const arr = await zarr.open(zarr.root(new FileSystemStore(a.store)).resolve(a.path), { kind: "array" });
      if (arr.dtype !== a.dtype) problems.push(`dtype ${arr.dtype} != ${a.dtype}`);
      if (JSON.stringify(arr.shape) !== JSON.stringify(a.shape)) problems.push(`shape ${arr.shape} != ${a.shape}`);
      if (a.dimension_names && JSON.stringify(arr.dimensionNames) !== JSON.stringify(a.dimension_names)) {
        problems.push(`dimension_names ${arr.dimensionNames} != ${a.dimension_names}`);
      }
      if (a.attributes && JSON.stringify(arr.attrs) !== JSON.stringify(a.attributes)) {
        problems.push(`attributes ${JSON.stringify(arr.attrs)} != ${JSON.stringify(a.attributes)}`);
      }
      if (a.fill_value !== undefined && !same(arr.fillValue, a.fill_value)) {
        problems.push(`fill_value ${plain(arr.fillValue)} != ${a.fill_value}`);
      }
      const values = cOrder(await zarr.get(arr)).map(plain);
      if (values.length !== a.values.length) {
        problems.push(`${values.length} values != ${a.values.length}`);
      } else {
        let bad = 0;
        let first = -1;
        for (let i = 0; i < values.length; i++) {
          if (!same(values[i], a.values[i])) {
            bad++;
            if (first < 0) first = i;
          }
        }
        if (bad) problems.push(`${bad} values differ, first at ${first}: ${values[first]} != ${a.values[first]}`);
      }
    } catch (e) {
      problems.push(`zarrita cannot read it: ${e.message}`);
    }
    checked++;
    if (problems.length) {
      failed++;
      console.log(`FAIL ${a.name}: ${problems.join("; ")}`);
    } else {
      console.log(`ok ${a.name} (${a.values.length} values)`);
    }
  }
  if (failed) process.exit(1);
  console.log(`ok ${checked}`);
}

/** Deterministic values for a dtype: a ramp with negatives, NaN and infinities where floats allow. */
function values(dtype, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case "float32":
      case "float64":
        out.push(i % 11 === 3 ? NaN : i % 13 === 5 ? -Infinity : (i - n / 2) * 0.25 + (dtype === "float32" ? 0 : 1e-9));
        break;
      case "bool":
        out.push(i % 3 === 0);
        break;
      case "int64":
        out.push(BigInt(i) * 1_000_000_000_000n - 7n);
        break;
      case "uint8":
        out.push((i * 37) % 256);
        break;
      default:
        out.push((i * 7 - 50) % 30000);
    }
  }
  return out;
}

const TYPED = {
  float32: Float32Array, float64: Float64Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array,
};

async function write(dir) {
  const root = path.join(dir, "zarrita.zarr");
  fs.rmSync(root, { recursive: true, force: true });
  const store = new FileSystemStore(root);
  const group = await zarr.create(zarr.root(store), {
    attributes: { title: "written by zarrita", institution: "Météo ✓", levels: [1000, 850] },
  });
  const arrays = [
    // name, dtype, shape, chunks, codecs, fill value, dims, attributes
    ["level", "int32", [3], [3], [{ name: "bytes", configuration: { endian: "little" } }], 0, ["level"],
      { units: "hPa", positive: "down" }],
    ["t_zstd", "float32", [4, 3, 5], [2, 3, 2],
      [{ name: "bytes", configuration: { endian: "little" } }, { name: "zstd", configuration: { level: 3, checksum: false } }],
      NaN, ["time", "level", "x"], { units: "K" }],
    ["t_big_blosc", "float64", [4, 3, 5], [4, 1, 5],
      [{ name: "bytes", configuration: { endian: "big" } },
        { name: "blosc", configuration: { cname: "zstd", clevel: 3, shuffle: "bitshuffle", typesize: 8, blocksize: 0 } }],
      -9999, ["time", "level", "x"], {}],
    ["q_blosc", "int16", [4, 3, 5], [3, 3, 3],
      [{ name: "bytes", configuration: { endian: "little" } },
        { name: "blosc", configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: 2, blocksize: 0 } }],
      0, ["time", "level", "x"], {}],
    ["t_transpose", "float32", [4, 3, 5], [2, 3, 5],
      [{ name: "transpose", configuration: { order: [2, 0, 1] } }, { name: "bytes", configuration: { endian: "little" } }],
      NaN, ["time", "level", "x"], {}],
    ["ids", "int64", [5], [2], [{ name: "bytes", configuration: { endian: "little" } }], 0, ["x"], {}],
    ["mask", "bool", [4, 5], [4, 5], [{ name: "bytes" }], false, ["time", "x"], {}],
    ["counts", "uint8", [4, 5], [2, 2], [{ name: "bytes" }, { name: "zstd", configuration: { level: 1, checksum: true } }], 0,
      ["time", "x"], {}],
  ];
  const expected = { attributes: await group.attrs, arrays: {} };
  for (const [name, dtype, shape, chunks, codecs, fill, dims, attrs] of arrays) {
    const arr = await zarr.create(group.resolve(name), {
      shape, chunkShape: chunks, dtype, codecs, fillValue: fill, dimensionNames: dims, attributes: attrs,
    });
    const n = shape.reduce((a, b) => a * b, 1);
    let vals = values(dtype, n);
    if (name === "level") vals = [1000, 850, 500];
    const stride = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const data = dtype === "bool" ? new zarr.BoolArray(n) : new TYPED[dtype](n);
    vals.forEach((v, i) => (dtype === "bool" ? data.set(i, v) : (data[i] = v)));
    await zarr.set(arr, null, { data, shape, stride });
    expected.arrays[name] = { dtype, shape, dims, attributes: attrs, fill_value: plain(fill), values: vals.map(plain) };
  }
  fs.writeFileSync(path.join(dir, "expected.json"), JSON.stringify(expected));
  console.log(`ok wrote ${arrays.length} arrays`);
}

if (command === "read") await read(arg);
else if (command === "write") await write(arg);
else {
  console.error("usage: node zarrita_interop.mjs read MANIFEST | write DIR");
  process.exit(2);
}
