package org.spangeo.zarr.datasource;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;

/**
 * The read options of {@code spark.read.format("zarr")}:
 * <ul>
 *   <li>{@code path} / {@code load(paths...)}: stores, globs allowed, combined along time;</li>
 *   <li>{@code variables}: comma-separated data variables (default: all over the widest dims);</li>
 *   <li>{@code partitionBytes}: decoded bytes per task at most (default 128m, like spark.sql.files.maxPartitionBytes);
 *       a read of more than one task gets a whole number of rounds of the session's task slots,
 *       of even size, but no task under {@code minPartitionBytes};</li>
 *   <li>{@code minPartitionBytes}: the least decoded bytes a task is cut down to when reads are
 *       spread over the task slots (default 4m, like spark.sql.files.openCostInBytes: on a cluster
 *       of many cores a small read stays a few tasks, not one chunk a task);</li>
 *   <li>{@code chunksPerPartition}: a fixed number of chunk cells per task instead;</li>
 *   <li>{@code batchRows}: the most rows of a column batch (default 1048576): bigger chunks are decoded
 *       once and handed to Spark in several batches, so a task's column vectors stay bounded;</li>
 *   <li>{@code maskAndScale}, {@code decodeTimes}: xarray's CF decoding switches (default true);</li>
 *   <li>any {@code fs.*} / {@code hadoop.*} key: passed to the Hadoop FileSystem (s3a credentials...).</li>
 * </ul>
 */
final class ZarrOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  final List<String> paths;
  final List<String> variables;
  final long partitionBytes;
  final long minPartitionBytes;
  final long chunksPerPartition;
  final int batchRows;
  final Dataset.Options open = new Dataset.Options();
  final Map<String, String> hadoop;

  ZarrOptions(CaseInsensitiveStringMap o) {
    paths = paths(o);
    variables = new ArrayList<>();
    String v = o.get("variables");
    if (v != null) for (String s : v.split(",")) if (!s.isBlank()) variables.add(s.trim());
    partitionBytes = bytes(o.getOrDefault("partitionBytes", "128m"), "partitionBytes");
    minPartitionBytes = bytes(o.getOrDefault("minPartitionBytes", "4m"), "minPartitionBytes");
    chunksPerPartition = longOption(o, "chunksPerPartition", 0);
    long rows = longOption(o, "batchRows", ZarrColumnarReader.MAX_ROWS);
    if (rows > Integer.MAX_VALUE - 8) throw new ZarrException("option batchRows='" + rows + "' is too large (at most 2147483639)");
    batchRows = (int) rows;
    open.maskAndScale = bool(o, "maskAndScale", true);
    open.decodeTimes = bool(o, "decodeTimes", true);
    hadoop = new java.util.TreeMap<>();
    for (Map.Entry<String, String> e : o.asCaseSensitiveMap().entrySet()) {
      if (e.getKey().startsWith("fs.") || e.getKey().startsWith("hadoop.")) hadoop.put(e.getKey(), e.getValue());
    }
  }

  HadoopConf hadoopConf() {
    SparkSession s = SparkSession.getActiveSession().getOrElse(() -> null);
    Configuration c = s == null ? new Configuration() : new Configuration(s.sparkContext().hadoopConfiguration());
    hadoop.forEach(c::set);
    return new HadoopConf(c);
  }

  private static List<String> paths(CaseInsensitiveStringMap o) {
    List<String> out = new ArrayList<>();
    String p = o.get("path");
    if (p != null) out.add(p);
    String ps = o.get("paths");
    if (ps != null) {
      JsonNode arr = MetadataParser.readJson(ps.getBytes(java.nio.charset.StandardCharsets.UTF_8), "option paths");
      for (JsonNode n : arr) out.add(n.asText());
    }
    if (out.isEmpty()) throw new ZarrException("format zarr needs a path: spark.read.format(\"zarr\").load(\"store.zarr\")");
    return out;
  }

  private static boolean bool(CaseInsensitiveStringMap o, String key, boolean dflt) {
    String v = o.get(key);
    if (v == null) return dflt;
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default: throw new ZarrException("option " + key + "='" + v + "' is not true or false");
    }
  }

  private static long longOption(CaseInsensitiveStringMap o, String key, long dflt) {
    String v = o.get(key);
    if (v == null) return dflt;
    try {
      long x = Long.parseLong(v.trim());
      if (x <= 0) throw new NumberFormatException();
      return x;
    } catch (NumberFormatException e) {
      throw new ZarrException("option " + key + "='" + v + "' is not a positive integer");
    }
  }

  static long bytes(String v, String key) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    if (s.endsWith("b")) s = s.substring(0, s.length() - 1);
    if (s.endsWith("k")) mult = 1L << 10;
    else if (s.endsWith("m")) mult = 1L << 20;
    else if (s.endsWith("g")) mult = 1L << 30;
    if (mult > 1) s = s.substring(0, s.length() - 1);
    try {
      long x = Long.parseLong(s.trim()) * mult;
      if (x <= 0) throw new NumberFormatException();
      return x;
    } catch (NumberFormatException e) {
      throw new ZarrException("option " + key + "='" + v + "' is not a size (for example 64m or 1g)");
    }
  }
}
