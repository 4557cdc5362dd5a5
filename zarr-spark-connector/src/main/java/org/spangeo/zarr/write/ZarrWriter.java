package org.spangeo.zarr.write;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.dataset.ZarrGroup;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.store.HadoopStore;
import org.spangeo.zarr.store.Store;

/**
 * Writes one dataset as a Zarr v2 group that xarray opens with {@code consolidated=True}.
 *
 * <p>Commit protocol (so that a reader never sees a half-written store and a killed job can be
 * rerun with the same command):
 * <ol>
 *   <li>{@link #begin} (driver): repairs what an earlier killed run left (see below), then
 *       writes into a hidden staging folder next to the target ({@code .NAME.spangeo-staging}):
 *       an "incomplete" marker first, then .zgroup, each array's .zarray/.zattrs, and the
 *       coordinate values. The target, if any, is untouched and stays readable.</li>
 *   <li>{@link #writeBlock} / {@link #writeChunk} (tasks): each chunk goes to a temporary name
 *       and is renamed into place, so a retried or speculative task rewrites identical bytes.</li>
 *   <li>{@link #commit} (driver): consolidated .zmetadata, marker removed, then the swap: the old
 *       target is renamed to {@code .NAME.spangeo-trash}, the staging folder to the target, and
 *       the trash deleted. Only after the new store is complete is anything old given up.</li>
 * </ol>
 * A rerun first restores the trash if the target is missing (killed mid-swap), deletes a
 * leftover trash otherwise, and always starts a fresh staging folder. On local files and HDFS
 * folder renames are atomic. On object stores (s3a, gs, ...) a folder rename is a copy of each
 * object in listing order (.zmetadata before the chunks), so there the swap is done object by
 * object instead ({@link #publishObjectByObject}): the target is marked incomplete first and
 * the marker goes last, so a reader sees a refused store, never a complete-looking one with
 * missing or mixed chunks.
 *
 * <p>Append ({@link Mode#APPEND}) grows the store along one dim in place: new chunks first
 * (beyond the old shape, invisible to readers), then each .zarray, then .zmetadata last, so
 * consolidated readers see the old store until the final rename.
 */
