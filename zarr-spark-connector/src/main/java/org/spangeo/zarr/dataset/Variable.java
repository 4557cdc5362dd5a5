package org.spangeo.zarr.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;

/**
 * A named variable over named dims, backed by one Zarr array or, for a dataset opened from
 * several stores, by one array per store laid end to end along the concatenation dim. It reads
 * raw boxes; {@link CfDecoding} and {@link CfTime} say how to turn them into values.
 */
public final class Variable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One store's part: an array and where it starts along the concatenation dim. */
  public static final class Segment implements Serializable {
    private static final long serialVersionUID = 1L;
    final ZarrArray array;
    final long start;

    Segment(ZarrArray array, long start) {
      this.array = array;
      this.start = start;
    }

    public ZarrArray array() {
      return array;
    }

    public long start() {
      return start;
    }
  }

  private final String name;
  private final List<String> dims;
  private final long[] shape;
  private final List<Segment> segments;
  private final int concatAxis; // -1: one segment
  private final CfDecoding decoding;
  private final CfTime time; // null unless the units are "X since DATE"

  Variable(String name, List<String> dims, long[] shape, List<Segment> segments, int concatAxis, CfDecoding decoding,
      CfTime time) {
    this.name = name;
    this.dims = List.copyOf(dims);
    this.shape = shape;
    this.segments = List.copyOf(segments);
    this.concatAxis = concatAxis;
    this.decoding = decoding;
    this.time = time;
  }

  /** A variable over one array; dims from _ARRAY_DIMENSIONS / dimension_names. */
  static Variable of(String name, ZarrArray array, boolean decodeCf, boolean decodeTimes) {
    ArrayMetadata m = array.metadata();
    List<String> dims = m.dimensionNames();
    if (dims == null) {
      throw ZarrException.at(array.store().location(), array.path(), null, "has no dimension names (_ARRAY_DIMENSIONS"
          + " in .zattrs or dimension_names in zarr.json), so it is not part of an xarray dataset");
    }
    CfTime t = null;
    JsonNode units = m.attribute("units");
    if (decodeTimes && units != null && units.isTextual() && CfTime.isTimeUnits(units.textValue())
        && m.dtype().kind() != DType.Kind.BOOL) {
      JsonNode cal = m.attribute("calendar");
      try {
        t = CfTime.parse(units.textValue(), cal == null ? null : cal.asText());
      } catch (IllegalArgumentException e) {
        throw ZarrException.at(array.store().location(), array.path(), null, e.getMessage(), e);
      }
    }
    CfDecoding dec = CfDecoding.of(m, decodeCf && t == null);
    if (t != null) dec = CfDecoding.none(m.dtype());
    return new Variable(name, dims, m.shape(), List.of(new Segment(array, 0)), -1, dec, t);
  }

  /** This variable laid end to end with {@code others} along {@code axis}, in order. */
  Variable concat(List<Variable> others, int axis) {
    List<Segment> segs = new ArrayList<>(segments);
    long[] s = shape.clone();
    for (Variable o : others) {
      segs.add(new Segment(o.segments.get(0).array, s[axis]));
      s[axis] += o.shape[axis];
    }
    return new Variable(name, dims, s, segs, axis, decoding, time);
  }

  public String name() {
    return name;
  }

  public List<String> dims() {
    return dims;
  }

  public int rank() {
    return dims.size();
  }

  public int axis(String dim) {
    return dims.indexOf(dim);
  }

  public long[] shape() {
    return shape.clone();
  }

  public long size() {
    long n = 1;
    for (long s : shape) n *= s;
    return n;
  }

  public ArrayMetadata metadata() {
    return segments.get(0).array.metadata();
  }

  public DType dtype() {
    return metadata().dtype();
  }

  public ObjectNode attributes() {
    return metadata().attributes();
  }

  public String units() {
    JsonNode u = metadata().attribute("units");
    return u == null ? null : u.asText();
  }

  public CfDecoding decoding() {
    return decoding;
  }

  /** The CF time encoding, or null when this variable does not hold times. */
  public CfTime time() {
    return time;
  }

  public boolean isTime() {
    return time != null;
  }

  public List<Segment> segments() {
    return segments;
  }

  public int concatAxis() {
    return concatAxis;
  }

  /**
   * Chunk boundaries along one axis: 0, c, 2c, ... shape, and for a concatenated axis the
   * boundaries of every store's chunks, so that each cell of this grid lies in one stored chunk.
   */
  public long[] chunkBoundaries(int axis) {
    List<Long> b = new ArrayList<>();
    for (int k = 0; k < segments.size(); k++) {
      Segment seg = segments.get(k);
      long len = seg.array.metadata().shape()[axis];
      int c = seg.array.metadata().chunks()[axis];
      long base = axis == concatAxis ? seg.start : 0;
      for (long x = 0; x < len; x += c) b.add(base + x);
      if (axis != concatAxis) break;
    }
    b.add(shape[axis]);
    long[] out = new long[b.size()];
    for (int i = 0; i < out.length; i++) out[i] = b.get(i);
    if (out.length >= 2 && out[out.length - 2] == out[out.length - 1]) return Arrays.copyOf(out, out.length - 1);
    return out;
  }

  /**
   * The stored chunk holding cell {@code lo}: returns the array (the store's part) and fills
   * {@code index} with the chunk's index in that array and {@code origin} with its first cell in
   * this variable's index space.
   */
  public ZarrArray chunkAt(long[] lo, long[] index, long[] origin) {
    Segment seg = segments.get(0);
    if (concatAxis >= 0) {
      long x = lo[concatAxis];
      for (int k = segments.size() - 1; k >= 0; k--) {
        if (segments.get(k).start <= x) {
          seg = segments.get(k);
          break;
        }
      }
    }
    int[] cs = seg.array.metadata().chunks();
    for (int d = 0; d < lo.length; d++) {
      long base = d == concatAxis ? seg.start : 0;
      index[d] = (lo[d] - base) / cs[d];
      origin[d] = base + index[d] * cs[d];
    }
    return seg.array;
  }

  /** Raw values of the box [start, start + count), C order, across stores where needed. */
  public RawChunk read(long[] start, int[] count) {
    return read(start, count, null);
  }

  /** {@link #read(long[], int[])} recording chunk reads in {@code stats} (may be null). */
  public RawChunk read(long[] start, int[] count, org.spangeo.zarr.array.ReadStats stats) {
    if (concatAxis < 0) return segments.get(0).array.read(start, count, stats);
    long lo = start[concatAxis];
    long hi = lo + count[concatAxis];
    // the common case: the box lies inside one store
    for (Segment seg : segments) {
      long segLen = seg.array.metadata().shape()[concatAxis];
      if (lo >= seg.start && hi <= seg.start + segLen) {
        long[] s = start.clone();
        s[concatAxis] -= seg.start;
        return seg.array.read(s, count, stats);
      }
    }
    DType t = dtype();
    long n = 1;
    for (int c : count) n *= c;
    byte[] out = new byte[Math.toIntExact(n * t.size())];
    long inner = n / Math.max(1, count[concatAxis]); // elements per step along the axis, below it
    long outer = 1;
    for (int d = 0; d < concatAxis; d++) outer *= count[d];
    long innerAfter = inner / Math.max(1, outer);
    int es = t.size();
    for (Segment seg : segments) {
      long segLen = seg.array.metadata().shape()[concatAxis];
      long a = Math.max(lo, seg.start);
      long b = Math.min(hi, seg.start + segLen);
      if (b <= a) continue;
      long[] s = start.clone();
      s[concatAxis] = a - seg.start;
      int[] c = count.clone();
      c[concatAxis] = (int) (b - a);
      byte[] part = seg.array.read(s, c, stats).bytes();
      // copy slab by slab: for each index of the dims before the axis, a contiguous run
      int run = (int) (c[concatAxis] * innerAfter * es);
      for (long o = 0; o < outer; o++) {
        long dst = (o * count[concatAxis] + (a - lo)) * innerAfter * es;
        System.arraycopy(part, (int) (o * run), out, (int) dst, run);
      }
    }
    return new RawChunk(t, count, out);
  }

  /** All values decoded to double (for coordinates: small 1-D arrays read on the driver). */
  public double[] readAllAsDouble() {
    if (size() > 50_000_000L) {
      throw new ZarrException("variable '" + name + "' has " + size() + " values, too many to load as a coordinate");
    }
    long[] start = new long[rank()];
    int[] count = new int[rank()];
    for (int i = 0; i < count.length; i++) count[i] = (int) shape[i];
    RawChunk raw = read(start, count);
    double[] out = new double[raw.size()];
    for (int i = 0; i < out.length; i++) {
      double v = raw.getDouble(i);
      out[i] = decoding.kind() == CfDecoding.Kind.FLOAT32 ? decoding.decodeFloat((float) v) : decoding.decode(v);
    }
    return out;
  }

  /** All values as epoch microseconds (time variables only). */
  public long[] readAllAsTime() {
    if (time == null) throw new IllegalStateException("variable '" + name + "' does not hold times");
    long[] start = new long[rank()];
    int[] count = new int[rank()];
    for (int i = 0; i < count.length; i++) count[i] = (int) shape[i];
    RawChunk raw = read(start, count);
    long[] out = new long[raw.size()];
    boolean ints = dtype().isInteger();
    for (int i = 0; i < out.length; i++) out[i] = ints ? time.decode(raw.getLong(i)) : time.decode(raw.getDouble(i));
    return out;
  }

  @Override
  public String toString() {
    return name + dims + Arrays.toString(shape);
  }
}
