package org.spangeo.zarr.codec;

import java.nio.ByteBuffer;
import java.util.Map;
import org.spangeo.zarr.metadata.DType;

/**
 * The numcodecs filters xarray users meet. Decoding turns the filter's encoded dtype
 * ("astype") back into its decoded dtype ("dtype"), as numcodecs does. Quantize and BitRound
 * lose precision when encoding and need no work to decode beyond the dtype change.
 */
public final class Filters {
  private Filters() {}

  private abstract static class TypedFilter implements Codec {
    private static final long serialVersionUID = 1L;
    final String id;
    final DType dtype;
    final DType astype;

    TypedFilter(String id, DType dtype, DType astype) {
      this.id = id;
      this.dtype = dtype;
      this.astype = astype;
    }

    @Override
    public String id() {
      return id;
    }

    int count(byte[] encoded) {
      if (encoded.length % astype.size() != 0) {
        throw new CodecException(id + " filter input of " + encoded.length + " bytes is not a whole number of "
            + astype + " elements");
      }
      return encoded.length / astype.size();
    }

    byte[] out(int n, int maxDecoded) {
      long bytes = (long) n * dtype.size();
      if (bytes > maxDecoded) throw new CodecException(id + " filter would decode to " + bytes + " bytes, more than " + maxDecoded);
      return new byte[(int) bytes];
    }

    @Override
    public byte[] decode(byte[] encoded, int maxDecoded) {
      int n = count(encoded);
      byte[] out = out(n, maxDecoded);
      decode(Elements.wrap(encoded, astype), Elements.wrap(out, dtype), n);
      return out;
    }

    /** Decodes {@code n} astype elements of {@code in} into dtype elements of {@code o}. */
    abstract void decode(ByteBuffer in, ByteBuffer o, int n);

    @Override
    public byte[] encode(byte[] raw) {
      int n = raw.length / dtype.size();
      byte[] out = new byte[n * astype.size()];
      encode(Elements.wrap(raw, dtype), Elements.wrap(out, astype), n);
      return out;
    }

    /** Encodes {@code n} dtype elements of {@code in} into astype elements of {@code o}. */
    void encode(ByteBuffer in, ByteBuffer o, int n) {
      throw new UnsupportedOperationException("Spangeo does not write the " + id + " filter");
    }

    @Override
    public Map<String, Object> toV2Config() {
      Map<String, Object> m = Codec.v2Config(id, "dtype", dtype.v2String());
      if (!astype.equals(dtype)) m.put("astype", astype.v2String());
      return m;
    }
  }

  /** numcodecs Delta: encoded[0] = x[0], encoded[i] = x[i] - x[i-1]; decoding is a running sum. */
  public static final class Delta extends TypedFilter {
    private static final long serialVersionUID = 1L;

    public Delta(DType dtype, DType astype) {
      super("delta", dtype, astype);
    }

    @Override
    void decode(ByteBuffer in, ByteBuffer o, int n) {
      if (dtype.isFloat()) {
        // numpy's cumsum(enc, out=dec) sums in the promoted type of astype and dtype: float32
        // only when both fit in it (f4 with f4, or with an integer of up to 2 bytes); f4 decoded
        // from an f8 (or i4/i8) stream is summed in float64 and rounded once per element.
        boolean sumInFloat32 = dtype.size() == 4
            && (astype.isFloat() ? astype.size() == 4 : astype.size() <= 2);
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += Elements.getDouble(in, astype, i);
          if (sumInFloat32) acc = (float) acc;
          Elements.putDouble(o, dtype, i, acc);
        }
      } else {
        long acc = 0;
        for (int i = 0; i < n; i++) {
          acc += Elements.getLong(in, astype, i);
          Elements.putLong(o, dtype, i, acc); // wraps at the dtype's width, as numpy does
          acc = Elements.getLong(o, dtype, i);
        }
      }
    }

