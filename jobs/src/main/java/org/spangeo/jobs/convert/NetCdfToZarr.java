package org.spangeo.jobs.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.zarr.blocks.Block;
import org.spangeo.zarr.dataset.CfTime;
import org.spangeo.zarr.dataset.Names;
import org.spangeo.zarr.metadata.DType;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.write.Compressors;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.TimeEncoding;
import org.spangeo.zarr.write.VariableSpec;

/**
 * NetCDF files to one Zarr dataset, as {@code xr.open_mfdataset(files).to_zarr(out)} writes it:
 * the plan (made on the driver from the files' headers and coordinates) is a {@link DatasetSpec}
 * and a list of output chunks; {@link #blocks} reads them in Spark tasks, each task opening the
 * files it needs and reading only the boxes of the chunks it produces, one {@link Block} per
 * output chunk, ready for {@link org.spangeo.zarr.write.SparkBlockWriter}.
 *
 * <p>Several files are concatenated along the unlimited dim (else the one time coordinate),
 * ordered by their first coordinate value; they must agree on every other dim, on the
 * variables and on the other coordinates' values. Variables without that dim come from the
 * first file (xarray's {@code data_vars="minimal"}, {@code compat="override"}).
 *
 * <p>Values are decoded as xarray decodes them (_Unsigned, _FillValue/missing_value masks,
 * scale_factor/add_offset) and written in the decoded type: float32, float64, or the stored
 * integer type when nothing is masked or scaled. Coordinate times are decoded and re-encoded
 * with {@link TimeEncoding#choose}; time-valued data variables keep their (first file's) units.
 */
