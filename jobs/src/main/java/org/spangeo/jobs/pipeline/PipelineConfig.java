package org.spangeo.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.NotFoundException;

/**
 * conf/pipeline.yaml. {@code vars} are substituted as {@code ${name}} in every option value;
 * {@code on_exists} says what a rerun does with a step whose outputs exist: {@code skip}
 * (default) or {@code overwrite}. Each step names a spangeo command and its options.
 *
 * <pre>
 * vars: {data: data/era5, out: out}
 * on_exists: skip
 * steps:
 *   - name: climatology
 *     command: climatology
 *     options: {in: "${data}/era5_*.zarr", vars: temperature, by: month, out: "${out}/clim.zarr"}
 * </pre>
 */
public final class PipelineConfig {
  public enum OnExists { SKIP, OVERWRITE }

  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  public final String source;
  public final String name;
  public final OnExists onExists;
  public final Map<String, String> vars;
  public final List<Step> steps;

  private PipelineConfig(String source, String name, OnExists onExists, Map<String, String> vars, List<Step> steps) {
    this.source = source;
    this.name = name;
    this.onExists = onExists;
    this.vars = vars;
    this.steps = steps;
  }

  public static PipelineConfig load(File f) {
    if (!f.isFile()) throw new NotFoundException("pipeline config " + f + " does not exist");
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(f);
    } catch (IOException e) {
      throw new InvalidArgumentException("pipeline config " + f + " is not valid YAML: " + e.getMessage().split("\n")[0]);
    }
    return parse(f.toString(), root);
  }

  static PipelineConfig parse(String source, JsonNode root) {
    if (root == null || !root.isObject()) throw new InvalidArgumentException(source + ": expected a mapping with 'steps'");
    Set<String> known = Set.of("name", "vars", "on_exists", "steps");
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) throw new InvalidArgumentException(source + ": unknown key '" + k + "' (known: " + known + ")");
    }
    Map<String, String> vars = new LinkedHashMap<>();
    JsonNode v = root.get("vars");
    if (v != null) {
      if (!v.isObject()) throw new InvalidArgumentException(source + ": 'vars' must be a mapping");
      v.fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
    }
    // vars may refer to earlier vars
    for (Map.Entry<String, String> e : vars.entrySet()) e.setValue(substitute(source, "vars." + e.getKey(), e.getValue(), vars));
    String oe = root.path("on_exists").asText("skip");
    OnExists onExists;
    switch (oe) {
      case "skip": onExists = OnExists.SKIP; break;
      case "overwrite": onExists = OnExists.OVERWRITE; break;
      default: throw new InvalidArgumentException(source + ": on_exists '" + oe + "' is not skip or overwrite");
    }
    JsonNode s = root.get("steps");
    if (s == null || !s.isArray() || s.size() == 0) throw new InvalidArgumentException(source + ": 'steps' must be a non-empty list");
    List<Step> steps = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < s.size(); i++) {
      Step step = step(source, i, s.get(i), vars);
      if (!names.add(step.name)) throw new InvalidArgumentException(source + ": step name '" + step.name + "' is used twice");
      steps.add(step);
    }
    return new PipelineConfig(source, root.path("name").asText("pipeline"), onExists, vars, List.copyOf(steps));
  }

  private static Step step(String source, int i, JsonNode n, Map<String, String> vars) {
    String where = source + ": step " + (i + 1);
    if (!n.isObject()) throw new InvalidArgumentException(where + " must be a mapping with name, command and options");
    Set<String> known = Set.of("name", "command", "options", "args", "outputs", "description");
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) throw new InvalidArgumentException(where + ": unknown key '" + k + "' (known: " + known + ")");
    }
    String command = n.path("command").asText("");
    if (command.isEmpty()) throw new InvalidArgumentException(where + " has no 'command'");
    String name = n.path("name").asText(command);
    where = source + ": step '" + name + "'";
    Map<String, Object> options = new LinkedHashMap<>();
    JsonNode o = n.get("options");
    if (o != null) {
      if (!o.isObject()) throw new InvalidArgumentException(where + ": 'options' must be a mapping");
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        options.put(e.getKey(), value(where + " option '" + e.getKey() + "'", e.getValue(), vars));
      }
    }
    List<String> args = strings(where + " args", n.get("args"), vars);
    List<String> outputs = strings(where + " outputs", n.get("outputs"), vars);
    if (outputs.isEmpty() && options.get("out") instanceof String) outputs = List.of((String) options.get("out"));
    String description = n.has("description") ? n.get("description").asText() : null;
    return new Step(name, command, options, args, outputs, description);
  }

  private static Object value(String where, JsonNode v, Map<String, String> vars) {
    if (v.isBoolean()) return v.asBoolean();
    if (v.isArray()) {
      List<String> out = new ArrayList<>();
      for (JsonNode x : v) {
        if (x.isContainerNode()) throw new InvalidArgumentException(where + ": list items must be plain values");
        out.add(substitute(where, where, x.asText(), vars));
      }
      return out;
    }
    if (v.isObject()) {
      // {latitude: 16, longitude: 16} -> "latitude=16,longitude=16", the form the commands take
      StringBuilder sb = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isContainerNode()) throw new InvalidArgumentException(where + ": nested values must be plain");
        sb.append(sb.length() > 0 ? "," : "").append(e.getKey()).append('=').append(e.getValue().asText());
      }
      return substitute(where, where, sb.toString(), vars);
    }
    if (v.isNull()) throw new InvalidArgumentException(where + " has no value");
    return substitute(where, where, v.asText(), vars);
  }

  private static List<String> strings(String where, JsonNode v, Map<String, String> vars) {
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    if (v.isArray()) v.forEach(x -> out.add(substitute(where, where, x.asText(), vars)));
    else out.add(substitute(where, where, v.asText(), vars));
    return out;
  }

  static String substitute(String source, String where, String text, Map<String, String> vars) {
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String val = vars.get(m.group(1));
      if (val == null) {
        String env = System.getenv(m.group(1));
        if (env == null) {
          throw new InvalidArgumentException(where + ": ${" + m.group(1) + "} is not defined in vars (known: " + vars.keySet() + ")");
        }
        val = env;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(val));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
