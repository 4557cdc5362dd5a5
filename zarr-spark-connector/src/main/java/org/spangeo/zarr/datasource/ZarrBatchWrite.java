package org.spangeo.zarr.datasource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.dataset.DimSizes;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.SparkBlockWriter;
import org.spangeo.zarr.write.TimeEncoding;
import org.spangeo.zarr.write.VariableSpec;
import org.spangeo.zarr.write.ZarrWriter;

/**
 * {@code df.write.format("zarr")}: tasks store their rows as fragments next to the target and
 * report the distinct dim values they saw; at commit the driver builds the grid (the union of
 * those values), starts a {@link ZarrWriter} (its commit protocol: staging, marker,
 * consolidated metadata last, swap), and turns fragments into chunks with one Spark job that
 * groups pieces by output chunk. Fragments are removed at the end or on abort.
 */
final class ZarrBatchWrite implements BatchWrite {
  private final String target;
  private final WriteLayout layout;
  private final StructType schema;
  private final Map<String, String> options;
  private final boolean truncate;
  private final HadoopConf conf;
  private final String fragments;

  ZarrBatchWrite(String target, WriteLayout layout, StructType schema, Map<String, String> options, boolean truncate,
      HadoopConf conf, String queryId) {
    this.target = target;
    this.layout = layout;
    this.schema = schema;
    this.options = options;
    this.truncate = truncate;
    this.conf = conf;
    Path t = new Path(target);
    this.fragments = new Path(t.getParent(), "." + t.getName() + ".spangeo-fragments-" + queryId).toString();
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new FragmentWriter.Factory(layout, fragments, conf);
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<FragmentWriter.Committed> parts = new ArrayList<>();
    for (WriterCommitMessage m : messages) if (m != null) parts.add((FragmentWriter.Committed) m);
    try {
      if (parts.stream().mapToLong(p -> p.rows).sum() == 0) {
        throw new ZarrException("write to zarr '" + target + "': the table is empty; nothing to write");
      }
      Object[] coords = grid(parts);
      DatasetSpec spec = spec(coords);
      if ("3".equals(options.get("zarrFormat"))) spec = spec.withZarrFormat(3);
      ZarrWriter.Mode mode = truncate ? ZarrWriter.Mode.OVERWRITE : ZarrWriter.Mode.APPEND;
      ZarrWriter writer = ZarrWriter.begin(conf, target, spec, mode);
      int[] chunks = spec.variable(layout.vars[0]).chunks();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
      List<String> paths = new ArrayList<>();
      for (FragmentWriter.Committed p : parts) if (p.rows > 0) paths.add(p.path);
      WriteLayout l = layout;
      HadoopConf c = conf;
      JavaRDD<Block> blocks = jsc.parallelize(paths, Math.max(1, Math.min(paths.size(), jsc.defaultParallelism() * 4)))
          .flatMap(p -> blocksOf(new Path(p), c, l, coords, chunks));
      try {
        SparkBlockWriter.writeChunks(blocks, writer, SparkBlockWriter.DEFAULT_GROUP_BYTES, true);
        writer.commit();
      } catch (Exception e) { // SparkException is checked but undeclared
        writer.abort();
        throw e;
      }
    } finally {
      deleteFragments();
    }
  }

