package org.spangeo.jobs.stages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.Specs;
import org.spangeo.zarr.write.VariableSpec;

/**
 * What a stage computes on and what it carries, as xarray's operations decide: reductions and
 * arithmetic work on numbers and bools ({@code numeric_only}); strings, times, durations, CF
 * bounds and auxiliary coordinates are carried into the output when they lack the dims the
 * stage reduces or replaces (as {@code ds.resample(...).mean()} keeps {@code lat_bnds}), and
 * left out otherwise (as it drops {@code time_bnds}). Nothing of this fails the command.
 */
public final class Carry {
  private Carry() {}

  /** What a stage computes on and what it may carry. */
  public static final class Plan {
    public final List<String> computed;
    public final List<String> carried;

    Plan(List<String> computed, List<String> carried) {
      this.computed = computed;
      this.carried = carried;
    }
  }

  /**
   * The plan for the variables asked for ({@code named}: by --vars): "nothing selected" when a
   * dim they use is empty; variables without {@code along} (the dim a time reduction works
   * along; null for none) are carried unchanged; "nothing to compute" when no number or bool is
   * left, unless the stage may only carry ({@code carriesOnly}, a subset).
   */
  public static Plan plan(Dataset ds, Selection sel, List<String> asked, boolean named, String along, boolean carriesOnly,
      String stage) {
    checkSelected(ds, sel, asked);
    List<String> computed = computed(ds, asked);
    List<String> carried = candidates(ds, asked, named);
    if (along != null) {
      for (String v : List.copyOf(computed)) {
        if (!ds.variable(v).dims().contains(along)) {
          computed.remove(v);
          carried.add(v);
        }
      }
    }
    if (computed.isEmpty() && !carriesOnly) {
      List<String> k = new ArrayList<>();
      for (String n : asked) k.add(n + ": " + ds.variable(n).describeKind() + (ds.boundsVariableNames().contains(n) ? ", bounds" : ""));
      throw new InvalidArgumentException("nothing to compute: " + (asked.isEmpty() ? "the data has no data variables"
          : String.join(", ", asked) + " hold no numbers or bools " + stage + " computes on (" + String.join("; ", k) + ")"));
    }
    return new Plan(computed, carried);
  }

  /** The variables the array stages compute on, of those asked for (unreadable ones are refused by name). */
  public static List<String> computed(Dataset ds, List<String> asked) {
    List<String> out = new ArrayList<>();
    for (String n : asked) {
      ds.variable(n); // an unreadable variable named by --vars: its refusal (store, array, dtype)
      if (ds.isComputable(n)) out.add(n);
    }
    return out;
  }

  /**
   * What may be carried: with no --vars, every data variable that is not computed on and every
   * auxiliary coordinate; with --vars, the named ones that are not computed on and the
   * auxiliary coordinates over their dims (xarray's {@code ds[names]} keeps those).
   */
  public static List<String> candidates(Dataset ds, List<String> asked, boolean named) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> dims = new LinkedHashSet<>();
    for (String n : asked) {
      if (!ds.isComputable(n)) out.add(n);
      dims.addAll(ds.variable(n).dims());
    }
    for (String c : ds.auxiliaryCoordinateNames()) {
      if (!named || dims.containsAll(ds.variable(c).dims())) out.add(c);
    }
    return new ArrayList<>(out);
  }

  /** One line when a dim of the asked variables selects no value (an empty axis or selection). */
  public static void checkSelected(Dataset ds, Selection sel, List<String> asked) {
    for (String n : asked) {
      for (String d : ds.variable(n).dims()) {
        if (sel.count(d) == 0) {
          throw new InvalidArgumentException("nothing selected: '" + d + "' has " + (ds.dimSize(d) == 0 ? "no values in "
              + String.join(", ", ds.sources()) : "no values left after the selection") + " (variable '" + n + "')");
        }
      }
    }
  }

  /**
   * Carries {@code candidates} into the stage's output spec. A dim is reduced or replaced when a
   * computed variable has it and the output does not keep it as it was (same size, same
   * coordinate values). Returns the variables left out and why.
   */
  public static Map<String, String> apply(StageInput in, DatasetSpec out, List<String> candidates) {
    Set<String> removed = new LinkedHashSet<>();
    for (String v : in.vars) {
      for (String d : in.ds.variable(v).dims()) if (!kept(in, out, d)) removed.add(d);
    }
    return Specs.carry(out, in.ds, in.sel, candidates, removed);
  }

  private static boolean kept(StageInput in, DatasetSpec out, String dim) {
    long n = in.sel.count(dim);
    boolean seen = false;
    for (VariableSpec v : out.variables().values()) {
      int a = v.dims().indexOf(dim);
      if (a < 0) continue;
      seen = true;
      if (v.shape()[a] != n) return false;
    }
    if (!seen) return false;
    if (out.isDimCoordinate(dim) && in.ds.isCoordinate(dim)) {
      Object want = Specs.coordinateValues(in.ds, in.sel, dim);
      Object got = out.coordinateValues(dim);
      if (want instanceof long[] && got instanceof long[]) return Arrays.equals((long[]) want, (long[]) got);
      if (want instanceof double[] && got instanceof double[]) return Arrays.equals((double[]) want, (double[]) got);
      if (want instanceof String[] && got instanceof String[]) return Arrays.equals((String[]) want, (String[]) got);
      return false;
    }
    return true;
  }

  /** "time_bnds (times (int64) over 'time', which this stage reduces)" lines for the summary. */
  public static String describe(Map<String, String> dropped) {
    List<String> parts = new ArrayList<>();
    dropped.forEach((n, why) -> parts.add(n + " (" + why + ")"));
    return String.join(", ", parts);
  }

  /** Names of carried variables of the output, for the summary. */
  public static List<String> carried(DatasetSpec out) {
    List<String> c = new ArrayList<>();
    for (String n : out.variables().keySet()) if (out.isCarried(n)) c.add(n);
    return c;
  }
}
