package org.spangeo.jobs.sample;

/**
 * The fields of one time chunk of one year, computed cell by cell from the time, the cell's
 * terrain and seeded noise (so any task computes the same bytes for the same chunk).
 *
 * <p>The physics, in order, per time step and cell:
 * <ol>
 *   <li>Near-surface air temperature: a latitude gradient, a seasonal cycle (larger on land and
 *       in the north), an afternoon (15 local solar time) diurnal peak over land, a monsoon
 *       cooling of the tropical land, synoptic waves travelling east (strongest in the north in
 *       winter), a lapse rate over terrain, and noise. SST: latitude and a lagged seasonal cycle.</li>
 *   <li>Relative humidity of the boundary layer: moist over sea, dry land in winter, moist land in
 *       the monsoon (onset mid-May in the south to mid-July at 40N, retreat in September), lower in
 *       the afternoon, raised by the convective disturbances.</li>
 *   <li>Profiles on the pressure levels: temperature along a moist adiabat-like profile with the
 *       diurnal cycle damped aloft and mid-level cooling in the disturbances; humidity from a
 *       relative-humidity profile; geopotential from the hypsometric equation; winds from a
 *       subtropical jet (south and strong in winter), the summer south-westerly and winter
 *       north-easterly monsoon flow, and the waves' geostrophic winds.</li>
 *   <li>Convective indices from those profiles: CAPE from the excess of surface moist static
 *       energy over the saturated moist static energy at 500 hPa; the K-index from its
 *       definition; CIN from boundary-layer dryness, the nocturnal inversion over land and
 *       subsidence away from the disturbances; boundary-layer height from afternoon heating over
 *       land and wind over sea.</li>
 *   <li>Rain at the same time step: a heavy-rain event (above 5 mm/h) with probability
 *       logistic(z), z rising with CAPE, K-index, boundary-layer height, afternoon land heating
 *       and the monsoon and falling with stronger CIN, plus unobserved parts (the disturbance
 *       itself and noise) so that the relation is learnable but not exact; otherwise light rain
 *       below 5 mm/h. Gusts follow the low-level wind, the boundary layer and the storms.</li>
 * </ol>
 * Transcendental functions use StrictMath, so the bits do not depend on the JVM or CPU.
 */
final class Weather {
  static final double G = 9.80665;
  static final double RD = 287.05;
  static final double CP = 1004.7;
  static final double LV = 2.501e6;

  /** Level variables, in output order. */
  static final int TEMPERATURE = 0;
  static final int SPECIFIC_HUMIDITY = 1;
  static final int U_WIND = 2;
  static final int V_WIND = 3;
  static final int GEOPOTENTIAL = 4;
  static final int LEVEL_VARIABLES = 5;
  /** Surface variables, in output order. */
  static final int CAPE = 0;
  static final int CIN = 1;
  static final int K_INDEX = 2;
  static final int BLH = 3;
  static final int PRECIPITATION = 4;
  static final int SURFACE_PRESSURE = 5;
  static final int SST = 6;
  static final int GUST = 7;
  static final int SURFACE_VARIABLES = 8;

  /** The threshold of a heavy-rain event (mm/h), and the least rain an event has (kept clear of it after rounding). */
  static final double HEAVY_MM = 5.0;
  static final double HEAVY_MIN_MM = 5.05;
  /** Offset of the heavy-rain logit: sets the event rate (a few percent of cells in June-September). */
  static final double RAIN_OFFSET = -7.5;

  // per level (1000, 925, 850, 700, 500 hPa)
  private static final double[] DIURNAL_DAMPING = {0.8, 0.5, 0.2, 0.05, 0.0};
  private static final double[] UPPER = {0.0, 0.0, 0.3, 0.7, 1.0};
  private static final double[] RH_PROFILE = {1.0, 0.97, 0.88, 0.70, 0.50};
  private static final double[] JET_PROFILE = {0.1, 0.15, 0.25, 0.5, 1.0};
  private static final double[] LOW_LEVEL = {0.8, 1.0, 1.0, 0.5, 0.1};

  // noise streams
  private static final int N_TAIR = 1;
  private static final int N_RH = 2;
  private static final int N_PS = 3;
  private static final int N_CAPE = 4;
  private static final int N_CIN = 5;
  private static final int N_BLH = 6;
  private static final int N_RAIN_LATENT = 7;
  private static final int N_RAIN_DRAW = 8;
  private static final int N_RAIN_AMOUNT = 9;
  private static final int N_LIGHT = 40;
  private static final int N_GUST = 41;
  private static final int N_T_LEVEL = 10;
  private static final int N_U_LEVEL = 20;
  private static final int N_V_LEVEL = 30;
  private static final int N_YEAR = 42;
  private static final int N_MID_MOISTURE = 43;
  private static final int STREAMS = 44;

