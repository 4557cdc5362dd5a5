package org.spangeo.jobs.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.write.DatasetSpec;
import org.spangeo.zarr.write.VariableSpec;

/**
 * A radiation-like sample with the layout of ECMWF's MAELSTROM "3dcorrection" dataset that the
 * radiation sharding notebook reads: per atmospheric column, 17 scalar inputs, 27 inputs on 137
 * full levels, 2 on 138 half levels, 1 on the 136 interfaces between full levels, and the four
 * flux profiles on half levels (shortwave and longwave, down and up).
 *
 * <p>Physically shaped, not noise: each column has a latitude and a local solar time, a
 * surface pressure and skin temperature; half-level pressures from 2 Pa at the top to the
 * surface; temperature falling with a 6.5 K/km lapse rate to a tropopause and rising above it;
 * humidity falling with height; an ozone layer near 10 hPa; low and high cloud layers. The
 * fluxes come from a grey two-stream model: shortwave attenuated from S0 cos(zenith) at the
 * top (0 at night), reflected by the surface and the clouds; longwave emitted by every layer
 * and the surface (sigma T^4) and absorbed by water vapour and cloud. A column's values depend
 * only on the seed and its index, so any split into tasks gives the same bytes.
 */
public final class Radiation {
  private Radiation() {}

  public static final int LEVELS = 137;
  public static final int HALF_LEVELS = 138;
  public static final int INTERFACES = 136;

  static final String[] SCA = {"skin_temperature", "cos_solar_zenith_angle", "solar_irradiance", "sw_albedo_01",
      "sw_albedo_02", "sw_albedo_03", "sw_albedo_04", "sw_albedo_05", "sw_albedo_06", "sw_albedo_direct_01",
      "sw_albedo_direct_02", "sw_albedo_direct_03", "sw_albedo_direct_04", "sw_albedo_direct_05", "sw_albedo_direct_06",
      "lw_emissivity", "lw_emissivity_window"};
  static final String[] COL = {"q", "o3_mmr", "co2_vmr", "n2o_vmr", "ch4_vmr", "o2_vmr", "cfc11_vmr", "cfc12_vmr",
      "hcfc22_vmr", "ccl4_vmr", "cloud_fraction", "q_liquid", "q_ice", "re_liquid", "re_ice", "fractional_std",
      "aerosol_01", "aerosol_02", "aerosol_03", "aerosol_04", "aerosol_05", "aerosol_06", "aerosol_07", "aerosol_08",
      "aerosol_09", "aerosol_10", "aerosol_11"};
  static final String[] HL = {"pressure_hl", "temperature_hl"};
  static final String[] INTER = {"overlap_param"};
  /** The flux profiles, in the notebook's order of the targets. */
  public static final String[] FLUXES = {"flux_dn_sw", "flux_up_sw", "flux_dn_lw", "flux_up_lw"};

  public static final String STORE = "radiation_3dcorrection.zarr";

  static final double SIGMA = 5.670374e-8;
  static final double S0 = 1361;

  /** The store's metadata for {@code columns} columns in chunks of {@code chunk}. */
  public static DatasetSpec spec(int columns, int chunk, long seed) {
    DatasetSpec spec = new DatasetSpec().attributes(global(columns, seed));
    spec.variable(variable("sca_inputs", List.of("column", "sca_variable"), new long[] {columns, SCA.length}, chunk,
        "Scalar inputs of each column", "mixed (see variable_names)", SCA));
    spec.variable(variable("col_inputs", List.of("column", "level", "col_variable"), new long[] {columns, LEVELS, COL.length},
        chunk, "Inputs on the 137 full levels", "mixed (kg kg-1, mol mol-1, 1, m)", COL));
    spec.variable(variable("hl_inputs", List.of("column", "half_level", "hl_variable"),
        new long[] {columns, HALF_LEVELS, HL.length}, chunk, "Inputs on the 138 half levels", "Pa, K", HL));
    spec.variable(variable("inter_inputs", List.of("column", "level_interface", "inter_variable"),
        new long[] {columns, INTERFACES, INTER.length}, chunk, "Cloud overlap between adjacent full levels", "1", INTER));
    String[] names = {"Shortwave downward flux", "Shortwave upward flux", "Longwave downward flux", "Longwave upward flux"};
    for (int f = 0; f < FLUXES.length; f++) {
      spec.variable(variable(FLUXES[f], List.of("column", "half_level"), new long[] {columns, HALF_LEVELS}, chunk, names[f],
          "W m-2", null));
    }
    return spec;
  }

