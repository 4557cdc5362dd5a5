package org.spangeo.zarr.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.blocks.Blocks;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.MultiYear;
import org.spangeo.zarr.testing.PythonPeer;
import org.spangeo.zarr.testing.SparkTestSession;

/** Zarr v3 output: checked by an independent reader (numcodecs by hand) and read back by Spangeo. */
class WriterZarrV3Test {
  static final HadoopConf CONF = HadoopConf.of(Map.of());

  @Test
  void v3StoresDecodeIndependentlyAndReadBack() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    Dataset src = Dataset.open(CONF, MultiYear.glob());
    Selection sel = Selection.all(src).sel(src, "latitude", 30, 15).sel(src, "longitude", 110, 130).months(src, "time", 6, 7, 8, 9);
    List<String> vars = List.of("t2m", "sst", "temperature");
    Path out = PythonPeer.scratch("writer-v3");
    String store = out.resolve("summer-v3.zarr").toString();
    DatasetSpec spec = Specs.like(src, sel, vars, "blosc:zstd:3:bitshuffle").withZarrFormat(3)
        .withChunks(Map.of("time", 50));
    SparkBlockWriter.write(Blocks.read(jsc, src, sel, vars, 0), ZarrWriter.begin(CONF, store, spec, ZarrWriter.Mode.OVERWRITE));
    String ok = PythonPeer.run("check_v3_written.py", store, MultiYear.glob());
    assertTrue(ok.contains("ok"), ok);

    Dataset back = Dataset.open(CONF, store);
    assertEquals(3, back.variable("t2m").metadata().zarrFormat());
    for (String v : vars) {
      float[] a = flat(Blocks.readLocal(src, sel, List.of(v)), src, sel, v);
      float[] b = flat(Blocks.readLocal(back, Selection.all(back), List.of(v)), back, Selection.all(back), v);
      assertArrayEquals(a, b, v);
    }
    ZarrException e = assertThrows(ZarrException.class, () -> ZarrWriter.begin(CONF, store, spec, ZarrWriter.Mode.APPEND));
    assertTrue(e.getMessage().contains("Zarr v2 stores only"), e.getMessage());
  }

  /** Blocks laid into one C-ordered array of the selection's shape. */
  static float[] flat(List<org.spangeo.zarr.blocks.Block> blocks, Dataset ds, Selection sel, String v) {
    List<String> dims = ds.variable(v).dims();
    int[] shape = new int[dims.size()];
    int n = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) sel.count(dims.get(i));
      n *= shape[i];
    }
    float[] out = new float[n];
    for (org.spangeo.zarr.blocks.Block b : blocks) {
      long[] o = b.key().offsets();
      int[] s = b.shape();
      int[] pos = new int[s.length];
      for (int i = 0; i < b.size(); i++) {
        int off = 0;
        for (int d = 0; d < s.length; d++) off = off * shape[d] + (int) (o[d] + pos[d]);
        out[off] = b.floats()[i];
        for (int d = s.length - 1; d >= 0; d--) {
          if (++pos[d] < s[d]) break;
          pos[d] = 0;
        }
      }
    }
    return out;
  }
}
