package org.spangeo.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spangeo.jobs.CliRunner;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * {@code spangeo compute} through the real command line, against Python evaluating the same
 * expressions on xarray DataArrays of the same input: dims (order included), dtype, NaN and
 * Inf positions, values; and its bad input.
 */
class ComputeVsXarrayTest {
  static final Path dir = PythonPeer.scratch("compute");
  static final String src = StageRuns.input();

  /** Runs compute with {@code exprs} ({name, spangeo expression, the same in Python}) and checks it. */
  static String[] run(String out, List<String[]> exprs, Map<String, Object> check, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("compute", "--in", src, "--out", out, "--overwrite"));
    List<List<String>> py = new ArrayList<>();
    for (String[] e : exprs) {
      args.addAll(List.of("--expr", e[0] + " = " + e[1]));
      py.add(List.of(e[0], e[2]));
    }
    args.addAll(List.of(extra));
    String[] r = CliRunner.spangeo(args.toArray(new String[0]));
    assertEquals("0", r[0], String.join(" ", args) + ": " + r[2]);
    Map<String, Object> json = new java.util.LinkedHashMap<>(check);
    json.put("exprs", py);
    String ok = PythonPeer.run("check_compute.py", out, src, new ObjectMapper().writeValueAsString(json));
    assertTrue(ok.startsWith("ok"), ok);
    return new String[] {r[1], ok.trim()};
  }

  @Test
  void expressionsEqualXarrays() throws Exception {
    String out = dir.resolve("expressions.zarr").toString();
    List<String[]> e = List.of(
        new String[] {"ws", "sqrt(t2m**2 + (total_precipitation * 1000)**2)", "sqrt(t2m**2 + (total_precipitation * 1000)**2)"},
        new String[] {"t_c", "`temperature` - 273.15", "temperature - 273.15"},
        new String[] {"level_minus_surface", "temperature - t2m", "temperature - t2m"},
        new String[] {"surface_minus_level", "t2m - temperature", "t2m - temperature"},
        new String[] {"twice", "surface_minus_level * 2", "surface_minus_level * 2"},
        new String[] {"hot_and_wet", "t2m > 295 & total_precipitation > 0.001", "(t2m > 295) & (total_precipitation > 0.001)"},
        new String[] {"missing", "isnan(t2m) | not (t2m < 1000)", "isnan(t2m) | ~(t2m < 1000)"},
        new String[] {"weighted", "where(isnan(t2m), -1, t2m * cos(deg2rad(latitude)))",
            "where(isnan(t2m), -1, t2m * cos(deg2rad(latitude)))"},
        new String[] {"mixed", "minimum(t2m, 290) + fmax(t2m, 280) - clip(t2m, 285, 295) / 2**-1",
            "minimum(t2m, 290) + fmax(t2m, 280) - clip(t2m, 285, 295) / 2**-1"},
        new String[] {"funcs", "log(total_precipitation + 1e-6) + arctan2(t2m, 300) - abs(-t2m) ** 0.5 + exp(-t2m / 100)",
            "log(total_precipitation + 1e-6) + arctan2(t2m, 300) - abs(-t2m) ** 0.5 + exp(-t2m / 100)"},
        new String[] {"per_level", "level * 100 + t2m", "level * 100 + t2m"},
        new String[] {"inverse", "1 / floor(total_precipitation)", "1 / floor(total_precipitation)"});
    String[] r = run(out, e, Map.of("attrs", Map.of("t_c", Map.of("units", "degC", "long_name", "temperature in C"))),
        "--attrs", "t_c:units=degC", "--attrs", "t_c:long_name=temperature in C");
    assertTrue(r[0].contains("compute: compute ws = sqrt("), r[0]);
    // 1/floor(tp) is +Inf everywhere (tp < 1 m): counted in the summary as numpy counts it
    String inf = r[1].substring(r[1].indexOf("inf=") + 4);
    assertTrue(r[0].contains(String.format(java.util.Locale.ROOT, "%,d result cells are +-Inf", Long.parseLong(inf))), r[0]);
  }

  @Test
  void selectionAndKeptVariables() throws Exception {
    String out = dir.resolve("selected.zarr").toString();
    run(out, List.of(new String[] {"t850_c", "temperature - 273.15", "temperature - 273.15"},
            new String[] {"anom", "t850_c - (t2m - 273.15)", "t850_c - (t2m - 273.15)"}),
        Map.of("months", List.of(7), "lat", List.of(25, 15), "level", List.of(850), "keep", List.of("total_precipitation")),
        "--months", "7", "--lat", "25:15", "--level", "850", "--vars", "total_precipitation");
  }

  static void refused(String expect, String... args) {
    String out = dir.resolve("refused.zarr").toString();
    List<String> all = new ArrayList<>(List.of("compute", "--in", src));
    all.addAll(List.of(args));
    all.addAll(List.of("--out", out));
    String[] r = CliRunner.spangeo(all.toArray(new String[0]));
    assertFalse(r[0].equals("0"), all + " should fail");
    String first = r[2].lines().findFirst().orElse("");
    assertTrue(first.startsWith("spangeo compute: ") && first.contains(expect), "'" + r[2] + "' should contain '" + expect + "'");
    assertEquals(1, r[2].lines().filter(l -> l.startsWith("spangeo")).count(), r[2]);
    assertFalse(Files.exists(Path.of(out)), "nothing written");
  }

  @Test
  void badExpressionsAreRefusedWithWhereAndWhat() {
    refused("unknown variable 't2n' (did you mean 't2m'", "--expr", "x = sqrt(t2n)");
    String[] r = CliRunner.spangeo("compute", "--in", src, "--expr", "ws = sqrt(t2m**2 + )", "--out", dir.resolve("r.zarr").toString());
    assertEquals("1", r[0]);
    List<String> lines = r[2].lines().toList();
    assertEquals("spangeo compute: --expr 'ws = sqrt(t2m**2 + )': unexpected ')' at column 20", lines.get(0));
    assertEquals("  ws = sqrt(t2m**2 + )", lines.get(1));
    assertEquals("                     ^", lines.get(2), "the caret under the ')'");
    refused("'latitude' is a coordinate of the input", "--expr", "latitude = t2m * 2");
    refused("'&' needs true/false operands", "--expr", "x = t2m & total_precipitation");
    refused("'time' holds dates", "--expr", "x = time + 1");
    refused("'x' is computed twice", "--expr", "x = t2m", "--expr", "x = t2m * 2");
    refused("--attrs: 'y' is not a result", "--expr", "x = t2m", "--attrs", "y:units=K");
    refused("--attrs 'x-units' is not NAME:KEY=VALUE", "--expr", "x = t2m", "--attrs", "x-units");
    refused("names no result", "--expr", "t2m * 2");
    refused("Missing required option: '--expr", "--vars", "t2m");
  }
}