  private static VariableSpec variable(String name, List<String> dims, long[] shape, int chunk, String longName, String units,
      String[] features) {
    int[] chunks = new int[shape.length];
    for (int i = 0; i < shape.length; i++) chunks[i] = (int) shape[i];
    chunks[0] = (int) Math.max(1, Math.min(chunk, shape[0]));
    ObjectNode a = MetadataParser.JSON.createObjectNode();
    a.put("long_name", longName);
    a.put("units", units);
    if (features != null) a.put("variable_names", String.join(" ", features));
    return VariableSpec.float32(name, dims, shape, chunks).withAttributes(a);
  }

  private static ObjectNode global(int columns, long seed) {
    ObjectNode a = MetadataParser.JSON.createObjectNode();
    a.put("title", "Spangeo synthetic radiation sample in the layout of MAELSTROM's 3dcorrection dataset");
    a.put("source", "spangeo sample-data --kind radiation (" + columns + " columns, seed " + seed
        + "): invented profiles from a grey two-stream model, not ECMWF data");
    a.put("comment", "level 0 is the top of the atmosphere; half_level 137 is the surface; fluxes are W m-2, positive");
    return a;
  }

  /** The values of columns [first, first + n), C order per variable (column outermost). */
  public static final class Chunk {
    public final int first;
    public final int n;
    public final float[] sca;
    public final float[] col;
    public final float[] hl;
    public final float[] inter;
    public final float[][] flux = new float[4][];

    Chunk(int first, int n) {
      this.first = first;
      this.n = n;
      sca = new float[n * SCA.length];
      col = new float[n * LEVELS * COL.length];
      hl = new float[n * HALF_LEVELS * HL.length];
      inter = new float[n * INTERFACES];
      for (int f = 0; f < 4; f++) flux[f] = new float[n * HALF_LEVELS];
    }
  }

  public static Chunk generate(long seed, int first, int n) {
    Chunk c = new Chunk(first, n);
    for (int i = 0; i < n; i++) column(seed, first + i, c, i);
    return c;
  }

