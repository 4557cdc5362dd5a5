package org.spangeo.zarr.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.ZarrException;
import org.spangeo.zarr.dataset.Dataset;
import org.spangeo.zarr.dataset.Selection;
import org.spangeo.zarr.store.HadoopConf;
import org.spangeo.zarr.testing.MultiYear;
import org.spangeo.zarr.testing.SparkTestSession;

/** The chunk-level view, read through Spark, reassembles into exactly xarray's selection. */
class BlocksTest {

  static Selection testSelection(Dataset ds) {
    return Selection.all(ds).sel(ds, "latitude", 25, 22).sel(ds, "longitude", 120, 122).months(ds, "time", 6, 7, 8, 9);
  }

  @Test
  void blocksOfASelectionReassembleIntoXarraysSel() {
    Dataset ds = Dataset.open(HadoopConf.of(java.util.Map.of()), MultiYear.glob());
    Selection sel = testSelection(ds);
    JsonNode exp = MultiYear.expected();
    int nt = exp.get("time").size();
    int ny = exp.get("latitude").size();
    int nx = exp.get("longitude").size();
    assertEquals(nt, sel.count("time"));
    assertEquals(ny, sel.count("latitude"));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    List<Block> blocks = Blocks.read(jsc, ds, sel, List.of("t2m"), 0).collect();
    assertEquals(exp.get("chunks_touched").get("t2m").asInt(), blocks.size(), "one block per stored chunk touched");

    float[] got = new float[nt * ny * nx];
    boolean[] seen = new boolean[got.length];
    for (Block b : blocks) {
      assertTrue(b.isFloat(), "t2m is float32");
      long[] o = b.key().offsets();
      int[] s = b.shape();
      for (int t = 0; t < s[0]; t++) {
        for (int y = 0; y < s[1]; y++) {
          for (int x = 0; x < s[2]; x++) {
            int dst = (int) (((o[0] + t) * ny + (o[1] + y)) * nx + (o[2] + x));
            assertTrue(!seen[dst], "cell covered twice by " + b);
            seen[dst] = true;
            got[dst] = b.floats()[(t * s[1] + y) * s[2] + x];
          }
        }
      }
    }
    float[] want = MultiYear.floats("expected_t2m.bin");
    for (int i = 0; i < want.length; i++) {
      assertTrue(seen[i], "cell " + i + " not covered");
      assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "cell " + i);
    }
  }

  @Test
  void packedIntegersBecomeXarraysFloatsInBlocks() {
    Dataset ds = Dataset.open(HadoopConf.of(java.util.Map.of()), MultiYear.glob());
    List<Block> blocks = Blocks.readLocal(ds, testSelection(ds), List.of("sst"));
    float[] want = MultiYear.floats("expected_sst.bin");
    JsonNode exp = MultiYear.expected();
    int ny = exp.get("latitude").size();
    int nx = exp.get("longitude").size();
    int checked = 0;
    for (Block b : blocks) {
      assertTrue(b.isFloat(), "int16 with _FillValue, scale_factor and add_offset decodes to float32, as in xarray");
      long[] o = b.key().offsets();
      int[] s = b.shape();
      for (int i = 0; i < b.size(); i++) {
        int t = i / (s[1] * s[2]);
        int y = (i / s[2]) % s[1];
        int x = i % s[2];
        int dst = (int) (((o[0] + t) * ny + (o[1] + y)) * nx + (o[2] + x));
        assertEquals(Float.floatToIntBits(want[dst]), Float.floatToIntBits(b.floats()[i]), "sst cell " + dst);
        checked++;
      }
    }
    assertEquals(want.length, checked);
  }

  @Test
  void chunkKeysRekeyLikeXarrayBeam() {
    BlockKey k = new BlockKey("t2m", List.of("time", "latitude", "longitude"), new long[] {40, 8, 12});
    assertEquals(new BlockKey("t2m", List.of("latitude", "longitude"), new long[] {8, 12}), k.without("time"));
    assertEquals(0, k.withOffset("time", 0).offset("time"));
    assertEquals("clim", k.withVariable("clim").variable());
    assertThrows(IllegalArgumentException.class, () -> k.offset("level"));
  }

  @Test
  void timesAreNotBlocks() {
    Dataset ds = Dataset.open(HadoopConf.of(java.util.Map.of()), MultiYear.glob());
    ZarrException e = assertThrows(ZarrException.class, () -> Blocks.plan(ds, Selection.all(ds), List.of("time")));
    assertTrue(e.getMessage().contains("'time'"), e.getMessage());
  }
}
