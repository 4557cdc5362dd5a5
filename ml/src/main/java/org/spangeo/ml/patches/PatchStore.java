package org.spangeo.ml.patches;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.SpangeoException;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Values;
import org.spangeo.zarr.dataset.Variable;
import org.spangeo.zarr.store.HadoopConf;

/** A patch store written by {@link Patches}, read chunk by chunk (in Spark tasks) for training. */
public final class PatchStore implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final Dataset ds;
  private final List<String> features;
  private final List<String> dims;
  private final Normalisation stats;
  private final transient JsonNode attrs;
  private final LinkedHashMap<String, Integer> inputDims = new LinkedHashMap<>();
  private final LinkedHashMap<String, Integer> overlap = new LinkedHashMap<>();
  private final LinkedHashMap<String, Integer> batchDims = new LinkedHashMap<>();

  private PatchStore(String path, Dataset ds, JsonNode attrs) {
    this.path = path;
    this.ds = ds;
    this.attrs = attrs;
    List<String> f = new ArrayList<>();
    attrs.get("features").forEach(n -> f.add(n.asText()));
    this.features = f;
    List<String> d = new ArrayList<>();
    attrs.get("dims").forEach(n -> d.add(n.asText()));
    this.dims = d;
    this.stats = Normalisation.fromJson(ds.attributes().get("normalisation"), "patch store " + path);
    attrs.path("input_dims").fields().forEachRemaining(e -> inputDims.put(e.getKey(), e.getValue().asInt()));
    attrs.path("input_overlap").fields().forEachRemaining(e -> overlap.put(e.getKey(), e.getValue().asInt()));
    attrs.path("batch_dims").fields().forEachRemaining(e -> batchDims.put(e.getKey(), e.getValue().asInt()));
  }

  public static PatchStore open(HadoopConf conf, String path) {
    Dataset ds;
    try {
      ds = Dataset.open(conf, path);
    } catch (ZarrException | IllegalArgumentException e) {
      throw new InvalidArgumentException("'" + path + "' is not a patch store: " + SpangeoException.oneLine(e));
    }
    JsonNode a = ds.attributes().get(Patches.ATTR);
    if (a == null || !a.has("features") || !ds.hasVariable(Patches.FEATURES) || !ds.hasVariable(Patches.LABEL)) {
      throw new InvalidArgumentException("'" + path + "' is not a patch store (no features/label written by 'spangeo patches')");
    }
    return new PatchStore(path, ds, a);
  }

  public String path() {
    return path;
  }

  public List<String> features() {
    return features;
  }

  /** The patch's dims (the data's, e.g. time, latitude, longitude). */
  public List<String> dims() {
    return dims;
  }

  public Normalisation statistics() {
    return stats;
  }

  /** False for a store written with {@code patches --raw} (features not normalised). */
  public boolean normalised() {
    return attributes().path("normalised").asBoolean(true);
  }

  /** What the store's patches were cut from ({@link Years#describe}), or null for older stores. */
  public JsonNode selection() {
    JsonNode s = attributes().get("selection");
    return s != null && s.isObject() ? s : null;
  }

  public JsonNode attributes() {
    return attrs;
  }

  public LinkedHashMap<String, Integer> inputDims() {
    return inputDims;
  }

  public LinkedHashMap<String, Integer> overlap() {
    return overlap;
  }

  public LinkedHashMap<String, Integer> batchDims() {
    return batchDims;
  }

  public long batches() {
    return ds.variable(Patches.FEATURES).shape()[0];
  }

  /** The shape of one patch (window sizes, in {@link #dims()} order). */
  public int[] patchShape() {
    long[] s = ds.variable(Patches.LABEL).shape();
    int[] out = new int[s.length - 1];
    for (int i = 1; i < s.length; i++) out[i - 1] = (int) s[i];
    return out;
  }

  public int batchesPerChunk() {
    return ds.variable(Patches.FEATURES).metadata().chunks()[0];
  }

  public int chunks() {
    return (int) ((batches() + batchesPerChunk() - 1) / batchesPerChunk());
  }

  /** Features of chunk {@code k}: (n, variable, patch...) float32, C order. */
  public float[] readFeatures(int k) {
    Variable v = ds.variable(Patches.FEATURES);
    Object o = Values.decode(readChunk(v, k), v);
    if (o instanceof float[]) return (float[]) o;
    double[] d = (double[]) o;
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  /** Labels of chunk {@code k}: (n, patch...) as 0/1 floats. */
  public float[] readLabels(int k) {
    Variable v = ds.variable(Patches.LABEL);
    double[] d = Values.decodeDouble(readChunk(v, k), v);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }

  /** The batches of chunk {@code k} of {@code v}, whole along its other dims. */
  private org.spangeo.zarr.array.RawChunk readChunk(Variable v, int k) {
    long[] shape = v.shape();
    long[] start = new long[shape.length];
    int[] count = new int[shape.length];
    start[0] = (long) k * batchesPerChunk();
    count[0] = (int) Math.min(batchesPerChunk(), shape[0] - start[0]);
    for (int i = 1; i < shape.length; i++) count[i] = (int) shape[i];
    return v.read(start, count);
  }

  /** Batches in chunk {@code k}. */
  public int batchesIn(int k) {
    return (int) Math.min(batchesPerChunk(), batches() - (long) k * batchesPerChunk());
  }
}
