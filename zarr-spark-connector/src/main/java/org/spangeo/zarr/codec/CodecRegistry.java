package org.spangeo.zarr.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.spangeo.zarr.metadata.DType;

/**
 * Turns numcodecs configurations ({"id": "blosc", ...}) into codecs. Object codecs that can run
 * code or hold Python objects are refused by name, always; other unknown ids get an error that
 * names the id, so a user knows which filter to drop when writing.
 */
public final class CodecRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OBJECT_CODECS =
      Set.of("pickle", "json", "json2", "msgpack", "msgpack2", "vlen-utf8", "vlen-bytes", "vlen-array", "categorize");

  private CodecRegistry() {}

  /** A v2 "compressor" or "filters" entry; {@code dtype} is the array's, used where the config names none. */
  public static Codec fromV2(JsonNode cfg, DType dtype) {
    if (cfg == null || !cfg.isObject() || !cfg.hasNonNull("id")) {
      throw new IllegalArgumentException("codec configuration " + cfg + " has no \"id\"");
    }
    String id = cfg.get("id").asText();
    if (OBJECT_CODECS.contains(id)) {
      throw new IllegalArgumentException("codec '" + id + "' is refused: it encodes Python objects"
          + (id.equals("pickle") ? " and unpickling can run arbitrary code" : "") + "; Spangeo reads numeric arrays only");
    }
    switch (id) {
      case "blosc":
        return new BloscCodec(cfg.path("cname").asText("lz4"), cfg.path("clevel").asInt(5),
            cfg.path("shuffle").asInt(BloscCodec.SHUFFLE), cfg.path("blocksize").asInt(0), dtype.size());
      case "zstd":
        return new ZstdCodec(cfg.path("level").asInt(1));
      case "zlib":
        return new ZlibCodec(cfg.path("level").asInt(1));
      case "gzip":
        return new GzipCodec(cfg.path("level").asInt(1));
      case "lz4":
        return new Lz4Codec(cfg.path("acceleration").asInt(1));
      case "delta": {
        DType d = typeOr(cfg, "dtype", dtype);
        return new Filters.Delta(d, typeOr(cfg, "astype", d));
      }
      case "fixedscaleoffset": {
        DType d = typeOr(cfg, "dtype", dtype);
        return new Filters.FixedScaleOffset(cfg.path("offset").asDouble(0), cfg.path("scale").asDouble(1), d,
            typeOr(cfg, "astype", d));
      }
      case "quantize": {
        DType d = typeOr(cfg, "dtype", dtype);
        return new Filters.Cast(id, d, typeOr(cfg, "astype", d), toMap(cfg));
      }
      case "bitround":
        return new Filters.Cast(id, dtype, dtype, toMap(cfg));
      case "astype": {
        DType d = typeOr(cfg, "decode_dtype", dtype);
        return new Filters.Cast(id, d, typeOr(cfg, "encode_dtype", d), toMap(cfg));
      }
      case "shuffle":
        return new Filters.Shuffle(cfg.path("elementsize").asInt(dtype.size()));
      default:
        throw new IllegalArgumentException("codec '" + id + "' is not supported (Spangeo reads blosc, zstd, zlib, gzip,"
            + " lz4 and the filters delta, fixedscaleoffset, quantize, bitround, astype, shuffle)");
    }
  }

  private static DType typeOr(JsonNode cfg, String key, DType dflt) {
    return cfg.hasNonNull(key) ? DType.parseV2(cfg.get(key).asText()) : dflt;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode n) {
    return JSON.convertValue(n, Map.class);
  }
}