public final class NetCdfToZarr implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What to convert and how. */
  public static final class Options implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Variables to leave out. */
    public List<String> drop = List.of();
    /** Output chunk sizes by dim; other dims get {@link #chunkBytes}-sized chunks. */
    public Map<String, Integer> chunks = Map.of();
    public String compressor = Compressors.DEFAULT;
    /** Decode CF times (false: keep the numbers and their units, as xarray's decode_times=False). */
    public boolean decodeTimes = true;
    /** The target size of a default output chunk. */
    public long chunkBytes = 8L << 20;
    /**
     * Units to count time-valued data variables in (when appending: the store's); by default
     * the first file's.
     */
    public Map<String, CfTime> timeUnits = Map.of();
    /** Stack the files along this new dim (files without a time axis), as xr.concat(..., dim=stackDim). */
    public String stackDim;
    /** The new dim's values, one per file in file-name order (empty: from the file names). */
    public List<String> stackCoord = List.of();
  }

  /**
   * One output data variable and where its values come from: {@code grid} chunks per dim
   * ({@code chunkCount} in all), {@code concatAxis} the axis along the concatenation dim (-1: read
   * from the first file only), {@code decoders} one per input file (sorted order).
   */
  record Var(String name, List<String> dims, long[] shape, int[] chunks, long[] grid, long chunkCount, int concatAxis,
      boolean float32, Decoder[] decoders) implements Serializable {
    static Var of(String name, List<String> dims, long[] shape, int[] chunks, int concatAxis, boolean float32,
        Decoder[] decoders) {
      long[] grid = new long[shape.length];
      long n = 1;
      for (int i = 0; i < shape.length; i++) {
        grid[i] = (shape[i] + chunks[i] - 1) / chunks[i];
        n *= grid[i];
      }
      return new Var(name, List.copyOf(dims), shape, chunks, grid, n, concatAxis, float32, decoders);
    }

    long cells() {
      long n = 1;
      for (long s : shape) n *= s;
      return n;
    }
  }

  final List<String> files;
  /** Start and length of each file along the concatenation dim. */
  final long[] offsets;
  final long[] lengths;
  final String concatDim;
  final List<Var> vars;
  /** Files stacked along a new first dim: each gives one index of it, and its own boxes have no such axis. */
  final boolean stacked;
  private final transient DatasetSpec spec;
  private final transient List<String> formats;
  private final transient List<String> dropped;
  private final transient List<String> ignoredGroups;

  private NetCdfToZarr(List<String> files, long[] offsets, long[] lengths, String concatDim, List<Var> vars,
      DatasetSpec spec, List<String> formats, List<String> dropped, List<String> ignoredGroups, boolean stacked) {
    this.stacked = stacked;
    this.files = List.copyOf(files);
    this.offsets = offsets;
    this.lengths = lengths;
    this.concatDim = concatDim;
    this.vars = List.copyOf(vars);
    this.spec = spec;
    this.formats = formats;
    this.dropped = dropped;
    this.ignoredGroups = ignoredGroups;
  }

  // ---------------------------------------------------------------- planning (driver)

  /** Expands the inputs, reads every header and the coordinates, checks the files agree, and plans the output. */
  public static NetCdfToZarr plan(List<String> inputs, Options o, HadoopConf conf) {
    List<String> paths = InputFiles.expand(inputs, conf == null ? null : conf.get());
    Set<String> drop = new LinkedHashSet<>(o.drop);
    List<FileScan> scans = new ArrayList<>();
    for (String p : paths) scans.add(FileScan.read(p, conf == null ? null : conf.get(), drop, o.decodeTimes));
    for (String d : drop) {
      boolean found = scans.stream().anyMatch(s -> s.allNames.contains(d));
      if (!found) {
        throw new IllegalArgumentException("--drop: no variable '" + d + "' in " + scans.get(0).location
            + (scans.size() > 1 ? " or the other inputs" : "") + Names.suggest(d, scans.get(0).allNames));
      }
    }
    for (FileScan s : scans) s.checkConvertible();
    boolean stacked = o.stackDim != null;
    StackCoordinate stack = null;
    String cd;
    if (stacked) {
      cd = o.stackDim;
      for (FileScan s : scans) {
        if (s.dims.containsKey(cd) || s.allNames.contains(cd)) {
          throw new IllegalArgumentException("--stack-dim " + cd + ": " + s.location + " already has a '" + cd + "'; name the new dim"
              + " otherwise");
        }
      }
      List<String> names = new ArrayList<>();
      for (FileScan s : scans) names.add(s.location);
      stack = StackCoordinate.of(names, o.stackCoord, cd);
      for (int k = 1; k < scans.size(); k++) agree(scans.get(0), scans.get(k), cd, o.decodeTimes, true);
      if (o.stackCoord.isEmpty()) { // ordered by the values read from the names
        Integer[] order = new Integer[scans.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        StackCoordinate sc = stack;
        Arrays.sort(order, Comparator.comparingDouble(sc::key));
        List<FileScan> sortedScans = new ArrayList<>();
        for (int i : order) sortedScans.add(scans.get(i));
        scans = sortedScans;
        long[] t = stack.times == null ? null : new long[order.length];
        double[] d = stack.numbers == null ? null : new double[order.length];
        for (int i = 0; i < order.length; i++) {
          if (t != null) t[i] = stack.times[order[i]];
          else d[i] = stack.numbers[order[i]];
        }
        stack = t != null ? StackCoordinate.ofTimes(t) : StackCoordinate.ofNumbers(d);
      }
    } else {
      cd = scans.size() > 1 ? concatDim(scans, o.decodeTimes) : null;
      if (cd != null) {
        for (int k = 1; k < scans.size(); k++) agree(scans.get(0), scans.get(k), cd, o.decodeTimes);
        scans = sorted(scans, cd);
      }
    }
    int nf = scans.size();
    long[] offsets = new long[nf];
    long[] lengths = new long[nf];
    long total = 0;
    for (int k = 0; k < nf; k++) {
      offsets[k] = total;
      lengths[k] = cd == null ? 0 : stacked ? 1 : scans.get(k).dims.get(cd);
      total += lengths[k];
    }
    FileScan first = scans.get(0);
    LinkedHashMap<String, Long> outDims = new LinkedHashMap<>();
    if (stacked) outDims.put(cd, total);
    outDims.putAll(first.dims);
    if (cd != null) outDims.put(cd, total);
    checkChunkDims(o.chunks, outDims.keySet());

    DatasetSpec spec = new DatasetSpec().attributes(AttrJson.of(first.attrs));
    if (stacked) addStackCoordinate(spec, cd, stack);
    // coordinates first, in the order of the first file's dims
    for (String dim : first.dims.keySet()) {
      FileScan.Var cv = first.vars.get(dim);
      if (cv == null || !cv.isCoordinate()) continue;
      addCoordinate(spec, scans, cv, dim.equals(cd), outDims.get(dim));
    }
    List<Var> vars = new ArrayList<>();
    for (String name : first.dataVariableNames()) {
      FileScan.Var fv = first.vars.get(name);
      int axis = cd == null ? -1 : stacked ? 0 : fv.dims.indexOf(cd);
      List<String> dims = fv.dims;
      if (stacked) {
        dims = new ArrayList<>(List.of(cd));
        dims.addAll(fv.dims);
      }
      List<FileScan> sources = axis < 0 ? List.of(first) : scans;
      Decoder[] decs = new Decoder[sources.size()];
      DType out = null;
      CfTime target = first.times.get(name) == null ? null : o.timeUnits.getOrDefault(name, first.times.get(name));
      for (int k = 0; k < decs.length; k++) {
        decs[k] = sources.get(k).decoders.get(name);
        out = out == null ? decs[k].decodedType() : promote(out, decs[k].decodedType());
        CfTime t = sources.get(k).times.get(name);
        if (target != null && t != null && !sameUnits(t, target)) {
          decs[k].from = t;
          decs[k].to = target;
        }
      }
      if (target != null) out = DType.FLOAT64; // re-counted times may be fractions
      long[] shape = new long[dims.size()];
      for (int i = 0; i < shape.length; i++) shape[i] = outDims.get(dims.get(i));
      int[] chunks = chooseChunks(name, dims, shape, out.size(), o.chunks, o.chunkBytes);
      ObjectNode attrs = Specs.cleanAttrs(AttrJson.of(fv.attrs));
      keepKnownCoordinates(attrs, first.vars.keySet());
      spec.variable(VariableSpec.builder(name, dims, shape).chunks(chunks).dtype(out).compressor(o.compressor).attributes(attrs)
          .build());
      vars.add(Var.of(name, dims, shape, chunks, axis, out.isFloat() && out.size() == 4, decs));
    }
    List<String> files = new ArrayList<>();
    TreeSet<String> formats = new TreeSet<>();
    LinkedHashSet<String> groups = new LinkedHashSet<>();
    for (FileScan s : scans) {
      files.add(s.location);
      formats.add(s.format);
      groups.addAll(s.ignoredGroups);
    }
    List<String> dropped = new ArrayList<>();
    for (String d : drop) if (first.allNames.contains(d)) dropped.add(d);
    return new NetCdfToZarr(files, offsets, lengths, cd, vars, spec, new ArrayList<>(formats), dropped,
        new ArrayList<>(groups), stacked);
  }

  /** The stacked dim's coordinate: CF times for dates, else numbers (int64 when all whole). */
  private static void addStackCoordinate(DatasetSpec spec, String dim, StackCoordinate c) {
    int n = c.size();
    ObjectNode attrs = org.spangeo.zarr.metadata.MetadataParser.JSON.createObjectNode();
    attrs.put("long_name", dim + " the files were stacked along");
    if (c.times != null) {
      spec.coordinate(VariableSpec.coordinate(dim, n).times(TimeEncoding.choose(c.times)).attributes(attrs).build(), c.times);
      return;
    }
    boolean whole = true;
    for (double x : c.numbers) whole &= x == Math.rint(x) && Math.abs(x) < 1e15;
    spec.coordinate(VariableSpec.coordinate(dim, n).dtype(whole ? DType.INT64 : DType.FLOAT64).attributes(attrs).build(), c.numbers);
  }

  /** The dim several files are concatenated along: the unlimited dim, else the only time coordinate. */
  static String concatDim(List<FileScan> scans, boolean decodeTimes) {
    FileScan a = scans.get(0);
    if (a.unlimited != null) return a.unlimited;
    List<String> timeDims = new ArrayList<>();
    for (FileScan.Var v : a.vars.values()) if (v.isCoordinate() && v.hasTimeUnits()) timeDims.add(v.name);
    if (timeDims.size() == 1) return timeDims.get(0);
    throw new IllegalArgumentException("cannot concatenate " + a.location + " and " + scans.get(1).location + ": "
        + a.location + (timeDims.isEmpty() ? " has no unlimited dim and no time coordinate"
            : " has no unlimited dim and several time coordinates " + timeDims) + " to concatenate along");
  }

  /** Checks that file b agrees with file a on everything but the length along {@code cd}. */
  static void agree(FileScan a, FileScan b, String cd, boolean decodeTimes) {
    agree(a, b, cd, decodeTimes, false);
  }

  /** {@code stacking}: {@code cd} is a new dim, so the files must agree on all of theirs. */
  static void agree(FileScan a, FileScan b, String cd, boolean decodeTimes, boolean stacking) {
    String both = a.location + " and " + b.location + " cannot be " + (stacking ? "stacked" : "concatenated") + " along '" + cd + "': ";
    if (!stacking && !b.dims.containsKey(cd)) throw new IllegalArgumentException(both + b.location + " has no dim '" + cd + "'");
    for (String d : a.dims.keySet()) {
      if (!b.dims.containsKey(d)) throw new IllegalArgumentException(both + "dim '" + d + "' is missing from the second");
      if (!d.equals(cd) && !a.dims.get(d).equals(b.dims.get(d))) {
        throw new IllegalArgumentException(both + "dim '" + d + "' has length " + a.dims.get(d) + " in the first but "
            + b.dims.get(d) + " in the second");
      }
    }
    for (String d : b.dims.keySet()) {
      if (!a.dims.containsKey(d)) throw new IllegalArgumentException(both + "dim '" + d + "' is missing from the first");
    }
    for (String v : a.vars.keySet()) {
      if (!b.vars.containsKey(v)) throw new IllegalArgumentException(both + "variable '" + v + "' is missing from the second");
    }
    for (String v : b.vars.keySet()) {
      if (!a.vars.containsKey(v)) throw new IllegalArgumentException(both + "variable '" + v + "' is missing from the first");
    }
    for (FileScan.Var va : a.vars.values()) {
      FileScan.Var vb = b.vars.get(va.name);
      if (!va.dims.equals(vb.dims)) {
        throw new IllegalArgumentException(both + "variable '" + va.name + "' has dims " + va.dims + " in the first but "
            + vb.dims + " in the second");
      }
      if (va.isCoordinate() && !va.name.equals(cd)) {
        String diff = differ(a.coordValues.get(va.name), b.coordValues.get(va.name));
        if (diff != null) throw new IllegalArgumentException(both + "coordinate '" + va.name + "' differs: " + diff);
      }
      if (va.name.equals(cd) && !decodeTimes && va.hasTimeUnits()
          && (!Objects.equals(va.units(), vb.units()) || !Objects.equals(va.calendar(), vb.calendar()))) {
        throw new IllegalArgumentException(both + "'" + cd + "' has units '" + va.units() + "' in the first but '"
            + vb.units() + "' in the second, which only decoded times can join (leave out --no-decode-times)");
      }
    }
  }

  /** Where two coordinates' values differ, in words; null when they are equal. */
  static String differ(Object x, Object y) {
    double[] a = x instanceof long[] ? Arrays.stream((long[]) x).asDoubleStream().toArray() : (double[]) x;
    double[] b = y instanceof long[] ? Arrays.stream((long[]) y).asDoubleStream().toArray() : (double[]) y;
    if ((x instanceof long[]) != (y instanceof long[])) return "times in one file, numbers in the other";
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (Double.compare(a[i], b[i]) != 0 && !(a[i] == b[i])) {
        boolean t = x instanceof long[];
        return "value " + i + " is " + show(a[i], t) + " in the first but " + show(b[i], t) + " in the second";
      }
    }
    if (a.length != b.length) return a.length + " values in the first but " + b.length + " in the second";
    return null;
  }

  private static String show(double v, boolean time) {
    if (time) return CfTime.format((long) v);
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Files ordered by their first value along {@code cd}; consecutive files must not overlap. */
  static List<FileScan> sorted(List<FileScan> scans, String cd) {
    List<FileScan> out = new ArrayList<>(scans);
    if (!scans.get(0).coordValues.containsKey(cd)) return out; // no coordinate: the order given
    out.sort(Comparator.comparingDouble(s -> first(s, cd)));
    FileScan prev = null;
    for (FileScan s : out) {
      if (s.dims.get(cd) == 0) continue;
      if (prev != null && !(first(s, cd) > last(prev, cd))) {
        boolean t = s.coordValues.get(cd) instanceof long[];
        throw new IllegalArgumentException(prev.location + " and " + s.location + " overlap along '" + cd + "': the second"
            + " starts at " + show(first(s, cd), t) + ", not after the first's last value " + show(last(prev, cd), t));
      }
      prev = s;
    }
    return out;
  }

  private static double first(FileScan s, String cd) {
    Object v = s.coordValues.get(cd);
    int n = v instanceof long[] ? ((long[]) v).length : ((double[]) v).length;
    if (n == 0) return Double.POSITIVE_INFINITY;
    return v instanceof long[] ? ((long[]) v)[0] : ((double[]) v)[0];
  }

  private static double last(FileScan s, String cd) {
    Object v = s.coordValues.get(cd);
    int n = v instanceof long[] ? ((long[]) v).length : ((double[]) v).length;
    return v instanceof long[] ? ((long[]) v)[n - 1] : ((double[]) v)[n - 1];
  }

  static boolean sameUnits(CfTime a, CfTime b) {
    return a.unitMicros() == b.unitMicros() && a.referenceMicros() == b.referenceMicros();
  }

  private static void addCoordinate(DatasetSpec spec, List<FileScan> scans, FileScan.Var cv, boolean concat, long n) {
    FileScan first = scans.get(0);
    String dim = cv.name;
    List<FileScan> sources = concat ? scans : List.of(first);
    ObjectNode attrs = Specs.cleanAttrs(AttrJson.of(cv.attrs));
    int len = Math.toIntExact(n);
    int chunk = Math.max(1, len);
    if (first.coordValues.get(dim) instanceof long[]) {
      long[] t = new long[len];
      int at = 0;
      for (FileScan s : sources) {
        long[] part = (long[]) s.coordValues.get(dim);
        System.arraycopy(part, 0, t, at, part.length);
        at += part.length;
      }
      spec.coordinate(VariableSpec.coordinate(dim, len).chunks(chunk).times(TimeEncoding.choose(t)).attributes(attrs).build(), t);
      return;
    }
    double[] vals = new double[len];
    DType type = null;
    int at = 0;
    for (FileScan s : sources) {
      Object part = s.coordValues.get(dim);
      if (!(part instanceof double[])) {
        throw new IllegalArgumentException(first.location + " and " + s.location + ": coordinate '" + dim
            + "' holds times in one and numbers in the other");
      }
      double[] p = (double[]) part;
      System.arraycopy(p, 0, vals, at, p.length);
      at += p.length;
      DType d = s.decoders.get(dim).decodedType();
      type = type == null ? d : promote(type, d);
    }
    spec.coordinate(VariableSpec.coordinate(dim, len).chunks(chunk).dtype(type).attributes(attrs).build(), vals);
  }

  /** The CF "coordinates" attribute without the names of variables that were dropped (removed when none is left). */
  static void keepKnownCoordinates(ObjectNode attrs, Set<String> kept) {
    if (attrs.get("coordinates") == null || !attrs.get("coordinates").isTextual()) return;
    List<String> names = new ArrayList<>();
    for (String c : attrs.get("coordinates").textValue().trim().split("\\s+")) if (kept.contains(c)) names.add(c);
    if (names.isEmpty()) attrs.remove("coordinates");
    else attrs.put("coordinates", String.join(" ", names));
  }

  /** numpy's result type of concatenating two decoded types. */
  static DType promote(DType a, DType b) {
    if (a.kind() == b.kind() && a.size() == b.size()) return a;
    DType f4 = DType.FLOAT32;
    DType f8 = DType.FLOAT64;
    if (a.isFloat() && b.isFloat()) return a.size() >= b.size() ? a : b;
    if (a.isFloat() || b.isFloat()) {
      DType f = a.isFloat() ? a : b;
      DType i = a.isFloat() ? b : a;
      return f.size() == 4 && i.size() <= 2 ? f4 : f8;
    }
    if (a.kind() == b.kind()) return a.size() >= b.size() ? a : b;
    DType s = a.kind() == DType.Kind.INT ? a : b;
    DType u = a.kind() == DType.Kind.INT ? b : a;
    if (s.size() > u.size()) return s;
    return u.size() >= 8 ? f8 : new DType(DType.Kind.INT, u.size() * 2, false);
  }

  private static void checkChunkDims(Map<String, Integer> chunks, Set<String> dims) {
    for (String d : chunks.keySet()) {
      if (!dims.contains(d)) throw new IllegalArgumentException("--chunks: the input has no dim '" + d + "'" + Names.suggest(d, dims));
    }
  }

  /**
   * Output chunks: the --chunks sizes where given (cut to the dim), the whole dim elsewhere,
   * then the outermost dims not given cut until a chunk is at most {@code target} bytes.
   */
  static int[] chooseChunks(String name, List<String> dims, long[] shape, int elemSize, Map<String, Integer> user,
      long target) {
    int rank = shape.length;
    int[] c = new int[rank];
    boolean[] fixed = new boolean[rank];
    long bytes = elemSize;
    for (int i = 0; i < rank; i++) {
      Integer u = user.get(dims.get(i));
      long whole = Math.max(1, shape[i]);
      fixed[i] = u != null;
      c[i] = (int) Math.min(Integer.MAX_VALUE, u != null ? Math.max(1, Math.min(u, whole)) : whole);
      bytes = Math.multiplyHigh(bytes, c[i]) != 0 ? Long.MAX_VALUE : bytes * c[i];
    }
    for (int i = 0; i < rank && bytes > target; i++) {
      if (fixed[i]) continue;
      long rest = bytes / c[i];
      c[i] = (int) Math.max(1, Math.min(c[i], target / Math.max(1, rest)));
      bytes = rest * c[i];
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("--chunks: a chunk of '" + name + "' " + Arrays.toString(c) + " would be over 2 GiB;"
          + " give smaller chunks");
    }
    return c;
  }

  // ---------------------------------------------------------------- reading (tasks)

  /**
   * The output chunks as blocks, read in Spark tasks: every task takes a run of consecutive
   * chunks, opens the files it needs (closed when the task ends) and reads only their boxes.
   */
  public JavaRDD<Block> blocks(JavaSparkContext jsc, HadoopConf conf, LongAccumulator boxes, LongAccumulator bytes) {
    long total = chunkCount();
    int slices = (int) Math.max(1, Math.min(total, Math.max(2L, jsc.defaultParallelism()) * 4L));
    List<long[]> ranges = new ArrayList<>();
    for (int s = 0; s < slices; s++) {
      long lo = total * s / slices;
      long hi = total * (s + 1) / slices;
      if (hi > lo) ranges.add(new long[] {lo, hi});
    }
    NetCdfToZarr plan = this;
    return jsc.parallelize(ranges, Math.max(1, ranges.size()))
        .mapPartitions(it -> new ChunkReader(plan, conf, it, boxes, bytes));
  }

  // ---------------------------------------------------------------- summary

  public DatasetSpec spec() {
    return spec;
  }

  public List<String> files() {
    return files;
  }

  /** The dim the files were concatenated along; null for one file. */
  public String concatDim() {
    return concatDim;
  }

  public List<String> formats() {
    return formats;
  }

  public List<String> dataVariables() {
    List<String> out = new ArrayList<>();
    for (Var v : vars) out.add(v.name);
    return out;
  }

  public List<String> dropped() {
    return dropped;
  }

  /** NetCDF-4 sub-groups, which are not converted. */
  public List<String> ignoredGroups() {
    return ignoredGroups;
  }

  public long cells() {
    long n = 0;
    for (Var v : vars) n += v.cells();
    return n;
  }

  public long chunkCount() {
    long n = 0;
    for (Var v : vars) n += v.chunkCount;
    return n;
  }

  /** Output dims with their lengths, in the order of the first file. */
  public LinkedHashMap<String, Long> dims() {
    LinkedHashMap<String, Long> out = new LinkedHashMap<>();
    for (VariableSpec v : spec.variables().values()) {
      for (int i = 0; i < v.dims().size(); i++) out.putIfAbsent(v.dims().get(i), v.shape()[i]);
    }
    return out;
  }
}