    @Override
    void encode(ByteBuffer in, ByteBuffer o, int n) {
      if (dtype.isFloat()) {
        double prev = 0;
        for (int i = 0; i < n; i++) {
          double v = Elements.getDouble(in, dtype, i);
          Elements.putDouble(o, astype, i, i == 0 ? v : v - prev);
          prev = v;
        }
      } else {
        long prev = 0;
        for (int i = 0; i < n; i++) {
          long v = Elements.getLong(in, dtype, i);
          Elements.putLong(o, astype, i, i == 0 ? v : v - prev);
          prev = v;
        }
      }
    }
  }

  /** numcodecs FixedScaleOffset: encoded = round((x - offset) * scale); decoded = encoded / scale + offset. */
  public static final class FixedScaleOffset extends TypedFilter {
    private static final long serialVersionUID = 1L;
    private final double offset;
    private final double scale;

    public FixedScaleOffset(double offset, double scale, DType dtype, DType astype) {
      super("fixedscaleoffset", dtype, astype);
      this.offset = offset;
      this.scale = scale;
    }

    @Override
    void decode(ByteBuffer in, ByteBuffer o, int n) {
      for (int i = 0; i < n; i++) {
        double v = Elements.getDouble(in, astype, i) / scale + offset;
        if (dtype.isFloat()) Elements.putDouble(o, dtype, i, v);
        else Elements.putLong(o, dtype, i, (long) v);
      }
    }

    @Override
    void encode(ByteBuffer in, ByteBuffer o, int n) {
      for (int i = 0; i < n; i++) {
        double v = Math.rint((Elements.getDouble(in, dtype, i) - offset) * scale);
        if (astype.isFloat()) Elements.putDouble(o, astype, i, v);
        else Elements.putLong(o, astype, i, (long) v);
      }
    }

    @Override
    public Map<String, Object> toV2Config() {
      Map<String, Object> m = super.toV2Config();
      m.put("offset", offset);
      m.put("scale", scale);
      return m;
    }
  }

  /**
   * A dtype change only: decoding Quantize ("quantize"), BitRound ("bitround") and AsType
   * ("astype") is a cast from the stored dtype to the decoded one.
   */
  public static final class Cast extends TypedFilter {
    private static final long serialVersionUID = 1L;
    private final Map<String, Object> config;

    public Cast(String id, DType dtype, DType astype, Map<String, Object> config) {
      super(id, dtype, astype);
      this.config = config;
    }

    @Override
    public byte[] decode(byte[] encoded, int maxDecoded) {
      if (dtype.equals(astype)) {
        if (encoded.length > maxDecoded) throw new CodecException(id + " filter input larger than the chunk");
        return encoded;
      }
      return super.decode(encoded, maxDecoded);
    }

    @Override
    void decode(ByteBuffer in, ByteBuffer o, int n) {
      for (int i = 0; i < n; i++) {
        if (dtype.isFloat() || astype.isFloat()) Elements.putDouble(o, dtype, i, Elements.getDouble(in, astype, i));
        else Elements.putLong(o, dtype, i, Elements.getLong(in, astype, i));
      }
    }

    @Override
    public Map<String, Object> toV2Config() {
      return config;
    }
  }

  /** numcodecs Shuffle: byte transposition over elements of {@code elementsize} bytes. */
  public static final class Shuffle implements Codec {
    private static final long serialVersionUID = 1L;
    private final int elementsize;

    public Shuffle(int elementsize) {
      if (elementsize < 1) throw new IllegalArgumentException("shuffle elementsize " + elementsize + " must be positive");
      this.elementsize = elementsize;
    }

    @Override
    public String id() {
      return "shuffle";
    }

    @Override
    public byte[] decode(byte[] in, int maxDecoded) {
      if (in.length > maxDecoded) throw new CodecException("shuffle filter input larger than the chunk");
      return transpose(in, elementsize, in.length / elementsize);
    }

    @Override
    public byte[] encode(byte[] in) {
      return transpose(in, in.length / elementsize, elementsize);
    }

    /**
     * The first rows x cols bytes of {@code in} as a rows x cols matrix, transposed: encoding reads
     * n elements x elementsize bytes (byte j of element i goes to j * n + i), decoding the transpose
     * back. Bytes past the whole elements stay where they are.
     */
    private static byte[] transpose(byte[] in, int rows, int cols) {
      byte[] out = new byte[in.length];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) out[c * rows + r] = in[r * cols + c];
      }
      int whole = rows * cols;
      System.arraycopy(in, whole, out, whole, in.length - whole);
      return out;
    }

    @Override
    public Map<String, Object> toV2Config() {
      return Codec.v2Config("shuffle", "elementsize", elementsize);
    }
  }
}