  /** One column's profiles into row {@code i} of the chunk. */
  static void column(long seed, int index, Chunk c, int i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
    double lat = Math.toRadians(-90 + 180 * frac(index * 0.6180339887498949 + 0.1));
    double hour = 24 * frac(index * 0.7548776662466927 + 0.3);
    double mu0 = Math.max(0, Math.cos(lat) * Math.cos(Math.toRadians((hour - 12) * 15)));
    double s2 = Math.sin(lat) * Math.sin(lat);
    boolean land = r.nextDouble() < 0.3;
    double ps = 101325 - (land ? 20000 * Math.pow(r.nextDouble(), 2) : 500 * r.nextDouble());
    double ts = 302 - 45 * s2 + 3 * r.nextGaussian() + (land ? 6 * (mu0 - 0.3) : 0);
    boolean ice = Math.abs(Math.toDegrees(lat)) > 66;
    double albedo = ice ? 0.65 + 0.1 * r.nextDouble() : land ? 0.15 + 0.15 * r.nextDouble() : 0.06;
    double emissivity = land ? 0.95 + 0.03 * r.nextDouble() : 0.99;
    double tTrop = 198 + 22 * s2 + 2 * r.nextGaussian();
    double pTrop = 10000 + 15000 * s2;
    double qSurface = (0.002 + 0.017 * Math.exp(-s2 * 6)) * (0.6 + 0.4 * r.nextDouble());
    double lowCloud = clamp(r.nextDouble() * 1.3 - 0.3);
    double highCloud = clamp(r.nextDouble() * 1.4 - 0.4);
    double lowTop = 0.78 + 0.05 * r.nextDouble();
    double highTop = 0.18 + 0.08 * r.nextDouble();

    double[] ph = new double[HALF_LEVELS];
    for (int k = 0; k < HALF_LEVELS; k++) ph[k] = 2 + (ps - 2) * Math.pow(k / (double) LEVELS, 2.2);
    double[] pf = new double[LEVELS];
    double[] tf = new double[LEVELS];
    double[] q = new double[LEVELS];
    double[] cloud = new double[LEVELS];
    for (int k = 0; k < LEVELS; k++) {
      pf[k] = (ph[k] + ph[k + 1]) / 2;
      tf[k] = temperature(pf[k], ps, ts, tTrop, pTrop);
      q[k] = pf[k] > pTrop ? qSurface * Math.pow(pf[k] / ps, 3) : 3e-6;
      double sigma = pf[k] / ps;
      cloud[k] = sigma > lowTop && sigma < lowTop + 0.1 ? lowCloud : sigma > highTop && sigma < highTop + 0.08 ? highCloud : 0;
    }
    // scalar inputs
    int so = i * SCA.length;
    c.sca[so] = (float) ts;
    c.sca[so + 1] = (float) mu0;
    c.sca[so + 2] = (float) S0;
    for (int b = 0; b < 6; b++) {
      c.sca[so + 3 + b] = (float) clamp(albedo * (1.15 - 0.06 * b));
      c.sca[so + 9 + b] = (float) clamp(albedo * (1.15 - 0.06 * b) * (1 + 0.3 * (1 - mu0)));
    }
    c.sca[so + 15] = (float) emissivity;
    c.sca[so + 16] = (float) (emissivity - 0.01);
    // full-level inputs
    for (int k = 0; k < LEVELS; k++) {
      int o = (i * LEVELS + k) * COL.length;
      double p = pf[k];
      double strat = p < pTrop ? Math.exp(-(pTrop - p) / 20000) : 1; // well-mixed gases thin out above the tropopause
      c.col[o] = (float) q[k];
      c.col[o + 1] = (float) (8e-6 * Math.exp(-Math.pow(Math.log(p / 1000), 2) / 2) + 3e-8);
      c.col[o + 2] = (float) 4.15e-4;
      c.col[o + 3] = (float) (3.3e-7 * strat);
      c.col[o + 4] = (float) (1.9e-6 * strat);
      c.col[o + 5] = (float) 0.2095;
      c.col[o + 6] = (float) (2.3e-10 * strat);
      c.col[o + 7] = (float) (5.0e-10 * strat);
      c.col[o + 8] = (float) (2.5e-10 * strat);
      c.col[o + 9] = (float) (8.0e-11 * strat);
      c.col[o + 10] = (float) cloud[k];
      boolean warm = tf[k] > 253;
      c.col[o + 11] = (float) (warm ? cloud[k] * 2e-4 * (p / ps) : 0);
      c.col[o + 12] = (float) (warm ? 0 : cloud[k] * 4e-5);
      c.col[o + 13] = (float) (cloud[k] > 0 ? 1e-5 : 0);
      c.col[o + 14] = (float) (cloud[k] > 0 ? 4e-5 : 0);
      c.col[o + 15] = (float) (cloud[k] > 0 ? 1.0 : 0);
      for (int a = 0; a < 11; a++) {
        double amount = (land ? 2e-8 : 8e-9) * (1 + a) / 6 * Math.exp(-(ps - p) / (12000 + 4000 * a));
        c.col[o + 16 + a] = (float) amount;
      }
    }
    // half-level inputs and the overlap between adjacent full levels
    for (int k = 0; k < HALF_LEVELS; k++) {
      int o = (i * HALF_LEVELS + k) * 2;
      c.hl[o] = (float) ph[k];
      c.hl[o + 1] = (float) (k == LEVELS ? ts : temperature(ph[k], ps, ts, tTrop, pTrop));
    }
    for (int k = 0; k < INTERFACES; k++) {
      double dz = 287 * (tf[k] + tf[k + 1]) / 2 / 9.81 * Math.log(pf[k + 1] / pf[k]);
      c.inter[i * INTERFACES + k] = (float) Math.exp(-dz / 2000);
    }
    fluxes(c, i, ph, tf, q, cloud, ps, ts, mu0, albedo, emissivity);
  }