public final class ZarrWriter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What to do when the target exists. */
  public enum Mode {
    ERROR_IF_EXISTS, OVERWRITE, APPEND;

    public static Mode parse(String s) {
      switch (s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "")) {
        case "errorifexists": case "error": case "default": return ERROR_IF_EXISTS;
        case "overwrite": return OVERWRITE;
        case "append": return APPEND;
        default: throw new IllegalArgumentException("write mode '" + s + "' is not errorifexists, overwrite or append");
      }
    }
  }

  private final String target;
  private final String location; // where chunks go: the staging folder, or the target when appending
  private final HadoopConf conf;
  private final DatasetSpec spec;
  private final Mode mode;
  private final String appendDim;
  private final long appendOffset;
  private ChunkWriteHook hook = ChunkWriteHook.NONE;
  private transient Store store;

  private ZarrWriter(String target, String location, HadoopConf conf, DatasetSpec spec, Mode mode, String appendDim,
      long appendOffset) {
    this.target = target;
    this.location = location;
    this.conf = conf;
    this.spec = spec;
    this.mode = mode;
    this.appendDim = appendDim;
    this.appendOffset = appendOffset;
  }

  static String sibling(String target, String suffix) {
    Path p = new Path(target);
    return new Path(p.getParent(), "." + p.getName() + suffix).toString();
  }

  public static String stagingOf(String target) {
    return sibling(target, ".spangeo-staging");
  }

  public static String trashOf(String target) {
    return sibling(target, ".spangeo-trash");
  }

  /** Starts a write (driver side): recovery, checks, metadata and coordinates. */
  public static ZarrWriter begin(HadoopConf conf, String target, DatasetSpec spec, Mode mode) {
    String t = stripSlash(target);
    try {
      Path tp = new Path(t);
      FileSystem fs = tp.getFileSystem(conf.get());
      Path trash = new Path(trashOf(t));
      if (fs.exists(trash)) {
        if (!fs.exists(tp)) {
          // killed between the two renames of a swap: the old store is intact in the trash
          if (!fs.rename(trash, tp)) throw new IOException("cannot restore " + trash + " to " + tp);
        } else {
          fs.delete(trash, true);
        }
      }
      boolean exists = fs.exists(tp);
      if (mode == Mode.APPEND) {
        if (!exists) return begin(conf, t, spec, Mode.ERROR_IF_EXISTS);
        if (spec.zarrFormat() == 3) throw new ZarrException("store '" + t + "': appending is done for Zarr v2 stores only");
        return Append.begin(conf, t, spec);
      }
      if (exists && mode == Mode.ERROR_IF_EXISTS && !fs.exists(new Path(tp, ZarrGroup.INCOMPLETE_MARKER))) {
        throw new ZarrException("store '" + t + "' already exists (write with mode overwrite to replace it, or append)");
      }
      Path staging = new Path(stagingOf(t));
      fs.delete(staging, true);
      if (!fs.mkdirs(staging)) throw new IOException("cannot create " + staging);
      spec.tidyReferences();
      ZarrWriter w = new ZarrWriter(t, staging.toString(), conf, spec, mode, null, 0);
      Store s = w.store();
      s.put(ZarrGroup.INCOMPLETE_MARKER, ("write of " + t + " in progress\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (spec.zarrFormat() == 3) {
        s.put("zarr.json", MetadataJson.bytes(MetadataJson.zarrJsonGroup(spec, false)));
        for (VariableSpec v : spec.variables.values()) s.put(v.name + "/zarr.json", MetadataJson.bytes(MetadataJson.zarrJson(v)));
      } else {
        s.put(".zgroup", MetadataJson.bytes(MetadataJson.zgroup()));
        s.put(".zattrs", MetadataJson.bytes(spec.attributes));
        for (VariableSpec v : spec.variables.values()) {
          s.put(v.name + "/.zarray", MetadataJson.bytes(MetadataJson.zarray(v)));
          s.put(v.name + "/.zattrs", MetadataJson.bytes(MetadataJson.zattrs(v)));
        }
      }
      for (String c : spec.coordinateValues.keySet()) w.writeCoordinate(c);
      for (String c : spec.carriedValues.keySet()) w.writeCarried(c);
      return w;
    } catch (IOException e) {
      throw new ZarrException("store '" + t + "': cannot start the write: " + e.getMessage(), e);
    }
  }

  static ZarrWriter forAppend(HadoopConf conf, String target, DatasetSpec spec, String dim, long offset) {
    return new ZarrWriter(target, target, conf, spec, Mode.APPEND, dim, offset);
  }

  private static String stripSlash(String s) {
    while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s;
  }

  /** The same writer with a hook called before each chunk is stored (fault tests). */
  public ZarrWriter withHook(ChunkWriteHook h) {
    ZarrWriter w = new ZarrWriter(target, location, conf, spec, mode, appendDim, appendOffset);
    w.hook = h;
    return w;
  }

  public String target() {
    return target;
  }

  public DatasetSpec spec() {
    return spec;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Replaces the group's attributes before {@link #commit}, for figures known only once the
   * tasks have run (a count the summary reports); the consolidated metadata carries them too.
   */
  public void attributes(com.fasterxml.jackson.databind.node.ObjectNode attrs) {
    if (mode == Mode.APPEND) throw new ZarrException("store '" + target + "': an append keeps the store's attributes");
    spec.attributes(attrs);
    if (spec.zarrFormat() == 3) store().put("zarr.json", MetadataJson.bytes(MetadataJson.zarrJsonGroup(spec, false)));
    else store().put(".zattrs", MetadataJson.bytes(spec.attributes));
  }

  Store store() {
    if (store == null) store = new HadoopStore(location, conf);
    return store;
  }

  /** Writes a coordinate's values (held by the spec) chunk by chunk; also used by {@link Append}. */
  void writeCoordinate(String name) {
    VariableSpec v = spec.variables.get(name);
    Object vals = spec.coordinateValues.get(name);
    int n = (int) v.shape[0];
    int c = v.chunks[0];
    for (int k = 0; k * (long) c < n; k++) {
      int lo = k * c;
      int len = Math.min(c, n - lo);
      Object part = java.lang.reflect.Array.newInstance(vals.getClass().getComponentType(), len);
      System.arraycopy(vals, lo, part, 0, len);
      writeChunk(name, new long[] {k}, new int[] {len}, part);
    }
  }

  /** Writes a carried variable (held by the spec, one chunk: it is small) on the driver. */
  void writeCarried(String name) {
    VariableSpec v = spec.variables.get(name);
    int[] valid = new int[v.shape.length];
    for (int i = 0; i < valid.length; i++) valid[i] = (int) v.shape[i];
    for (int s : valid) if (s == 0) return; // nothing to store: an empty array has no chunks
    writeChunk(name, new long[valid.length], valid, spec.carriedValues.get(name));
  }

  /**
   * Stores the chunk {@code index} of a variable from its valid part's values (C order,
   * {@code valid} shape: the chunk cut at the array's edge). float[]/double[] for numbers,
   * long[] epoch micros for times.
   */
  public void writeChunk(String variable, long[] index, int[] valid, Object values) {
    VariableSpec v = spec.variable(variable);
    ArrayMetadata meta = v.metadata();
    String key = variable + "/" + meta.chunkKey(index);
    hook.beforeChunk(variable, key);
    RawChunk raw = ChunkEncoder.encode(v, valid, values);
    try {
      store().put(key, meta.pipeline().encode(raw));
    } catch (RuntimeException e) {
      throw ZarrException.at(target, variable, meta.chunkKey(index), "cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * Stores a block that is exactly one chunk of the output (its offsets on chunk boundaries, its
   * shape the chunk's, cut at the edge). When appending, offsets along the append dim count from
   * the start of the new part.
   */
  public void writeBlock(Block b) {
    VariableSpec v = spec.variable(b.key().variable());
    long[] off = b.key().offsets();
    int[] shape = b.shape();
    if (!b.key().dims().equals(v.dims)) {
      throw new ZarrException("block " + b.key() + " has dims " + b.key().dims() + " but '" + v.name + "' has " + v.dims);
    }
    long[] idx = new long[off.length];
    for (int d = 0; d < off.length; d++) {
      long o = off[d] + (v.dims.get(d).equals(appendDim) ? appendOffset : 0);
      long expect = Math.min(v.chunks[d], v.shape[d] - o);
      if (o % v.chunks[d] != 0 || shape[d] != expect) {
        throw new ZarrException("block " + b.key() + " of shape " + Arrays.toString(shape) + " is not one chunk "
            + Arrays.toString(v.chunks) + " of '" + v.name + "' (rechunk the blocks to the output chunks first)");
      }
      idx[d] = o / v.chunks[d];
    }
    writeChunk(v.name, idx, shape, b.isFloat() ? b.floats() : b.doubles());
  }

  /** Ends the write (driver side): consolidated metadata last, then the swap into place. */
  public void commit() {
    if (mode == Mode.APPEND) {
      Append.commit(this);
      return;
    }
    try {
      Store s = store();
      if (spec.zarrFormat() == 3) s.put("zarr.json", MetadataJson.bytes(MetadataJson.zarrJsonGroup(spec, true)));
      else s.put(".zmetadata", MetadataJson.bytes(MetadataJson.consolidated(spec)));
      Path tp = new Path(target);
      FileSystem fs = tp.getFileSystem(conf.get());
      if (!atomicFolderRename(fs, conf.get())) {
        publishObjectByObject(fs, tp);
        return;
      }
      s.delete(ZarrGroup.INCOMPLETE_MARKER);
      Path trash = new Path(trashOf(target));
      if (fs.exists(tp)) {
        if (!fs.rename(tp, trash)) throw new IOException("cannot move the old store aside to " + trash);
      }
      if (!fs.rename(new Path(location), tp)) throw new IOException("cannot rename " + location + " to " + tp);
      fs.delete(trash, true);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ZarrException("store '" + target + "': cannot commit the write: " + e.getMessage()
          + " (rerun the same command to finish it)", e);
    }
  }

  /**
   * Whether a folder rename is one atomic step: true on local files and HDFS; false on object
   * stores (s3a, gs, abfs without hierarchical namespace, ...), where it is a copy of each object
   * in listing order. {@code spangeo.write.atomicRename.SCHEME} or {@code spangeo.write.atomicRename}
   * (true/false) overrides.
   */
  static boolean atomicFolderRename(FileSystem fs, org.apache.hadoop.conf.Configuration c) {
    String scheme = fs.getScheme();
    String set = c.get("spangeo.write.atomicRename." + scheme, c.get("spangeo.write.atomicRename"));
    if (set != null && !set.isBlank()) return Boolean.parseBoolean(set.trim());
    return scheme.equals("file") || scheme.equals("hdfs") || scheme.equals("viewfs");
  }

  /**
   * The swap where a folder rename is not atomic: the target gets the "incomplete" marker
   * first (readers refuse it from then on), the old store is deleted, then each object is
   * moved from staging by its key, known from the spec (no listing: object-store listings may
   * miss recent writes), consolidated metadata last, and the marker removed at the end. A
   * failure midway leaves the target marked incomplete; the rerun replaces it.
   */
  private void publishObjectByObject(FileSystem fs, Path tp) throws IOException {
    Path staging = new Path(location);
    Path marker = new Path(tp, ZarrGroup.INCOMPLETE_MARKER);
    fs.mkdirs(tp);
    try (org.apache.hadoop.fs.FSDataOutputStream out = fs.create(marker, true)) {
      out.write(("write of " + target + " in progress\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(tp)) {
      if (!st.getPath().getName().equals(ZarrGroup.INCOMPLETE_MARKER)) fs.delete(st.getPath(), true);
    }
    String last = spec.zarrFormat() == 3 ? "zarr.json" : ".zmetadata";
    moveStagedKeys(fs, staging, tp);
    move(fs, staging, tp, last);
    if (!fs.delete(marker, false) && fs.exists(marker)) throw new IOException("cannot remove " + marker);
    fs.delete(staging, true);
  }

  private static void move(FileSystem fs, Path from, Path to, String key) throws IOException {
    Path src = new Path(from, key);
    Path dst = new Path(to, key);
    if (!fs.exists(src)) {
      // a chunk left at the fill value: no old object may stand in for it (a listing-based delete can miss some)
      fs.delete(dst, false);
      return;
    }
    if (!fs.rename(src, dst)) {
      fs.delete(dst, false);
      if (!fs.rename(src, dst)) throw new IOException("cannot move " + src + " to " + dst);
    }
  }

  /** Moves every key the write may have stored, except the root's consolidated metadata (no list of a million keys held). */
  private void moveStagedKeys(FileSystem fs, Path staging, Path tp) throws IOException {
    if (spec.zarrFormat() != 3) {
      move(fs, staging, tp, ".zgroup");
      move(fs, staging, tp, ".zattrs");
    }
    for (VariableSpec v : spec.variables.values()) {
      if (spec.zarrFormat() == 3) {
        move(fs, staging, tp, v.name + "/zarr.json");
      } else {
        move(fs, staging, tp, v.name + "/.zarray");
        move(fs, staging, tp, v.name + "/.zattrs");
      }
      ArrayMetadata meta = v.metadata();
      long[] grid = meta.chunkGridShape();
      long[] idx = new long[grid.length];
      while (true) {
        move(fs, staging, tp, v.name + "/" + meta.chunkKey(idx));
        int d = grid.length - 1;
        while (d >= 0 && ++idx[d] >= grid[d]) idx[d--] = 0;
        if (d < 0) break;
      }
    }
  }

  /** Gives up a write: the staging folder is removed, the target is left as it was. */
  public void abort() {
    if (mode == Mode.APPEND) return; // nothing visible changed; chunks past the old shape are ignored
    try {
      Path p = new Path(location);
      p.getFileSystem(conf.get()).delete(p, true);
    } catch (IOException e) {
      // the staging folder is hidden and replaced by the next run
    }
  }

  /** True when the chunk starting at {@code start} straddles the old end of an appended store. */
  boolean appendsInto(long[] start, VariableSpec v) {
    if (mode != Mode.APPEND || appendDim == null) return false;
    int a = v.dims.indexOf(appendDim);
    return a >= 0 && start[a] < appendOffset;
  }

  /**
   * The starting values of an output chunk's valid part before pieces are laid in: the fill
   * value, or, when appending, what the store already holds there (the chunk that straddles the
   * old end is rewritten whole, its old part unchanged).
   */
  double[] existingChunkPart(org.spangeo.zarr.blocks.BlockKey chunkStart, int[] valid, int n) {
    VariableSpec v = spec.variable(chunkStart.variable());
    double[] buf = new double[n];
    Arrays.fill(buf, Double.NaN);
    if (mode != Mode.APPEND || appendDim == null) return buf;
    int a = v.dims.indexOf(appendDim);
    if (a < 0 || chunkStart.offsets()[a] >= appendOffset) return buf;
    long[] idx = chunkStart.offsets();
    for (int d = 0; d < idx.length; d++) idx[d] /= v.chunks[d];
    ArrayMetadata meta = v.metadata();
    byte[] stored = store().get(v.name + "/" + meta.chunkKey(idx));
    if (stored == null) return buf;
    RawChunk raw = meta.pipeline().decode(stored, v.chunks, v.dtype, null);
    org.spangeo.zarr.dataset.CfDecoding cf = org.spangeo.zarr.dataset.CfDecoding.of(meta, true);
    int rank = valid.length;
    int[] stride = BoxCopy.strides(v.chunks);
    int[] pos = new int[rank];
    for (int i = 0; i < n; i++) {
      int off = 0;
      for (int d = 0; d < rank; d++) off += pos[d] * stride[d];
      buf[i] = cf.decode(raw.getDouble(off));
      BoxCopy.next(pos, valid);
    }
    return buf;
  }

  HadoopConf conf() {
    return conf;
  }

  String location() {
    return location;
  }

  String appendDim() {
    return appendDim;
  }

  long appendOffset() {
    return appendOffset;
  }
}
