package org.spangeo.zarr.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.ChunkKeyEncoding;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.FillValue;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.metadata.V2Pipeline;

/**
 * One array to write: name, dims, shape, chunks, stored dtype, fill value, compressor,
 * attributes, and for times the CF encoding. Immutable; made with {@link #builder} (or
 * {@link #coordinate}), changed with the "with" methods, which return copies.
 */
public final class VariableSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  final String name;
  final List<String> dims;
  final long[] shape;
  final int[] chunks;
  final DType dtype;
  final FillValue fill;
  final Codec compressor;
  final ObjectNode attrs;
  final CfTime time; // null unless values are times (epoch micros encoded as int64 counts)
  /** 2 or 3: the Zarr format written. */
  int zarrFormat = 2;
  /** Zarr v3 only: inner chunk shape of a sharding_indexed layout (the chunks are then the shards), or null. */
  int[] shardInner;

  /** Every part given in order: for the builder and the "with" copies only (callers name the parts with {@link #builder}). */
  private VariableSpec(String name, List<String> dims, long[] shape, int[] chunks, DType dtype, FillValue fill,
      Codec compressor, ObjectNode attrs, CfTime time) {
    if (dims.size() != shape.length || shape.length != chunks.length) {
      throw new IllegalArgumentException("variable '" + name + "': dims " + dims + ", shape " + Arrays.toString(shape)
          + " and chunks " + Arrays.toString(chunks) + " disagree");
    }
    for (int i = 0; i < chunks.length; i++) {
      if (chunks[i] <= 0) throw new IllegalArgumentException("variable '" + name + "': chunk size " + chunks[i] + " along '"
          + dims.get(i) + "' must be positive");
    }
    this.name = name;
    this.dims = List.copyOf(dims);
    this.shape = shape.clone();
    this.chunks = chunks.clone();
    this.dtype = dtype;
    this.fill = fill;
    this.compressor = compressor;
    this.attrs = attrs == null ? MetadataParser.JSON.createObjectNode() : attrs.deepCopy();
    this.time = time;
  }

  /**
   * An array over {@code dims} of {@code shape}. Unless set: one chunk; float32 (int64 for
   * times); NaN fill for floats, none for integers and times; uncompressed; no attributes.
   */
  public static Builder builder(String name, List<String> dims, long[] shape) {
    return new Builder(name, dims, shape);
  }

  /** A coordinate of {@code n} values over its own dim (one chunk, uncompressed unless set). */
  public static Builder coordinate(String dim, long n) {
    return new Builder(dim, List.of(dim), new long[] {n});
  }

  /** A float32 data variable with NaN fill and the default compressor. */
  public static VariableSpec float32(String name, List<String> dims, long[] shape, int[] chunks) {
    return builder(name, dims, shape).chunks(chunks).compressor(Compressors.DEFAULT).build();
  }

  public String name() {
    return name;
  }

  public List<String> dims() {
    return dims;
  }

  public long[] shape() {
    return shape.clone();
  }

  public int[] chunks() {
    return chunks.clone();
  }

  public DType dtype() {
    return dtype;
  }

  /** Read only: a spec is immutable, so change attributes with {@link #withAttributes(Consumer)}. */
  public JsonNode attributes() {
    return attrs.deepCopy();
  }

  public CfTime time() {
    return time;
  }

  public VariableSpec withChunks(int[] c) {
    int[] clipped = c.clone();
    for (int i = 0; i < clipped.length; i++) clipped[i] = (int) Math.max(1, Math.min(clipped[i], Math.max(1, shape[i])));
    return new VariableSpec(name, dims, shape, clipped, dtype, fill, compressor, attrs, time).sameFormat(this);
  }

  private VariableSpec sameFormat(VariableSpec o) {
    this.zarrFormat = o.zarrFormat;
    this.shardInner = o.shardInner;
    return this;
  }

  /**
   * The same array written as Zarr v3 shards: each chunk of this spec is one shard object
   * holding inner chunks of {@code inner} (which must divide the chunks), with a crc32c-checked
   * index at its end (zarr-python 3's default layout). Fewer, larger objects on object stores.
   */
  public VariableSpec withShards(int[] inner) {
    if (inner.length != chunks.length) {
      throw new IllegalArgumentException("variable '" + name + "': inner chunks " + Arrays.toString(inner) + " for "
          + chunks.length + " dims");
    }
    for (int i = 0; i < inner.length; i++) {
      if (inner[i] <= 0 || chunks[i] % inner[i] != 0) {
        throw new IllegalArgumentException("variable '" + name + "': inner chunk " + inner[i] + " along '" + dims.get(i)
            + "' does not divide the shard's " + chunks[i]);
      }
    }
    VariableSpec v = new VariableSpec(name, dims, shape, chunks, dtype, fill, compressor, attrs, time).sameFormat(this);
    v.zarrFormat = 3;
    v.shardInner = inner.clone();
    return v;
  }

  public VariableSpec withShape(long[] s) {
    return new VariableSpec(name, dims, s, chunks, dtype, fill, compressor, attrs, time).sameFormat(this);
  }

  public VariableSpec withName(String n) {
    return new VariableSpec(n, dims, shape, chunks, dtype, fill, compressor, attrs, time).sameFormat(this);
  }

  public VariableSpec withDims(List<String> d, long[] s, int[] c) {
    return new VariableSpec(name, d, s, c, dtype, fill, compressor, attrs, time).sameFormat(this);
  }

  public VariableSpec withCompressor(String spec) {
    return new VariableSpec(name, dims, shape, chunks, dtype, fill, Compressors.parse(spec, dtype.size()), attrs, time).sameFormat(this);
  }

  public VariableSpec withDType(DType t, FillValue f) {
    Codec c = compressor instanceof org.spangeo.zarr.codec.BloscCodec
        ? new org.spangeo.zarr.codec.BloscCodec(((org.spangeo.zarr.codec.BloscCodec) compressor).cname(),
            ((org.spangeo.zarr.codec.BloscCodec) compressor).clevel(), ((org.spangeo.zarr.codec.BloscCodec) compressor).shuffle(),
            0, t.size())
        : compressor;
    return new VariableSpec(name, dims, shape, chunks, t, f, c, attrs, time).sameFormat(this);
  }

  public VariableSpec withAttributes(ObjectNode a) {
    return new VariableSpec(name, dims, shape, chunks, dtype, fill, compressor, a, time).sameFormat(this);
  }

  /** A copy whose attributes are these after {@code edit} (which gets a copy to change). */
  public VariableSpec withAttributes(Consumer<ObjectNode> edit) {
    ObjectNode a = attrs.deepCopy();
    edit.accept(a);
    return withAttributes(a);
  }

  /** The same array written as Zarr v2 or v3. */
  public VariableSpec withZarrFormat(int format) {
    if (format != 2 && format != 3) throw new IllegalArgumentException("Zarr format " + format + " is not 2 or 3");
    if (format == 3 && dtype.isText()) {
      throw new IllegalArgumentException("variable '" + name + "' holds strings (" + dtype + "), which have no Zarr v3"
          + " data type Spangeo writes; write it as Zarr v2");
    }
    VariableSpec v = new VariableSpec(name, dims, shape, chunks, dtype, fill, compressor, attrs, time);
    v.zarrFormat = format;
    v.shardInner = format == 3 ? shardInner : null;
    return v;
  }

  public int zarrFormat() {
    return zarrFormat;
  }

  /** The metadata this spec writes, as the reader will parse it. */
  public ArrayMetadata metadata() {
    if (zarrFormat == 3) return org.spangeo.zarr.metadata.MetadataParser.parseV3(MetadataJson.zarrJson(this));
    ObjectNode a = attrs.deepCopy();
    return new ArrayMetadata(2, shape, chunks, dtype, fill, new V2Pipeline(compressor, List.of(), false),
        ChunkKeyEncoding.v2("."), dims, a);
  }

  public long chunkCount() {
    return metadata().chunkCount();
  }

  public long chunkBytes() {
    long n = dtype.size();
    for (int c : chunks) n *= c;
    return n;
  }

  /** The parts of a {@link VariableSpec} by name; see {@link VariableSpec#builder} for the defaults. */
  public static final class Builder {
    private final String name;
    private final List<String> dims;
    private final long[] shape;
    private int[] chunks;
    private DType dtype;
    private FillValue fill;
    private Codec compressor;
    private String compressorSpec;
    private ObjectNode attrs;
    private CfTime time;

    Builder(String name, List<String> dims, long[] shape) {
      this.name = name;
      this.dims = dims;
      this.shape = shape.clone();
    }

    public Builder chunks(int... c) {
      chunks = c.clone();
      return this;
    }

    public Builder dtype(DType t) {
      dtype = t;
      return this;
    }

    public Builder fill(FillValue f) {
      fill = f;
      return this;
    }

    /** The codec; null writes chunks uncompressed. */
    public Builder compressor(Codec c) {
      compressor = c;
      compressorSpec = null;
      return this;
    }

    /** A compressor spec ({@link Compressors}), made for the dtype's element size; null is the default. */
    public Builder compressor(String spec) {
      compressorSpec = spec == null ? Compressors.DEFAULT : spec;
      return this;
    }

    public Builder attributes(ObjectNode a) {
      attrs = a;
      return this;
    }

    /** Values are times (epoch micros), stored as counts of {@code encoding}'s units: int64 with no fill unless set. */
    public Builder times(CfTime encoding) {
      time = encoding;
      return this;
    }

    public VariableSpec build() {
      int[] c = chunks;
      if (c == null) {
        c = new int[shape.length];
        for (int i = 0; i < c.length; i++) c[i] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, shape[i]));
      }
      DType t = dtype != null ? dtype : time != null ? DType.INT64 : DType.FLOAT32;
      FillValue f = fill != null ? fill : time == null && t.isFloat() ? FillValue.ofDouble(Double.NaN) : FillValue.NONE;
      Codec codec = compressorSpec != null ? Compressors.parse(compressorSpec, t.size()) : compressor;
      return new VariableSpec(name, dims, shape, c, t, f, codec, attrs, time);
    }
  }
}
