package org.spangeo.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;
import org.spangeo.jobs.stages.Compute;
import org.spangeo.jobs.stages.StageInput;
import org.spangeo.jobs.stages.StageResult;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.metadata.MetadataParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spangeo compute}: new variables from numpy-like expressions, evaluated block by block on the executors. */
@Command(name = "compute", mixinStandardHelpOptions = true,
    description = {"New variables from array expressions: ds['ws'] = np.sqrt(ds.u10**2 + ds.v10**2).",
        "Operators + - * / ** (right-associative), comparisons < <= > >= == != (true/false), & | ~",
        "(also and, or, not; they bind looser than comparisons), parentheses, numbers, nan, inf, pi.",
        "Functions (numpy's, np. prefix optional): sqrt abs exp log log10 log2 sin cos tan arcsin arccos",
        "arctan deg2rad rad2deg floor ceil isnan isfinite, minimum maximum fmin fmax arctan2 power,",
        "where(cond, a, b), clip(x, lo, hi). Names are data variables and coordinates (latitude, level);",
        "quote other names in backticks: `2m_temperature` - 273.15. Later --expr may use earlier results.",
        "Variables are broadcast by dim name as xarray does (a level variable with a surface one); the",
        "result has the operands' dims in order of appearance. Types follow numpy: float32 stays float32",
        "(Python numbers do not widen it), float64 or integers give float64, comparisons give bool.",
        "NaN compares false; division by zero gives +-Inf, kept as xarray keeps it and counted in the",
        "summary. The output holds the results (and the --vars, copied as they are).",
        "Example: spangeo compute --in 'data/era5/era5_*.zarr' --vars temperature --expr 't_c = temperature - 273.15' \\",
        "           --attrs t_c:units=degC --out out/t_c.zarr"})
final class ComputeCommand extends AnalysisCommand {
  @Option(names = "--expr", required = true, paramLabel = "'NAME = EXPR'",
      description = "A result and its expression; repeat for several: --expr 'ws = sqrt(u**2 + v**2)' --expr 'ws_kmh = ws * 3.6'.")
  List<String> exprs = new ArrayList<>();

  @Option(names = "--attrs", paramLabel = "NAME:KEY=VALUE",
      description = "An attribute of a result (repeat for several): --attrs ws:units='m s-1' --attrs ws:long_name='wind speed'.")
  List<String> attrs = new ArrayList<>();

  private Compute.Plan plan;
  private LongAccumulator inf;

  Compute.Plan plan(Dataset ds) {
    if (plan == null) plan = Compute.plan(ds, exprs, selection.vars);
    return plan;
  }

  @Override
  protected List<String> inputVariables(Dataset ds) {
    if (!selection.vars.isEmpty()) selection.variables(ds); // checks the names of --vars
    return plan(ds).inputVariables(ds);
  }

  @Override protected String what(StageInput in) { return "compute " + plan(in.ds).describe(); }

  @Override
  protected StageResult run(StageInput in) {
    inf = in.jsc.sc().longAccumulator("compute cells +-Inf");
    StageResult r = Compute.run(in, plan(in.ds), parseAttrs(attrs), output.compressor, inf);
    r.notes.add(() -> inf.value() == 0 ? null : String.format(Locale.ROOT,
        "note %,d result cells are +-Inf (a division by zero?), kept as xarray keeps them", inf.value()));
    return r;
  }

  /** "ws:units=m s-1" as {ws: {units: "m s-1"}}. */
  static Map<String, ObjectNode> parseAttrs(List<String> specs) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (String s : specs) {
      int colon = s.indexOf(':');
      int eq = s.indexOf('=', colon + 1);
      if (colon <= 0 || eq <= colon + 1) {
        throw new org.spangeo.zarr.InvalidArgumentException("--attrs '" + s + "' is not NAME:KEY=VALUE (wind_speed:units=m s-1)");
      }
      out.computeIfAbsent(s.substring(0, colon).trim(), k -> MetadataParser.JSON.createObjectNode())
          .put(s.substring(colon + 1, eq).trim(), s.substring(eq + 1));
    }
    return out;
  }
}
