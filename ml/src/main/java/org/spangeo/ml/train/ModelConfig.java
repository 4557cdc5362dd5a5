package org.spangeo.ml.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.spangeo.zarr.CorruptDataException;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.metadata.MetadataParser;

/**
 * What a model directory's {@code model.json} says: the network, its inputs (features in channel
 * order, patch dims and windows, how time is used) and how it was trained. Paths inside are
 * relative to the directory, so a moved directory still loads.
 */
public final class ModelConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FILE = "model.json";
  public static final String PARAMS_PREFIX = "convection";
  public static final String STATS_FILE = "normalisation.json";
  public static final String LOG_FILE = "training-log.json";

  public String architecture = ConvNet.SPATIAL;
  public int hidden = 16;
  public int layers = 2;
  /** "probability" (sigmoid of the logit, the default) or "logit" (raw, for diagnostics). */
  public String output = "probability";
  public TimeMode timeMode = TimeMode.STEP;
  public List<String> features = new ArrayList<>();
  public List<String> dims = new ArrayList<>();
  public LinkedHashMap<String, Integer> inputDims = new LinkedHashMap<>();
  public LinkedHashMap<String, Integer> overlap = new LinkedHashMap<>();
  public LinkedHashMap<String, Integer> batchDims = new LinkedHashMap<>();
  public String labelVariable = "total_precipitation";
  public double labelFactor = 1000;
  public double labelThreshold = 5;
  /** Training settings and provenance, kept as written. */
  public ObjectNode training = MetadataParser.JSON.createObjectNode();

  public int channels() {
    return features.size();
  }

  public ObjectNode toJson() {
    ObjectNode o = MetadataParser.JSON.createObjectNode();
    o.put("format", "spangeo-model");
    o.put("version", 1);
    o.put("architecture", architecture);
    o.put("in_channels", channels());
    o.put("hidden", hidden);
    o.put("layers", layers);
    o.put("output", output);
    o.put("time_mode", timeMode.label());
    ArrayNode f = o.putArray("features");
    features.forEach(f::add);
    ArrayNode d = o.putArray("dims");
    dims.forEach(d::add);
    o.set("input_dims", MetadataParser.JSON.valueToTree(inputDims));
    o.set("input_overlap", MetadataParser.JSON.valueToTree(overlap));
    o.set("batch_dims", MetadataParser.JSON.valueToTree(batchDims));
    ObjectNode l = o.putObject("label");
    l.put("variable", labelVariable);
    l.put("factor", labelFactor);
    l.put("threshold", labelThreshold);
    o.put("parameters", PARAMS_PREFIX + "-0000.params");
    o.put("normalisation", STATS_FILE);
    o.set("training", training);
    return o;
  }

  public static ModelConfig fromJson(JsonNode o, String where) {
    if (o == null || !"spangeo-model".equals(o.path("format").asText())) {
      throw new InvalidArgumentException(where + " is not a Spangeo model (model.json lacks \"format\": \"spangeo-model\")");
    }
    ModelConfig c = new ModelConfig();
    c.architecture = o.path("architecture").asText(ConvNet.SPATIAL);
    c.hidden = o.path("hidden").asInt(16);
    c.layers = o.path("layers").asInt(2);
    c.output = o.path("output").asText("probability");
    c.timeMode = TimeMode.parse(o.path("time_mode").asText("step"));
    o.path("features").forEach(n -> c.features.add(n.asText()));
    o.path("dims").forEach(n -> c.dims.add(n.asText()));
    o.path("input_dims").fields().forEachRemaining(e -> c.inputDims.put(e.getKey(), e.getValue().asInt()));
    o.path("input_overlap").fields().forEachRemaining(e -> c.overlap.put(e.getKey(), e.getValue().asInt()));
    o.path("batch_dims").fields().forEachRemaining(e -> c.batchDims.put(e.getKey(), e.getValue().asInt()));
    c.labelVariable = o.path("label").path("variable").asText(c.labelVariable);
    c.labelFactor = o.path("label").path("factor").asDouble(c.labelFactor);
    c.labelThreshold = o.path("label").path("threshold").asDouble(c.labelThreshold);
    if (o.path("training").isObject()) c.training = (ObjectNode) o.get("training");
    if (c.features.isEmpty() || c.dims.size() < 2) throw new CorruptDataException(where + ": model.json names no features or dims");
    return c;
  }
}
