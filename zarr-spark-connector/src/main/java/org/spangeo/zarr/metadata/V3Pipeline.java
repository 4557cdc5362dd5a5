package org.spangeo.zarr.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.spangeo.zarr.array.BoxCopy;
import org.spangeo.zarr.array.RawChunk;
import org.spangeo.zarr.array.Transpose;
import org.spangeo.zarr.codec.BloscCodec;
import org.spangeo.zarr.codec.Codec;
import org.spangeo.zarr.codec.CodecException;
import org.spangeo.zarr.codec.GzipCodec;
import org.spangeo.zarr.codec.ZstdCodec;

/**
 * A Zarr v3 codec chain: array-to-array codecs (transpose), one array-to-bytes codec (bytes or
 * sharding_indexed), then bytes-to-bytes codecs (blosc, gzip, zstd, crc32c). {@code transposes}:
 * each codec's order; {@code sharding}: null when the array-to-bytes codec is "bytes";
 * {@code dtype}: with the byte order the bytes codec gives.
 */
record V3Pipeline(List<int[]> transposes, boolean bigEndian, Sharding sharding, List<Codec> byteCodecs, DType dtype,
    FillValue fill) implements ChunkPipeline {

  V3Pipeline withFill(FillValue f) {
    Sharding s = sharding == null ? null : sharding.withFill(f);
    return new V3Pipeline(transposes, bigEndian, s, byteCodecs, dtype, f);
  }

  static V3Pipeline parse(JsonNode codecs, DType dtype, int[] chunkShape) {
    if (!codecs.isArray() || codecs.size() == 0) throw new IllegalArgumentException("zarr.json has no 'codecs' list");
    List<int[]> transposes = new ArrayList<>();
    List<Codec> bytes = new ArrayList<>();
    Boolean big = null;
    Sharding sharding = null;
    int rank = chunkShape.length;
    for (JsonNode c : codecs) {
      String name = c.path("name").asText();
      JsonNode cfg = c.path("configuration");
      boolean afterArrayToBytes = big != null || sharding != null;
      switch (name) {
        case "transpose": {
          if (afterArrayToBytes) throw new IllegalArgumentException("codec 'transpose' comes after the array-to-bytes codec");
          transposes.add(order(cfg.get("order"), rank));
          break;
        }
        case "bytes":
        case "endian": {
          if (afterArrayToBytes) throw new IllegalArgumentException("two array-to-bytes codecs in 'codecs'");
          String e = cfg.path("endian").asText("little");
          if (!e.equals("little") && !e.equals("big")) throw new IllegalArgumentException("bytes codec endian '" + e + "'");
          big = e.equals("big");
          break;
        }
        case "sharding_indexed": {
          if (afterArrayToBytes) throw new IllegalArgumentException("two array-to-bytes codecs in 'codecs'");
          int[] inner = MetadataParser.ints(cfg, "chunk_shape", "sharding_indexed");
          int[] outer = chunkShape.clone();
          for (int[] t : transposes) outer = permuteShape(outer, t);
          if (inner.length != rank) throw new IllegalArgumentException("sharding chunk_shape " + Arrays.toString(inner) + " has the wrong rank");
          for (int i = 0; i < rank; i++) {
            if (outer[i] % inner[i] != 0) {
              throw new IllegalArgumentException("sharding chunk_shape " + Arrays.toString(inner)
                  + " does not divide the shard shape " + Arrays.toString(outer));
            }
          }
          V3Pipeline innerPipe = parse(cfg.path("codecs"), dtype, inner);
          V3Pipeline indexPipe = parse(cfg.path("index_codecs"), new DType(DType.Kind.UINT, 8, false), new int[] {1});
          String loc = cfg.path("index_location").asText("end");
          if (!loc.equals("end") && !loc.equals("start")) throw new IllegalArgumentException("index_location '" + loc + "'");
          sharding = new Sharding(inner, innerPipe, indexPipe, loc.equals("start"), FillValue.NONE);
          dtype = innerPipe.dtype;
          break;
        }
        case "blosc": {
          if (!afterArrayToBytes) throw new IllegalArgumentException("codec 'blosc' comes before the array-to-bytes codec");
          JsonNode sh = cfg.path("shuffle");
          int shuffle = sh.isTextual() ? (sh.asText().equals("bitshuffle") ? 2 : sh.asText().equals("shuffle") ? 1 : 0)
              : sh.asInt(0);
          bytes.add(new BloscCodec(cfg.path("cname").asText("zstd"), cfg.path("clevel").asInt(5), shuffle,
              cfg.path("blocksize").asInt(0), cfg.path("typesize").asInt(dtype.size())));
          break;
        }
        case "gzip":
          if (!afterArrayToBytes) throw new IllegalArgumentException("codec 'gzip' comes before the array-to-bytes codec");
          bytes.add(new GzipCodec(cfg.path("level").asInt(5)));
          break;
        case "zstd":
          if (!afterArrayToBytes) throw new IllegalArgumentException("codec 'zstd' comes before the array-to-bytes codec");
          bytes.add(new ZstdCodec(cfg.path("level").asInt(0)));
          break;
        case "crc32c":
          if (!afterArrayToBytes) throw new IllegalArgumentException("codec 'crc32c' comes before the array-to-bytes codec");
          bytes.add(new Crc32c());
          break;
        default:
          throw new IllegalArgumentException("codec '" + name + "' is not supported (Spangeo reads transpose, bytes,"
              + " sharding_indexed, blosc, gzip, zstd, crc32c)");
      }
      if (big != null && sharding == null) dtype = dtype.withBigEndian(big);
    }
    if (big == null && sharding == null) {
      if (dtype.size() > 1) throw new IllegalArgumentException("'codecs' has no array-to-bytes codec (bytes or sharding_indexed)");
      big = false;
    }
    return new V3Pipeline(transposes, big != null && big, sharding, bytes, dtype, FillValue.NONE);
  }

  private static int[] order(JsonNode o, int rank) {
    int[] order = new int[rank];
    if (o != null && o.isTextual()) { // early drafts: "C" / "F"
      for (int i = 0; i < rank; i++) order[i] = o.asText().equals("F") ? rank - 1 - i : i;
      return order;
    }
    if (o == null || !o.isArray() || o.size() != rank) throw new IllegalArgumentException("transpose order " + o + " is not a permutation of " + rank + " dims");
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int v = o.get(i).asInt(-1);
      if (v < 0 || v >= rank || seen[v]) throw new IllegalArgumentException("transpose order " + o + " is not a permutation");
      seen[v] = true;
      order[i] = v;
    }
    return order;
  }

  private static int[] permuteShape(int[] shape, int[] order) {
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) out[i] = shape[order[i]];
    return out;
  }

  @Override
  public RawChunk decode(byte[] stored, int[] chunkShape, DType dt, ChunkReader reader) {
    byte[] b = stored;
    long n = 1;
    for (int s : chunkShape) n *= s;
    long limit = n * dtype.size() + 64L * 1024;
    if (sharding != null) {
      // a shard also holds its index (16 bytes an inner chunk, plus a checksum) and each inner
      // chunk's own framing: over 4096 inner chunks the index alone passes the 64 KiB slack
      long innerSize = 1;
      for (int c : sharding.inner) innerSize *= c;
      limit += n / innerSize * (16 + 64); // the shard shape is a multiple of the inner one
    }
    int bound = (int) Math.min(Integer.MAX_VALUE - 8, limit);
    for (int i = byteCodecs.size() - 1; i >= 0; i--) b = byteCodecs.get(i).decode(b, bound);
    // shape of the array as the array-to-bytes codec sees it (after the transposes)
    List<int[]> shapes = new ArrayList<>();
    int[] s = chunkShape.clone();
    for (int[] t : transposes) {
      shapes.add(s);
      s = permuteShape(s, t);
    }
    RawChunk arr;
    if (sharding != null) {
      arr = sharding.decodeShard(b, s, dtype);
    } else {
      if (b.length != n * dtype.size()) {
        throw new CodecException("chunk decodes to " + b.length + " bytes but its shape " + Arrays.toString(chunkShape)
            + " of " + dtype.name() + " needs " + n * dtype.size() + (b.length < n * dtype.size() ? " (truncated?)" : ""));
      }
      arr = new RawChunk(dtype, s, b);
    }
    byte[] out = arr.bytes();
    for (int i = transposes.size() - 1; i >= 0; i--) {
      // encoded = decoded.transpose(order); so decoded[j] = encoded[i] with j_{order[k]} = i_k,
      // which is Transpose.permute with the codec's order itself (not its inverse: the two only
      // agree for self-inverse orders such as [1, 0] or [2, 1, 0]).
      out = Transpose.permute(out, s, transposes.get(i), dtype.size());
      s = shapes.get(i);
    }
    return new RawChunk(dtype, chunkShape, out);
  }

  @Override
  public byte[] encode(RawChunk chunk) {
    byte[] b = chunk.bytes();
    int[] s = chunk.shape();
    for (int[] t : transposes) {
      // encoding is numpy's transpose(order): Transpose.permute with the inverse order
      int[] inv = new int[t.length];
      for (int k = 0; k < t.length; k++) inv[t[k]] = k;
      b = Transpose.permute(b, s, inv, dtype.size());
      s = permuteShape(s, t);
    }
    if (sharding != null) b = sharding.encodeShard(new RawChunk(dtype, s, b));
    for (Codec c : byteCodecs) b = c.encode(b);
    return b;
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < transposes.size(); i++) parts.add("transpose");
    parts.add(sharding != null ? "sharding(" + Arrays.toString(sharding.inner) + ": " + sharding.innerPipe.describe() + ")"
        : "bytes(" + (bigEndian ? "big" : "little") + ")");
    for (Codec c : byteCodecs) parts.add(V2Pipeline.describe(c));
    return String.join(" + ", parts);
  }

  /** The crc32c codec: a little-endian CRC-32C of the bytes appended after them. */
  static final class Crc32c implements Codec {
    private static final long serialVersionUID = 1L;

    @Override
    public String id() {
      return "crc32c";
    }

    @Override
    public byte[] decode(byte[] in, int maxDecoded) {
      if (in.length < 4) throw new CodecException("crc32c: " + in.length + " bytes cannot hold a checksum (truncated?)");
      CRC32C crc = new CRC32C();
      crc.update(in, 0, in.length - 4);
      int stored = ByteBuffer.wrap(in, in.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if ((int) crc.getValue() != stored) throw new CodecException("crc32c checksum does not match (corrupt chunk)");
      return Arrays.copyOf(in, in.length - 4);
    }

    @Override
    public byte[] encode(byte[] raw) {
      CRC32C crc = new CRC32C();
      crc.update(raw);
      byte[] out = Arrays.copyOf(raw, raw.length + 4);
      ByteBuffer.wrap(out, raw.length, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
      return out;
    }

    @Override
    public java.util.Map<String, Object> toV2Config() {
      return java.util.Map.of("id", "crc32c");
    }
  }

  /** sharding_indexed: a shard holds inner chunks and an index of (offset, nbytes) pairs. */
  record Sharding(int[] inner, V3Pipeline innerPipe, V3Pipeline indexPipe, boolean indexAtStart, FillValue fill)
      implements java.io.Serializable {

    Sharding withFill(FillValue f) {
      return new Sharding(inner, innerPipe.withFill(f), indexPipe, indexAtStart, f);
    }

    /** Inner chunks per dim of a shard of this shape. */
    private int[] innerChunks(int[] shardShape) {
      int[] per = new int[shardShape.length];
      for (int i = 0; i < per.length; i++) per[i] = shardShape[i] / inner[i];
      return per;
    }

    /** The stored index: (offset, nbytes) per inner chunk, plus 4 bytes per crc32c index codec. */
    private int indexBytes(int innerChunks) {
      return innerChunks * 16 + (int) indexPipe.byteCodecs.stream().filter(c -> c instanceof Crc32c).count() * 4;
    }

    private ByteOrder indexOrder() {
      return indexPipe.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** A block of the fill value (NaN or 0 when the array has none), as an absent inner chunk reads. */
    private RawChunk filled(DType dtype, int[] shape) {
      return RawChunk.filled(dtype, shape, fill.isPresent() ? fill.asDouble() : (dtype.isFloat() ? Double.NaN : 0), fill.asLong());
    }

    RawChunk decodeShard(byte[] shard, int[] shardShape, DType dtype) {
      int rank = shardShape.length;
      int[] per = innerChunks(shardShape);
      int count = BoxCopy.size(per);
      int indexRaw = count * 16;
      int indexStored = indexBytes(count);
      if (shard.length < indexStored) {
        throw new CodecException("shard of " + shard.length + " bytes is shorter than its " + indexStored + "-byte index (truncated?)");
      }
      byte[] idxBytes = indexAtStart ? Arrays.copyOfRange(shard, 0, indexStored)
          : Arrays.copyOfRange(shard, shard.length - indexStored, shard.length);
      byte[] idx = idxBytes;
      for (int i = indexPipe.byteCodecs.size() - 1; i >= 0; i--) idx = indexPipe.byteCodecs.get(i).decode(idx, indexRaw);
      if (idx.length != indexRaw) throw new CodecException("shard index decodes to " + idx.length + " bytes, expected " + indexRaw);
      ByteBuffer ib = ByteBuffer.wrap(idx).order(indexOrder());
      RawChunk out = filled(dtype, shardShape);
      byte[] dst = out.bytes();
      int es = dtype.size();
      int[] pos = new int[rank];
      for (int c = 0; c < count; c++) {
        long off = ib.getLong(c * 16);
        long nb = ib.getLong(c * 16 + 8);
        if (!(off == -1L && nb == -1L)) {
          if (off < 0 || nb < 0 || off + nb > shard.length) {
            throw new CodecException("shard index entry " + c + " (offset " + off + ", " + nb + " bytes) lies outside the "
                + shard.length + "-byte shard");
          }
          byte[] piece = Arrays.copyOfRange(shard, (int) off, (int) (off + nb));
          RawChunk ic = innerPipe.decode(piece, inner, dtype, null);
          copyBlock(ic.bytes(), inner, dst, shardShape, pos, es);
        }
        BoxCopy.next(pos, per); // next inner chunk, C order
      }
      return out;
    }

    /**
     * A shard from its C-ordered values: each inner chunk encoded with the inner codecs, one
     * after the other, then the index of (offset, nbytes) per inner chunk (C order) encoded with
     * the index codecs, at the end or the start. An inner chunk that holds only the fill value
     * is left out (both index entries 2^64-1), as zarr-python leaves out empty chunks.
     */
    byte[] encodeShard(RawChunk shard) {
      int[] shape = shard.shape();
      int rank = shape.length;
      int[] per = innerChunks(shape);
      int count = BoxCopy.size(per);
      DType dt = shard.dtype();
      int es = dt.size();
      byte[] empty = filled(dt, inner).bytes();
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      ByteBuffer index = ByteBuffer.allocate(count * 16).order(indexOrder());
      int indexStored = indexBytes(count);
      long base = indexAtStart ? indexStored : 0;
      int[] pos = new int[rank];
      for (int c = 0; c < count; c++) {
        byte[] block = takeBlock(shard.bytes(), inner, shape, pos, es);
        if (Arrays.equals(block, empty)) {
          index.putLong(c * 16, -1L).putLong(c * 16 + 8, -1L);
        } else {
          byte[] enc = innerPipe.encode(new RawChunk(dt, inner, block));
          index.putLong(c * 16, base + body.size()).putLong(c * 16 + 8, enc.length);
          body.write(enc, 0, enc.length);
        }
        BoxCopy.next(pos, per); // next inner chunk, C order
      }
      byte[] idx = index.array();
      for (Codec k : indexPipe.byteCodecs) idx = k.encode(idx);
      if (idx.length != indexStored) throw new IllegalStateException("shard index encodes to " + idx.length + " bytes");
      byte[] b = body.toByteArray();
      byte[] out = new byte[b.length + idx.length];
      System.arraycopy(indexAtStart ? idx : b, 0, out, 0, indexAtStart ? idx.length : b.length);
      System.arraycopy(indexAtStart ? b : idx, 0, out, indexAtStart ? idx.length : b.length, indexAtStart ? b.length : idx.length);
      return out;
    }

    /** The C-ordered block at block index {@code pos} of a C-ordered array (the inverse of copyBlock). */
    private static byte[] takeBlock(byte[] src, int[] blk, int[] shape, int[] pos, int es) {
      byte[] out = new byte[BoxCopy.size(blk) * es];
      BoxCopy.copy(src, shape, at(pos, blk), out, blk, new int[blk.length], blk, es);
      return out;
    }

    /** Copies a C-ordered block into its place (block index {@code pos}) in a C-ordered array. */
    private static void copyBlock(byte[] src, int[] blk, byte[] dst, int[] shape, int[] pos, int es) {
      BoxCopy.copy(src, blk, new int[blk.length], dst, shape, at(pos, blk), blk, es);
    }

    /** The first cell of block {@code pos} of blocks shaped {@code blk}. */
    private static int[] at(int[] pos, int[] blk) {
      int[] at = new int[pos.length];
      for (int d = 0; d < pos.length; d++) at[d] = pos[d] * blk[d];
      return at;
    }
  }
}
