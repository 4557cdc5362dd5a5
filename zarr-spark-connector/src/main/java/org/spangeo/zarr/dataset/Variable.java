package org.spangeo.zarr.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.StringChunks;
import org.spangeo.zarr.array.ZarrArray;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;

/**
 * A named variable over named dims, backed by one Zarr array or, for a dataset opened from
 * several stores, by one array per store laid end to end along the concatenation dim. It reads
 * raw boxes; {@link CfDecoding} and {@link CfTime} say how to turn them into values.
 *
 * <p>Each store decodes with its own encoding, as xarray decodes each file before combining:
 * when the stores' encodings differ (time units "days since &lt;first day of the file&gt;",
 * packing with each file's scale_factor), {@link #read} hands out values already decoded into
 * one common type (float32/float64, or int64 epoch microseconds for times), so every reader sees
 * one encoding.
 */
public final class Variable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a variable's values are, once decoded the way xarray decodes them. */
  public enum Kind { NUMBER, TIME, DURATION, TEXT }

  /** One store's part: an array, where it starts along the concatenation dim, and its decoding. */
  public record Segment(ZarrArray array, long start, CfDecoding decoding, CfTime time) implements Serializable {}

  private final String name;
  private final List<String> dims;
  private final long[] shape;
  private final List<Segment> segments;
  private final int concatAxis; // -1: one segment
  private final Kind kind;
  private final CfDecoding decoding;
  private final CfTime time; // TIME and DURATION: counts of a unit (durations have reference 0)
  private final DType common; // non-null when the segments' encodings differ: what read() returns

  private Variable(String name, List<String> dims, long[] shape, List<Segment> segments, int concatAxis, Kind kind,
      CfDecoding decoding, CfTime time, DType common) {
    this.name = name;
    this.dims = List.copyOf(dims);
    this.shape = shape;
    this.segments = List.copyOf(segments);
    this.concatAxis = concatAxis;
    this.kind = kind;
    this.decoding = decoding;
    this.time = time;
    this.common = common;
  }

  /**
   * A variable over one array; dims from _ARRAY_DIMENSIONS / dimension_names. Decoding follows
   * xarray's decode_cf_variable: _Unsigned, mask, scale, CF timedelta, CF datetime, raw numpy
   * datetime64/timedelta64, and the {@code dtype: bool} attribute xarray writes for booleans.
   */
  static Variable of(String name, ZarrArray array, boolean decodeCf, boolean decodeTimes) {
    ArrayMetadata m = array.metadata();
    List<String> dims = m.dimensionNames();
    String where = array.store().location();
    if (dims == null) {
      throw ZarrException.at(where, array.path(), null, "has no dimension names (_ARRAY_DIMENSIONS"
          + " in .zattrs or dimension_names in zarr.json), so it is not part of an xarray dataset");
    }
    DType t = m.dtype();
    if (decodeCf && t.isInteger() && m.attribute("_Unsigned") != null) {
      // netCDF-3 has no unsigned types: "_Unsigned" says how to view the bytes (xarray's UnsignedIntegerCoder)
      boolean unsigned = m.attribute("_Unsigned").asText().equalsIgnoreCase("true");
      if (unsigned == (t.kind() == DType.Kind.INT)) {
        DType nt = t.withKind(unsigned ? DType.Kind.UINT : DType.Kind.INT);
        array = new ZarrArray(array.store(), array.path(), withType(m, nt));
        m = array.metadata();
        t = nt;
      }
    }
    JsonNode dtAttr = m.attribute("dtype");
    if (dtAttr != null && "bool".equals(dtAttr.asText()) && t.isInteger() && t.size() == 1) {
      array = new ZarrArray(array.store(), array.path(), withType(m, t.withKind(DType.Kind.BOOL)));
      m = array.metadata();
      t = m.dtype();
    }
    if (t.isText()) {
      return new Variable(name, dims, m.shape(), List.of(new Segment(array, 0, CfDecoding.none(t), null)), -1, Kind.TEXT,
          CfDecoding.none(t), null, null);
    }
    CfDecoding dec;
    try {
      dec = CfDecoding.of(m, decodeCf);
      if (t.kind() == DType.Kind.DATETIME || t.kind() == DType.Kind.TIMEDELTA) {
        boolean dt = t.kind() == DType.Kind.DATETIME;
        CfTime ct = dt ? CfTime.numpy(t.unit()) : CfTime.duration(CfTime.numpy(t.unit()).unitName());
        return new Variable(name, dims, m.shape(), List.of(new Segment(array, 0, dec, ct)), -1,
            dt ? Kind.TIME : Kind.DURATION, dec, ct, null);
      }
      JsonNode units = m.attribute("units");
      String u = units != null && units.isTextual() ? units.textValue() : null;
      if (decodeTimes && u != null && t.kind() != DType.Kind.BOOL) {
        if (CfTime.isTimeUnits(u)) {
          JsonNode cal = m.attribute("calendar");
          CfTime ct = CfTime.parse(u, cal == null ? null : cal.asText());
          return new Variable(name, dims, m.shape(), List.of(new Segment(array, 0, dec, ct)), -1, Kind.TIME, dec, ct, null);
        }
        if (CfTime.DURATION_UNITS.contains(u)) {
          CfTime ct = CfTime.duration(u);
          return new Variable(name, dims, m.shape(), List.of(new Segment(array, 0, dec, ct)), -1, Kind.DURATION, dec, ct,
              null);
        }
      }
    } catch (IllegalArgumentException e) {
      throw ZarrException.at(where, array.path(), null, e.getMessage(), e);
    }
    return new Variable(name, dims, m.shape(), List.of(new Segment(array, 0, dec, null)), -1, Kind.NUMBER, dec, null,
        null);
  }

  /** The metadata read as another dtype of the same size; the fill value follows the new view. */
  private static ArrayMetadata withType(ArrayMetadata m, DType t) {
    FillValue f = m.fillValue();
    if (f.isPresent() && t.isInteger()) {
      long bits = f.asLong();
      int width = t.size() * 8;
      long v = t.kind() == DType.Kind.UINT ? (width == 64 ? bits : bits & ((1L << width) - 1))
          : (width == 64 ? bits : (bits << (64 - width)) >> (64 - width));
      f = FillValue.ofLong(v);
    }
    ObjectNode attrs = m.attributes().deepCopy();
    if (attrs.has("_FillValue") && attrs.get("_FillValue").isIntegralNumber() && t.isInteger()) {
      long bits = attrs.get("_FillValue").longValue();
      int width = t.size() * 8;
      attrs.put("_FillValue", t.kind() == DType.Kind.UINT ? bits & ((1L << width) - 1) : (bits << (64 - width)) >> (64 - width));
    }
    return new ArrayMetadata(m.zarrFormat(), m.shape(), m.chunks(), t, f, m.pipeline(), m.keyEncoding(),
        m.dimensionNames(), attrs);
  }

  /** This variable laid end to end with {@code others} along {@code axis}, in order. */
  Variable concat(List<Variable> others, int axis) {
    List<Segment> segs = new ArrayList<>(segments);
    long[] s = shape.clone();
    boolean uniform = true;
    for (Variable o : others) {
      if (o.kind != kind) {
        throw new ZarrException("variable '" + name + "' holds " + describeKind() + " in '" + location() + "' but "
            + o.describeKind() + " in '" + o.location() + "'");
      }
      Segment os = o.segments.get(0);
      segs.add(new Segment(os.array, s[axis], os.decoding, os.time));
      s[axis] += o.shape[axis];
      uniform &= sameEncoding(segments.get(0), os);
    }
    if (uniform) return new Variable(name, dims, s, segs, axis, kind, decoding, time, null);
    // the stores encode differently: read() decodes each store's part into one common type
    switch (kind) {
      case TIME:
      case DURATION: {
        CfTime micros = kind == Kind.TIME ? CfTime.epochMicros() : CfTime.duration("microseconds");
        DType i8 = DType.INT64;
        return new Variable(name, dims, s, segs, axis, kind, CfDecoding.none(i8), micros, i8);
      }
      case NUMBER: {
        boolean f64 = false;
        for (Segment g : segs) f64 |= g.decoding.kind() == CfDecoding.Kind.FLOAT64
            || (g.decoding.kind() == CfDecoding.Kind.RAW && !g.decoding.stored().isFloat());
        DType f = f64 ? DType.FLOAT64 : DType.FLOAT32;
        return new Variable(name, dims, s, segs, axis, kind, CfDecoding.none(f), null, f);
      }
      default:
        return new Variable(name, dims, s, segs, axis, kind, decoding, time, null);
    }
  }

  private static boolean sameEncoding(Segment a, Segment b) {
    if (!a.array.metadata().dtype().equals(b.array.metadata().dtype())) return false;
    if (!a.decoding.sameAs(b.decoding)) return false;
    return a.time == null ? b.time == null : a.time.sameAs(b.time);
  }

  private String location() {
    return segments.get(0).array.store().location();
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

  /** The dtype {@link #read} returns: the stored one, or the common one when the stores encode differently. */
  public DType dtype() {
    return common != null ? common : metadata().dtype();
  }

  /** The dtype as stored in the first store. */
  public DType storedDType() {
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

  public Kind kind() {
    return kind;
  }

  /** The CF time encoding, or null when this variable does not hold times. */
  public CfTime time() {
    return kind == Kind.TIME ? time : null;
  }

  /** The unit of a duration variable (timedelta64), or null. */
  public CfTime duration() {
    return kind == Kind.DURATION ? time : null;
  }

  public boolean isTime() {
    return kind == Kind.TIME;
  }

  /** True for numbers and bools: what the array stages compute on. */
  public boolean isNumeric() {
    return kind == Kind.NUMBER;
  }

  /** "float32", "strings (<U9)", "datetime64", ... for messages. */
  public String describeKind() {
    switch (kind) {
      case TIME: return "times (" + storedDType().name() + ")";
      case DURATION: return "durations (" + storedDType().name() + ")";
      case TEXT: return "strings (" + storedDType().v2String() + ")";
      default: return storedDType().name();
    }
  }

  /** numpy's name for the dtype of the values as xarray decodes them (times at Spangeo's microseconds). */
  public String decodedType() {
    switch (kind) {
      case TIME: return "datetime64[us]";
      case DURATION: return "timedelta64[us]";
      case TEXT: return storedDType().kind() == DType.Kind.VLEN_STRING || textEncoding() != null ? "object"
          : storedDType().v2String();
      default:
    }
    switch (decoding.kind()) {
      case FLOAT32: return dtype().isFloat() && dtype().size() == 2 && !decoding.isScaled() ? "float16" : "float32";
      case FLOAT64: return "float64";
      default: return dtype().name();
    }
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
    if (kind == Kind.TEXT && storedDType().kind() == DType.Kind.VLEN_STRING) {
      throw ZarrException.at(location(), name, null, "holds strings of any length (vlen-utf8); read them with readValues");
    }
    if (concatAxis < 0) return segments.get(0).array.read(start, count, stats);
    long lo = start[concatAxis];
    long hi = lo + count[concatAxis];
    // the common case: the box lies inside one store
    for (Segment seg : segments) {
      long segLen = seg.array.metadata().shape()[concatAxis];
      if (lo >= seg.start && hi <= seg.start + segLen && (segLen > 0 || segments.size() == 1)) {
        long[] s = start.clone();
        s[concatAxis] -= seg.start;
        return toCommon(seg, seg.array.read(s, count, stats));
      }
    }
    DType t = dtype();
    long n = 1;
    for (int c : count) n *= c;
    byte[] out = new byte[Math.toIntExact(n * t.size())];
    assemble(start, count, out, t.size(), (seg, s, c) -> toCommon(seg, seg.array.read(s, c, stats)).bytes());
    return new RawChunk(t, count, out);
  }

  /** Reads one store's part of a box: the part's start and count in that store's index space. */
  private interface PartReader {
    Object read(Segment seg, long[] start, int[] count);
  }

  /**
   * Lays each store's part of the box [start, start + count) into {@code out}, C order: a byte[]
   * with {@code unit} bytes an element, or a String[] with unit 1. For each index of the dims
   * before the concatenation axis, a store's part is one contiguous run.
   */
  private void assemble(long[] start, int[] count, Object out, int unit, PartReader reader) {
    long n = 1;
    for (int c : count) n *= c;
    long lo = start[concatAxis];
    long hi = lo + count[concatAxis];
    long outer = 1;
    for (int d = 0; d < concatAxis; d++) outer *= count[d];
    long innerAfter = n / Math.max(1, outer) / Math.max(1, count[concatAxis]); // elements per step along the axis
    for (Segment seg : segments) {
      long segLen = seg.array.metadata().shape()[concatAxis];
      long a = Math.max(lo, seg.start);
      long b = Math.min(hi, seg.start + segLen);
      if (b <= a) continue;
      long[] s = start.clone();
      s[concatAxis] = a - seg.start;
      int[] c = count.clone();
      c[concatAxis] = (int) (b - a);
      Object part = reader.read(seg, s, c);
      int run = (int) (c[concatAxis] * innerAfter * unit);
      for (long o = 0; o < outer; o++) {
        System.arraycopy(part, (int) (o * run), out, (int) ((o * count[concatAxis] + (a - lo)) * innerAfter * unit), run);
      }
    }
  }

  /** A store's raw box in the common type (decoded with that store's own encoding), when the stores differ. */
  private RawChunk toCommon(Segment seg, RawChunk raw) {
    if (common == null) return raw;
    int n = raw.size();
    ByteBuffer out = ByteBuffer.allocate(n * common.size()).order(ByteOrder.LITTLE_ENDIAN);
    boolean ints = raw.dtype().isInteger() || raw.dtype().kind() == DType.Kind.DATETIME
        || raw.dtype().kind() == DType.Kind.TIMEDELTA;
    if (kind == Kind.TIME || kind == Kind.DURATION) {
      for (int i = 0; i < n; i++) {
        double d = raw.getDouble(i);
        long v = masked(seg, raw, i) ? CfTime.NAT : ints ? seg.time.decode(raw.getLong(i)) : seg.time.decode(d);
        out.putLong(i * 8, v);
      }
    } else if (common.size() == 4) {
      for (int i = 0; i < n; i++) out.putFloat(i * 4, seg.decoding.decodeFloat((float) raw.getDouble(i)));
    } else {
      // a store decoding to float32 computes in float32 (as numpy does), then widens
      boolean f32 = seg.decoding.kind() == CfDecoding.Kind.FLOAT32;
      for (int i = 0; i < n; i++) {
        double x = raw.getDouble(i);
        out.putDouble(i * 8, f32 ? seg.decoding.decodeFloat((float) x) : seg.decoding.decode(x));
      }
    }
    return new RawChunk(common, raw.shape(), out.array());
  }

  private static boolean masked(Segment seg, RawChunk raw, int i) {
    if (raw.dtype().kind() == DType.Kind.DATETIME || raw.dtype().kind() == DType.Kind.TIMEDELTA) {
      return raw.getLong(i) == CfTime.NAT; // raw numpy times are not masked (see Values)
    }
    return seg.decoding.hasMask() && Double.isNaN(seg.decoding.decode(raw.getDouble(i)));
  }

  /**
   * Decoded values of the box, whatever the kind: float[]/double[]/byte[]/short[]/int[]/long[]/
   * boolean[] as {@link Values#decode}, long[] epoch microseconds (TIME) or microseconds
   * (DURATION) with {@link CfTime#NAT} for missing ones, String[] (TEXT). Small reads (driver).
   */
  public Object readValues(long[] start, int[] count) {
    if (kind != Kind.TEXT) return Values.decode(read(start, count), this);
    String[] text = readText(start, count);
    java.nio.charset.Charset cs = textEncoding();
    if (cs != null) {
      for (int i = 0; i < text.length; i++) text[i] = new String(text[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), cs);
    }
    return text;
  }

  /** The charset of an |S array's {@code _Encoding} attribute (xarray's EncodedStringCoder decodes such bytes to text), or null. */
  public java.nio.charset.Charset textEncoding() {
    JsonNode e = metadata().attribute("_Encoding");
    if (kind != Kind.TEXT || storedDType().kind() != DType.Kind.BYTES || e == null || !e.isTextual()) return null;
    try {
      return java.nio.charset.Charset.forName(e.textValue());
    } catch (IllegalArgumentException x) {
      throw ZarrException.at(location(), name, null, "_Encoding '" + e.textValue() + "' is not a character set Java knows");
    }
  }

  private String[] readText(long[] start, int[] count) {
    if (concatAxis < 0) return StringChunks.read(segments.get(0).array, start, count);
    long n = 1;
    for (int c : count) n *= c;
    String[] out = new String[Math.toIntExact(n)];
    assemble(start, count, out, 1, (seg, s, c) -> StringChunks.read(seg.array, s, c));
    return out;
  }

  /** Every value, decoded ({@link #readValues}); for coordinates and other small variables. */
  public Object readAll() {
    if (size() > 50_000_000L) {
      throw ZarrException.at(location(), name, null, "has " + size() + " values, too many to load on the driver");
    }
    long[] start = new long[rank()];
    int[] count = new int[rank()];
    for (int i = 0; i < count.length; i++) count[i] = (int) shape[i];
    return readValues(start, count);
  }

  /** All values decoded to double (for coordinates: small 1-D arrays read on the driver). */
  public double[] readAllAsDouble() {
    if (kind != Kind.NUMBER) {
      throw ZarrException.at(location(), name, null, "holds " + describeKind() + ", not numbers");
    }
    if (size() > 50_000_000L) {
      throw new ZarrException("variable '" + name + "' has " + size() + " values, too many to load as a coordinate");
    }
    long[] start = new long[rank()];
    int[] count = new int[rank()];
    for (int i = 0; i < count.length; i++) count[i] = (int) shape[i];
    return Values.decodeDouble(read(start, count), this);
  }

  /** All values as epoch microseconds (time variables only); NaT is {@link CfTime#NAT}. */
  public long[] readAllAsTime() {
    if (kind != Kind.TIME) throw new IllegalStateException("variable '" + name + "' does not hold times");
    return (long[]) readAll();
  }

  @Override
  public String toString() {
    return name + dims + Arrays.toString(shape);
  }
}
