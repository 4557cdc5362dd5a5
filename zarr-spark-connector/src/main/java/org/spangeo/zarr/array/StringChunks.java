package org.spangeo.zarr.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.codec.CodecException;
import org.spangeo.zarr.metadata.ArrayMetadata;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.V2Pipeline;

/**
 * Text arrays as numpy holds them: fixed unicode ({@code <U n}, UCS-4 code points, trailing NULs
 * dropped), fixed bytes ({@code |S n}, trailing NULs dropped, one char per byte) and object
 * arrays with the vlen-utf8 codec (a count, then a length and UTF-8 bytes per item). Text is read
 * whole on the driver (labels, names, codes), never in hot loops.
 */
public final class StringChunks {
  private StringChunks() {}

  /** The box [start, start + count) of a text array, C order. */
  public static String[] read(ZarrArray a, long[] start, int[] count) {
    ArrayMetadata m = a.metadata();
    DType t = m.dtype();
    if (t.kind() != DType.Kind.VLEN_STRING) return fixed(a.read(start, count), t);
    int rank = m.rank();
    long n = 1;
    for (int c : count) n *= c;
    String[] out = new String[Math.toIntExact(n)];
    if (n == 0) return out;
    int[] cs = m.chunks();
    long[] first = new long[rank];
    long[] last = new long[rank];
    for (int d = 0; d < rank; d++) {
      first[d] = start[d] / cs[d];
      last[d] = (start[d] + count[d] - 1) / cs[d];
    }
    long[] idx = first.clone();
    while (true) {
      String[] chunk = vlenChunk(a, idx);
      // copy the intersection element by element (text is small)
      long[] lo = new long[rank];
      long[] hi = new long[rank];
      for (int d = 0; d < rank; d++) {
        lo[d] = Math.max(idx[d] * cs[d], start[d]);
        hi[d] = Math.min(idx[d] * cs[d] + cs[d], start[d] + count[d]);
      }
      long[] p = lo.clone();
      boolean done = rank == 0;
      if (rank == 0) out[0] = chunk[0];
      while (!done) {
        int co = 0;
        int oo = 0;
        for (int d = 0; d < rank; d++) {
          co = co * cs[d] + (int) (p[d] - idx[d] * cs[d]);
          oo = oo * count[d] + (int) (p[d] - start[d]);
        }
        out[oo] = chunk[co];
        int d = rank - 1;
        while (d >= 0) {
          if (++p[d] < hi[d]) break;
          p[d] = lo[d];
          d--;
        }
        if (d < 0) done = true;
      }
      if (!BoxCopy.next(idx, first, last)) break;
    }
    return out;
  }

  /** Fixed-width text elements of a decoded box. */
  public static String[] fixed(RawChunk raw, DType t) {
    int n = raw.size();
    String[] out = new String[n];
    byte[] b = raw.bytes();
    int w = t.size();
    if (t.kind() == DType.Kind.BYTES) {
      for (int i = 0; i < n; i++) {
        int end = i * w + w;
        while (end > i * w && b[end - 1] == 0) end--;
        out[i] = new String(b, i * w, end - i * w, StandardCharsets.ISO_8859_1);
      }
      return out;
    }
    if (t.kind() != DType.Kind.STRING) throw new IllegalArgumentException(t + " is not text");
    ByteBuffer bb = ByteBuffer.wrap(b).order(t.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int chars = w / 4;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.setLength(0);
      int len = chars;
      while (len > 0 && bb.getInt(i * w + (len - 1) * 4) == 0) len--;
      for (int c = 0; c < len; c++) {
        int cp = bb.getInt(i * w + c * 4);
        if (!Character.isValidCodePoint(cp)) throw new IllegalArgumentException("code point " + cp + " is not unicode");
        sb.appendCodePoint(cp);
      }
      out[i] = sb.toString();
    }
    return out;
  }

  /** One vlen-utf8 chunk (full chunk shape), C order; an absent chunk is the fill text. */
  static String[] vlenChunk(ZarrArray a, long[] index) {
    ArrayMetadata m = a.metadata();
    int n = m.chunkElements();
    byte[] stored = a.readStored(index);
    String[] out = new String[n];
    if (stored == null) {
      java.util.Arrays.fill(out, m.fillValue().text());
      return out;
    }
    try {
      byte[] b = ((V2Pipeline) m.pipeline()).decodeVlen(stored, n);
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      if (b.length < 4 || bb.getInt(0) != n) {
        throw new IllegalArgumentException("vlen-utf8 chunk holds " + (b.length < 4 ? "no count" : bb.getInt(0) + " items")
            + ", the chunk shape needs " + n);
      }
      int pos = 4;
      for (int i = 0; i < n; i++) {
        if (pos + 4 > b.length) throw new IllegalArgumentException("vlen-utf8 chunk is truncated at item " + i);
        int len = bb.getInt(pos);
        pos += 4;
        if (len < 0 || pos + len > b.length) throw new IllegalArgumentException("vlen-utf8 item " + i + " runs past the chunk");
        out[i] = new String(b, pos, len, StandardCharsets.UTF_8);
        pos += len;
      }
      if (m.pipeline() instanceof V2Pipeline && ((V2Pipeline) m.pipeline()).fortranOrder() && m.rank() > 1) {
        out = fortranToC(out, m.chunks());
      }
      return out;
    } catch (CodecException | IllegalArgumentException | ClassCastException e) {
      throw ZarrException.at(a.store().location(), a.path(), m.chunkKey(index), e.getMessage(), e);
    }
  }

  private static String[] fortranToC(String[] f, int[] shape) {
    String[] c = new String[f.length];
    int rank = shape.length;
    int[] p = new int[rank];
    for (int i = 0; i < f.length; i++) {
      int fo = 0;
      for (int d = rank - 1; d >= 0; d--) fo = fo * shape[d] + p[d];
      c[i] = f[fo];
      BoxCopy.next(p, shape);
    }
    return c;
  }
}
