package org.spangeo.ml.patches;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.spangeo.zarr.dataset.DimSizes;
import org.spangeo.zarr.write.Compressors;

/**
 * Everything {@code spangeo patches} can be told, as a Java object (the pipeline builds one
 * instead of parsing options). Defaults are the course's convection task: CAPE, CIN, K-index and
 * boundary-layer height as features, {@code total_precipitation * 1000 > 5} (mm/h) as the label,
 * 16x16 latitude/longitude windows and 32-step time batches.
 */
public final class PatchSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final List<String> DEFAULT_FEATURES = List.of("convective_available_potential_energy",
      "convective_inhibition", "k_index", "boundary_layer_height");

  /** Feature variables, in channel order. */
  public List<String> features = new ArrayList<>(DEFAULT_FEATURES);
  /** The variable the label is computed from. */
  public String labelVariable = "total_precipitation";
  /** label = variable * labelFactor > labelThreshold (m/h * 1000 = mm/h). */
  public double labelFactor = 1000;
  public double labelThreshold = 5;
  /** xbatcher's input_dims, input_overlap and batch_dims (ordered: the order numbers the batches). */
  public LinkedHashMap<String, Integer> inputDims = new LinkedHashMap<>(java.util.Map.of("latitude", 16));
  public LinkedHashMap<String, Integer> overlap = new LinkedHashMap<>();
  public LinkedHashMap<String, Integer> batchDims = new LinkedHashMap<>();
  /** Shuffle the batches with this seed (null: xbatcher's order). */
  public Long seed;
  /** Write each batch that holds at least one event this many times (1: no oversampling). */
  public int oversampleEvents = 1;
  /** Statistics to normalise with (the training store's, for validation/test patches); null: compute them. */
  public Normalisation statistics;
  /** Batches per stored chunk of features/label (0: about 4 MB of features a chunk). */
  public int batchesPerChunk = 0;
  public String compressor = Compressors.DEFAULT;
  /** Keep the features as read (no normalisation, NaN kept), for pipelines that normalise themselves. */
  public boolean raw;

  public PatchSpec() {
    inputDims.clear();
    inputDims.put("latitude", 16);
    inputDims.put("longitude", 16);
    batchDims.put("time", 32);
  }

  public PatchSpec features(List<String> f) {
    features = new ArrayList<>(f);
    return this;
  }

  public PatchSpec label(String variable, double factor, double threshold) {
    labelVariable = variable;
    labelFactor = factor;
    labelThreshold = threshold;
    return this;
  }

  public PatchSpec inputDims(String spec) {
    inputDims = DimSizes.parse(spec, "--input-dims", 1, "latitude=16,longitude=16");
    return this;
  }

  public PatchSpec overlap(String spec) {
    overlap = DimSizes.parse(spec, "--overlap", 0, "latitude=16,longitude=16");
    return this;
  }

  public PatchSpec batchDims(String spec) {
    batchDims = DimSizes.parse(spec, "--batch-dims", 1, "latitude=16,longitude=16");
    return this;
  }

  public PatchSpec seed(Long s) {
    seed = s;
    return this;
  }

  public PatchSpec oversampleEvents(int factor) {
    oversampleEvents = factor;
    return this;
  }

  public PatchSpec statistics(Normalisation s) {
    statistics = s;
    return this;
  }

  public PatchSpec batchesPerChunk(int n) {
    batchesPerChunk = n;
    return this;
  }

  /** label (0/1) of one value: NaN is no event. */
  public float label(double x) {
    return x * labelFactor > labelThreshold ? 1f : 0f;
  }
}