  /** A fragment's blocks, segment by segment: a task holds one segment's rows and blocks, whatever the fragment's size. */
  static Iterator<Block> blocksOf(Path fp, HadoopConf c, WriteLayout l, Object[] coords, int[] chunks) throws IOException {
    Iterator<Fragment> segments = Fragment.read(fp.getFileSystem(c.get()), fp);
    return new Iterator<Block>() {
      private Iterator<Block> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && segments.hasNext()) {
          current = FragmentBlocks.of(segments.next(), l, coords, chunks).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Block next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        return current.next();
      }
    };
  }

  /** The output grid: per dim the sorted union of the values the tasks saw. */
  private Object[] grid(List<FragmentWriter.Committed> parts) {
    int nd = layout.dims.length;
    Object[] out = new Object[nd];
    long cells = 1;
    for (int d = 0; d < nd; d++) {
      if (layout.dimIsTime[d]) {
        TreeSet<Long> s = new TreeSet<>();
        for (FragmentWriter.Committed p : parts) for (long x : p.distinctLongs[d]) s.add(x);
        long[] a = s.stream().mapToLong(Long::longValue).toArray();
        if (layout.descending[d]) reverse(a);
        out[d] = a;
        cells *= a.length;
      } else {
        TreeSet<Double> s = new TreeSet<>();
        for (FragmentWriter.Committed p : parts) for (double x : p.distinctDoubles[d]) s.add(x);
        double[] a = s.stream().mapToDouble(Double::doubleValue).toArray();
        if (layout.descending[d]) reverse(a);
        out[d] = a;
        cells *= a.length;
      }
    }
    if (cells > (1L << 40)) throw new ZarrException("write to zarr: the grid would have " + cells + " cells; are the dims right?");
    return out;
  }

  private DatasetSpec spec(Object[] coords) {
    DatasetSpec spec = new DatasetSpec();
    int nd = layout.dims.length;
    long[] shape = new long[nd];
    for (int d = 0; d < nd; d++) {
      String name = layout.dims[d];
      StructField f = schema.apply(name);
      if (layout.dimIsTime[d]) {
        long[] t = (long[]) coords[d];
        shape[d] = t.length;
        spec.coordinate(VariableSpec.coordinate(name, t.length).times(TimeEncoding.choose(t)).attributes(attrs(f)).build(), t);
      } else {
        double[] c = (double[]) coords[d];
        shape[d] = c.length;
        DType t = f.dataType().equals(DataTypes.IntegerType) ? DType.INT32
            : f.dataType().equals(DataTypes.LongType) ? DType.INT64
            : f.dataType().equals(DataTypes.FloatType) ? DType.FLOAT32 : DType.FLOAT64;
        spec.coordinate(VariableSpec.coordinate(name, c.length).dtype(t).attributes(attrs(f)).build(), c);
      }
    }
    int[] chunks = chunks(shape);
    String comp = options.getOrDefault("compressor", Compressors.DEFAULT);
    for (int k = 0; k < layout.vars.length; k++) {
      DType t = layout.varIsDouble[k] ? DType.FLOAT64 : DType.FLOAT32;
      spec.variable(VariableSpec.builder(layout.vars[k], Arrays.asList(layout.dims), shape).chunks(chunks).dtype(t)
          .compressor(comp).attributes(attrs(schema.apply(layout.vars[k]))).build());
    }
    return spec;
  }

  /** Option chunks ("time=24,latitude=121"), else about 8 MB chunks cut along the first dim. */
  private int[] chunks(long[] shape) {
    int nd = shape.length;
    int[] c = new int[nd];
    for (int d = 0; d < nd; d++) c[d] = (int) Math.min(shape[d], d == 0 ? Integer.MAX_VALUE : 1024);
    String opt = options.get("chunks");
    if (opt != null) {
      for (Map.Entry<String, Integer> e : DimSizes.parse(opt, "option chunks", 1, "time=24,latitude=121").entrySet()) {
        int d = Arrays.asList(layout.dims).indexOf(e.getKey());
        if (d < 0) throw new ZarrException("option chunks '" + opt + "' is not DIM=N for the dims " + Arrays.toString(layout.dims));
        c[d] = (int) Math.min(shape[d], e.getValue());
      }
      return c;
    }
    long inner = 4;
    for (int d = 1; d < nd; d++) inner *= c[d];
    c[0] = (int) Math.max(1, Math.min(shape[0], (8L << 20) / Math.max(1, inner)));
    return c;
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode attrs(StructField f) {
    com.fasterxml.jackson.databind.node.ObjectNode a = MetadataParser.JSON.createObjectNode();
    for (String k : new String[] {"units", "long_name", "standard_name"}) {
      if (f.metadata().contains(k)) a.put(k, f.metadata().getString(k));
    }
    return a;
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    deleteFragments();
  }

  private void deleteFragments() {
    try {
      Path p = new Path(fragments);
      FileSystem fs = p.getFileSystem(conf.get());
      fs.delete(p, true);
    } catch (IOException e) {
      // hidden folder; the next write of this target uses its own
    }
  }

  static void reverse(long[] a) {
    for (int i = 0; i < a.length / 2; i++) {
      long t = a[i];
      a[i] = a[a.length - 1 - i];
      a[a.length - 1 - i] = t;
    }
  }

  static void reverse(double[] a) {
    for (int i = 0; i < a.length / 2; i++) {
      double t = a[i];
      a[i] = a[a.length - 1 - i];
      a[a.length - 1 - i] = t;
    }
  }
}