  /** Grey two-stream fluxes on the half levels (0 is the top, 137 the surface). */
  static void fluxes(Chunk c, int i, double[] ph, double[] tf, double[] q, double[] cloud, double ps, double ts, double mu0,
      double albedo, double emissivity) {
    int n = HALF_LEVELS;
    double[] tauSw = new double[n]; // optical depth from the top to each half level
    double[] tauCloud = new double[n];
    for (int k = 0; k < LEVELS; k++) {
      double dp = ph[k + 1] - ph[k];
      double cl = 12 * cloud[k] * dp / 5000;
      tauCloud[k + 1] = tauCloud[k] + cl;
      tauSw[k + 1] = tauSw[k] + 0.12 * dp / ps + 2 * q[k] * dp / ps + cl;
    }
    double slant = Math.max(mu0, 0.05);
    double[] dnSw = new double[n];
    double[] upSw = new double[n];
    for (int k = 0; k < n; k++) dnSw[k] = mu0 > 0 ? S0 * mu0 * Math.exp(-tauSw[k] / slant) : 0;
    double reflected = albedo * dnSw[n - 1];
    for (int k = n - 1; k >= 0; k--) {
      double belowCloud = tauCloud[n - 1] - tauCloud[k];
      double cloudReflection = mu0 > 0 ? S0 * mu0 * 0.4 * (1 - Math.exp(-belowCloud / 6)) * Math.exp(-tauSw[k] / slant) : 0;
      upSw[k] = reflected * Math.exp(-1.66 * (tauSw[n - 1] - tauSw[k]) * 0.5) + cloudReflection;
    }
    double[] trans = new double[LEVELS];
    for (int k = 0; k < LEVELS; k++) {
      double dp = ph[k + 1] - ph[k];
      double tau = (0.8 * q[k] / 0.01 + 0.05) * dp / 10000 + 4 * cloud[k] * dp / 5000;
      trans[k] = Math.exp(-1.66 * tau);
    }
    double[] dnLw = new double[n];
    double[] upLw = new double[n];
    for (int k = 0; k < LEVELS; k++) dnLw[k + 1] = dnLw[k] * trans[k] + SIGMA * Math.pow(tf[k], 4) * (1 - trans[k]);
    upLw[n - 1] = emissivity * SIGMA * Math.pow(ts, 4) + (1 - emissivity) * dnLw[n - 1];
    for (int k = LEVELS - 1; k >= 0; k--) upLw[k] = upLw[k + 1] * trans[k] + SIGMA * Math.pow(tf[k], 4) * (1 - trans[k]);
    double[][] all = {dnSw, upSw, dnLw, upLw};
    for (int f = 0; f < 4; f++) {
      for (int k = 0; k < n; k++) c.flux[f][i * n + k] = (float) all[f][k];
    }
  }

  /** A 6.5 K/km troposphere (T ~ p^0.19) to the tropopause, warming above it. */
  static double temperature(double p, double ps, double ts, double tTrop, double pTrop) {
    if (p >= pTrop) return Math.max(tTrop, ts * Math.pow(p / ps, 0.19));
    return Math.min(275, tTrop + 11 * Math.log10(pTrop / p));
  }

  static double clamp(double x) {
    return Math.max(0, Math.min(1, x));
  }

  static double frac(double x) {
    return x - Math.floor(x);
  }

  /** The data variables, in store order. */
  public static List<String> variables() {
    List<String> out = new ArrayList<>(List.of("sca_inputs", "col_inputs", "hl_inputs", "inter_inputs"));
    out.addAll(List.of(FLUXES));
    return out;
  }
}