  /** One chunk's values: [variable][level][step * cells + cell] and [variable][step * cells + cell]. */
  static final class Chunk {
    final int firstStep;
    final int steps;
    final float[][][] level;
    final float[][] surface;

    Chunk(int firstStep, int steps, int cells) {
      this.firstStep = firstStep;
      this.steps = steps;
      int n = steps * cells;
      level = new float[LEVEL_VARIABLES][SampleGrid.LEVELS.length][n];
      surface = new float[SURFACE_VARIABLES][n];
    }
  }

  private Weather() {}

  /** The land-sea mask (0..1, ERA5's land fraction). */
  static float[] landSeaMask(SampleGrid g) {
    Terrain t = Terrain.of(g);
    float[] m = new float[t.n];
    for (int c = 0; c < t.n; c++) m[c] = Rounding.round((float) t.land[c]);
    return m;
  }

  /** SST is missing where a cell is at least half land, as ERA5 masks it. */
  static boolean isLand(double landFraction) {
    return landFraction >= 0.5;
  }

  static Chunk generate(SampleGrid g, int year, int chunk) {
    Terrain t = Terrain.of(g);
    int cs = g.chunkSteps(year);
    int first = chunk * cs;
    int steps = Math.min(cs, g.stepsOf(year) - first);
    int nc = t.n;
    Chunk out = new Chunk(first, steps, nc);
    Waves w = Waves.ALL;
    int nw = w.count();
    int nlev = SampleGrid.LEVELS.length;
    double[] fP = new double[nlev];
    double[] lnP = new double[nlev];
    for (int l = 0; l < nlev; l++) {
      fP[l] = StrictMath.pow(SampleGrid.LEVELS[l] / 1000.0, 0.165);
      lnP[l] = StrictMath.log(SampleGrid.LEVELS[l] * 100.0);
    }
    long[] streams = new long[STREAMS];
    for (int s = 0; s < STREAMS; s++) streams[s] = Noise.stream(g.seed, s);
    // this year's own monsoon onset (+-8 days) and temperature (+-0.5 K): interannual variability
    long yk = Noise.hour(streams[N_YEAR], year);
    double onsetShift = 16 * (Noise.uniform(yk, 1) - 0.5);
    double yearT = Noise.gauss(yk, 2) * 0.3;
    double[] monsoon = new double[g.nlat];
    double[] jet = new double[g.nlat];
    double[] ct = new double[nw];
    double[] st = new double[nw];
    long[] hk = new long[STREAMS];
    for (int s = 0; s < steps; s++) {
      int index = first + s;
      long hour = g.firstHour(year) + (long) index * g.stepHours;
      double day = hour / 24.0;
      double doy = index * g.stepHours / 24.0;
      double utc = (index * g.stepHours) % 24;
      double sLand = StrictMath.cos(2 * Math.PI * (doy - 200) / 365.25); // +1 late July, -1 late January
      double sSea = StrictMath.cos(2 * Math.PI * (doy - 225) / 365.25);
      double winter = Math.max(0, -sLand);
      for (int i = 0; i < g.nlat; i++) {
        double y = g.latitude(i);
        double onset = 128 + 2.2 * (y - 10) + onsetShift;
        double retreat = 288 - 1.6 * (y - 10);
        monsoon[i] = logistic((doy - onset) / 6) * logistic((retreat - doy) / 8);
        jet[i] = (22 + 18 * winter) * StrictMath.exp(-Terrain.sq((y - (33 + 7 * sLand)) / 7));
      }
      double a = 2 * Math.PI * utc / 24;
      double cosA = StrictMath.cos(a);
      double sinA = StrictMath.sin(a);
      double cos2A = StrictMath.cos(2 * a);
      double sin2A = StrictMath.sin(2 * a);
      for (int k = 0; k < nw; k++) {
        double ph = (w.omega[k] * day) % (2 * Math.PI);
        ct[k] = StrictMath.cos(ph);
        st[k] = StrictMath.sin(ph);
      }
      for (int n = 0; n < STREAMS; n++) hk[n] = Noise.hour(streams[n], hour);
      int base = s * nc;
      for (int c = 0; c < nc; c++) {
        int i = c / g.nlon;
        long key = t.key[c];
        double m = t.land[c];
        double latF = (t.lat[c] - 10) / 30;
        double mon = monsoon[i];
        double d = cosA * t.cosLon[c] - sinA * t.sinLon[c];
        double dPos = Math.max(0, d);
        double tide = cos2A * t.cos2Lon[c] - sin2A * t.sin2Lon[c];
        double w1 = 0;
        double w1q = 0;
        double u1 = 0;
        double v1 = 0;
        double w2 = 0;
        double u2 = 0;
        double v2 = 0;
        for (int k = 0; k < nw; k++) {
          double cosT = t.waveCos[k][c] * ct[k] + t.waveSin[k][c] * st[k];
          double sinT = t.waveSin[k][c] * ct[k] - t.waveCos[k][c] * st[k];
          double amp = w.amp[k];
          if (k < Waves.SYNOPTIC) {
            w1 += amp * cosT;
            w1q += amp * sinT;
            u1 += amp * w.unitY[k] * sinT;
            v1 -= amp * w.unitX[k] * sinT;
          } else {
            w2 += amp * cosT;
            u2 += amp * w.unitY[k] * sinT;
            v2 -= amp * w.unitX[k] * sinT;
          }
        }
        double synoptic = 0.8 + 3.5 * latF * (0.6 - 0.4 * sLand);

        // near-surface air, humidity, pressure
        double sst = 302.0 - 12.0 * latF + (0.5 + 6.5 * latF) * sSea + yearT;
        double tLand = 301.0 - 16.0 * latF + (1.0 + 14.0 * latF) * sLand - 1.5 * mon * (1 - latF);
        double tSea = sst - 0.8;
        double diurnal = m * (3.0 + 2.5 * (1 - mon)) + (1 - m) * 0.3;
        double tMean = m * tLand + (1 - m) * tSea + synoptic * w1q + yearT - 0.0065 * t.height[c]
            + 0.35 * Noise.gauss(hk[N_TAIR], key);
        double tAir = tMean + diurnal * d;
        double rh = m * (0.50 + 0.30 * mon - 0.10 * d * (1 - 0.5 * mon))
            + (1 - m) * (0.78 + 0.07 * mon - 0.08 * latF * (1 - sLand))
            + 0.10 * w2 + 0.04 * Noise.gauss(hk[N_RH], key);
        rh = clip(rh, 0.15, 0.97);
        double ps = t.surfacePressure0[c] - 600 * sLand * (0.3 + latF) * (0.5 + 0.5 * m)
            - (300 + 1200 * latF * (0.6 - 0.4 * sLand)) * w1 + 80 * tide + 30 * Noise.gauss(hk[N_PS], key);
        double eS = rh * saturationVapourPressure(tAir);
        double qS = 0.622 * eS / (ps - 0.378 * eS);
        double lnPs = StrictMath.log(ps);

        // pressure levels
        double waveWind = 0.6 + 0.8 * latF;
        double midMoisture = Noise.gauss(hk[N_MID_MOISTURE], key);
        double t850 = 0;
        double td850 = 0;
        double t700 = 0;
        double td700 = 0;
        double t500 = 0;
        double es500 = 0;
        double phi500 = 0;
        double u1000 = 0;
        double v1000 = 0;
        for (int l = 0; l < nlev; l++) {
          double tl = tMean * fP[l] + diurnal * d * DIURNAL_DAMPING[l] - 1.8 * w2 * UPPER[l]
              + 0.25 * Noise.gauss(hk[N_T_LEVEL + l], key);
          // mid-level moisture varies on its own too: it moves the K-index (and rain), not CAPE
          double rhl = l == 0 ? rh : clip(rh * RH_PROFILE[l] + (0.25 * w2 + 0.15 * mon + 0.12 * midMoisture) * UPPER[l],
              0.03, 0.98);
          double es = saturationVapourPressure(tl);
          double p = SampleGrid.LEVELS[l] * 100.0;
          double el = rhl * es;
          double ql = 0.622 * el / (p - 0.378 * el);
          double tv = 0.5 * (tAir + tl) * (1 + 0.61 * 0.5 * (qS + ql));
          double phi = G * t.height[c] + RD * tv * (lnPs - lnP[l]);
          double windScale = 4 + 8 * UPPER[l];
          double ul = jet[i] * JET_PROFILE[l]
              + (6 * mon * (1 - 0.5 * latF) - 4 * winter * (1 - m) * (1 - latF)) * LOW_LEVEL[l]
              + windScale * waveWind * u1 + 1.5 * u2 + 0.8 * Noise.gauss(hk[N_U_LEVEL + l], key);
          double vl = (4 * mon - 6 * winter * (1 - 0.5 * m)) * LOW_LEVEL[l]
              + windScale * waveWind * v1 + 1.5 * v2 + 0.8 * Noise.gauss(hk[N_V_LEVEL + l], key);
          int o = base + c;
          out.level[TEMPERATURE][l][o] = (float) tl;
          out.level[SPECIFIC_HUMIDITY][l][o] = (float) ql;
          out.level[U_WIND][l][o] = (float) ul;
          out.level[V_WIND][l][o] = (float) vl;
          out.level[GEOPOTENTIAL][l][o] = (float) phi;
          int level = SampleGrid.LEVELS[l];
          if (level == 1000) {
            u1000 = ul;
            v1000 = vl;
          } else if (level == 850) {
            t850 = tl;
            td850 = dewPoint(tl, rhl);
          } else if (level == 700) {
            t700 = tl;
            td700 = dewPoint(tl, rhl);
          } else if (level == 500) {
            t500 = tl;
            es500 = es;
            phi500 = phi;
          }
        }

        // convective indices
        double qSat500 = 0.622 * es500 / (50000 - 0.378 * es500);
        double mseSurface = tAir + LV / CP * qS + G / CP * t.height[c];
        double mse500 = t500 + phi500 / CP + LV / CP * qSat500;
        double cape = Math.max(0, 200 * (mseSurface - mse500) * (1 + 0.12 * Noise.gauss(hk[N_CAPE], key)));
        double kIndex = (t850 - t500) + (td850 - 273.15) - (t700 - td700);
        double cin = -(5 + 400 * Terrain.sq(Math.max(0, 0.9 - rh)) + 90 * m * Math.max(0, -d) + 25 * Math.max(0, 0.3 - w2))
            * Math.max(0.2, 1 + 0.4 * Noise.gauss(hk[N_CIN], key));
        double wind = Math.sqrt(u1000 * u1000 + v1000 * v1000);
        double blh = m * (120 + 2500 * dPos * (1.3 - rh)) + (1 - m) * (450 + 400 * latF * winter + 15 * wind)
            + 150 * Noise.gauss(hk[N_BLH], key);
        blh = Math.max(40, blh);

        // rain at the same step: heavy with probability logistic(z)
        double z = RAIN_OFFSET + 0.4 * cape / 1000 + 0.045 * cin + 0.22 * (kIndex - 30) + 3.0 * blh / 1000
            + 0.8 * m * dPos + 0.5 * w2 + 0.4 * mon + 0.3 * Noise.gauss(hk[N_RAIN_LATENT], key);
        boolean heavy = Noise.uniform(hk[N_RAIN_DRAW], key) < logistic(z);
        double rainMm;
        if (heavy) {
          double e = -StrictMath.log(1 - Noise.uniform(hk[N_RAIN_AMOUNT], key));
          rainMm = HEAVY_MIN_MM + e * (3 + 3 * cape / 1000);
        } else {
          rainMm = clip(6 * logistic(z + 3) - 0.8 + 0.5 * Noise.gauss(hk[N_LIGHT], key), 0, 4.9);
        }
        double gust = wind * (0.6 * m + 0.85 * (1 - m)) * 1.45 + 2.0 + 0.0015 * blh + (heavy ? 6 + 0.003 * cape : 0)
            + 0.8 * Math.abs(Noise.gauss(hk[N_GUST], key));

        int o = base + c;
        out.surface[CAPE][o] = (float) cape;
        out.surface[CIN][o] = (float) cin;
        out.surface[K_INDEX][o] = (float) kIndex;
        out.surface[BLH][o] = (float) blh;
        out.surface[PRECIPITATION][o] = (float) (rainMm / 1000);
        out.surface[SURFACE_PRESSURE][o] = (float) ps;
        out.surface[SST][o] = isLand(m) ? Float.NaN : (float) sst;
        out.surface[GUST][o] = (float) gust;
      }
    }
    for (float[][] v : out.level) for (float[] a : v) Rounding.roundAll(a);
    for (float[] a : out.surface) Rounding.roundAll(a);
    return out;
  }

  /** Saturation vapour pressure over water (Pa), Bolton's form of Magnus' formula. */
  static double saturationVapourPressure(double tK) {
    return 611.2 * StrictMath.exp(17.67 * (tK - 273.15) / (tK - 29.65));
  }

  /** Dew point (K) from temperature (K) and relative humidity (0..1), inverting the same formula. */
  static double dewPoint(double tK, double rh) {
    double tc = tK - 273.15;
    double gamma = StrictMath.log(rh) + 17.67 * tc / (tc + 243.5);
    return 243.5 * gamma / (17.67 - gamma) + 273.15;
  }

  static double logistic(double x) {
    return 1 / (1 + StrictMath.exp(-x));
  }

  static double clip(double x, double lo, double hi) {
    return x < lo ? lo : x > hi ? hi : x;
  }
}
