package org.spangeo.ml.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.metadata.MetadataParser;
import org.spangeo.zarr.testing.PythonPeer;

/**
 * The calibration maths against a direct implementation (check_calibration.py: scipy's minimiser
 * for Platt, a textbook pool-adjacent-violators for isotonic, the out-of-fold Brier scores and the
 * choice) on logits a class-weighted network would give: too confident, shifted, with ties.
 */
class CalibrationTest {
  @Test
  void plattIsotonicAndTheChoiceMatchADirectImplementation() throws Exception {
    int n = 30_000;
    Random r = new Random(7);
    CalibrationFit fit = new CalibrationFit(1 << 20);
    float[] z = new float[n];
    byte[] o = new byte[n];
    byte[] fold = new byte[n];
    for (int i = 0; i < n; i++) {
      double truth = r.nextGaussian() * 1.5 - 2;               // true log-odds
      z[i] = (float) (truth * 1.8 + 1.2);                       // over-confident and shifted, as with pos_weight
      if (i % 5 == 0) z[i] = Math.round(z[i] * 4) / 4f;         // ties
      o[i] = (byte) (r.nextDouble() < Calibration.sigmoid(truth) ? 1 : 0);
      int chunk = i / 1000;
      fold[i] = (byte) (chunk & 1);
      fit.add(z[i], o[i] == 1, chunk);
    }
    CalibrationFit.Result res = fit.fit();
    Calibration platt = Calibration.platt(z, o, n, null);
    Calibration iso = Calibration.isotonic(z, o, n, null);
    // the calibrated probabilities are no longer too confident: Platt's slope is about 1/1.8
    assertEquals(1 / 1.8, platt.a, 0.05);
    assertTrue(res.brierPlatt < res.brierRaw && res.brierIsotonic < res.brierRaw, res.line());

    Path dir = PythonPeer.scratch("calibration");
    Files.write(dir.resolve("logits.f32"), bytes(z));
    Files.write(dir.resolve("outcomes.u8"), o);
    Files.write(dir.resolve("folds.u8"), fold);
    ObjectNode j = MetadataParser.JSON.createObjectNode();
    j.set("platt", platt.toJson());
    j.set("isotonic", iso.toJson());
    ArrayNode probe = j.putArray("isotonic_probe");
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : z) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double lo = (double) min - 1;
    double step = ((double) max + 1 - lo) / 996;
    for (int k = 0; k < 997; k++) probe.add(iso.apply(lo + step * k)); // np.linspace's points
    j.put("brier_raw", res.brierRaw);
    j.put("brier_platt", res.brierPlatt);
    j.put("brier_isotonic", res.brierIsotonic);
    j.put("chosen", res.calibration.method);
    Path json = dir.resolve("result.json");
    Files.writeString(json, j.toString());
    String ok = PythonPeer.run("check_calibration.py", dir.toString(), json.toString());
    assertTrue(ok.startsWith("ok"), ok);

    // stored and read back: the same map
    Calibration back = Calibration.fromJson(res.toJson(), "test");
    for (float v : new float[] {-9, -3.3f, 0, 0.25f, 2, 7}) assertEquals(res.calibration.apply(v), back.apply(v), 0);
  }

  @Test
  void aValidationYearWithoutEventsOrABrokenFileIsOneLine() {
    CalibrationFit fit = new CalibrationFit(100);
    for (int i = 0; i < 50; i++) fit.add(i / 10f, false, i);
    InvalidArgumentException e = assertThrows(InvalidArgumentException.class, fit::fit);
    assertTrue(e.getMessage().contains("hold no event"), e.getMessage());
    ObjectNode bad = MetadataParser.JSON.createObjectNode().put("method", "isotonic");
    bad.putArray("logits").add(1).add(0);
    bad.putArray("probabilities").add(0.1).add(0.2);
    e = assertThrows(InvalidArgumentException.class, () -> Calibration.fromJson(bad, "m/calibration.json"));
    assertTrue(e.getMessage().startsWith("m/calibration.json: isotonic calibration knots are not increasing"), e.getMessage());
    e = assertThrows(InvalidArgumentException.class, () -> Calibration.fromJson(MetadataParser.JSON.createObjectNode().put("method", "beta"), "x"));
    assertTrue(e.getMessage().contains("'beta' is not platt, isotonic or none"), e.getMessage());
  }

  @Test
  void pastItsCapTheCollectorKeepsAnEvenSample() {
    CalibrationFit fit = new CalibrationFit(1000);
    for (int i = 0; i < 10_000; i++) fit.add(i, i % 3 == 0, i / 100);
    assertTrue(fit.size() <= 1000 && fit.size() >= 500, "kept " + fit.size());
    float[] kept = fit.logits();
    for (int i = 1; i < kept.length; i++) assertEquals(kept[1] - kept[0], kept[i] - kept[i - 1], 0, "evenly spaced");
  }

  static byte[] bytes(float[] f) {
    ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(f);
    return b.array();
  }
}
