package org.spangeo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spangeo.cluster.ClusterData;
import org.spangeo.zarr.store.HadoopConf;

/**
 * A scheduled pipeline killed mid-step (SIGKILL to the JVM while its second step is writing, as
 * a node loss or a scheduler's timeout would) and run again with the same command finishes with
 * outputs byte-identical to an uninterrupted run: the finished step is skipped, the interrupted
 * one (its staging folder left behind) is redone.
 */
class PipelineKillTest {
  static File dir;

  static final String CONFIG = String.join("\n",
      "name: nightly",
      "vars: {data: DATA, out: out}",
      "steps:",
      "  - name: subset",
      "    command: subset",
      "    options: {in: '${data}/t2m.zarr', out: '${out}/subset.zarr'}",
      "  - name: climatology",
      "    command: climatology",
      "    options: {in: '${out}/subset.zarr', vars: t2m, by: month, out: '${out}/clim.zarr'}",
      "  - name: rechunk",
      "    command: rechunk",
      "    options: {in: '${out}/subset.zarr', chunks: 'time=2920,latitude=4,longitude=4', max-mem: 16MB, out: '${out}/rechunked.zarr'}",
      "");

  @AfterAll
  static void clean() throws Exception {
    Procs.killAll();
    Trees.delete(dir);
  }

  static List<String> pipeline(File config) {
    return List.of(new File(Runtimes.root(), "scripts/spangeo").getPath(), "pipeline", "--config", config.getPath(), "--quiet");
  }

  @Test
  void killedMidStepThenRerunIsByteIdentical() throws Exception {
    dir = Files.createTempDirectory("spangeo-pipeline").toFile();
    File data = new File(dir, "data");
    ClusterData.write(HadoopConf.of(Map.of()), new File(data, "t2m.zarr").getAbsolutePath());
    Map<String, String> env = Map.of("SPANGEO_JAVA_OPTS", "-Xmx768m", "SPARK_LOCAL_IP", "127.0.0.1");

    File clean = new File(dir, "clean");
    File killed = new File(dir, "killed");
    for (File d : new File[] {clean, killed}) {
      d.mkdirs();
      Files.writeString(new File(d, "pipeline.yaml").toPath(), CONFIG.replace("DATA", data.getAbsolutePath()), StandardCharsets.UTF_8);
    }
    Procs.Result r = Procs.run(pipeline(new File(clean, "pipeline.yaml")), env, clean, null, 600);
    assertEquals(0, r.code(), r.all());

    // the same pipeline, killed with SIGKILL as soon as its second step has begun writing
    File log = new File(killed, "run1.log");
    Process p = Procs.start(pipeline(new File(killed, "pipeline.yaml")), env, killed, log, null);
    File staging = new File(killed, "out/.clim.zarr.spangeo-staging");
    long end = System.nanoTime() + 600_000_000_000L;
    while (!staging.exists()) {
      assertTrue(p.isAlive(), "the pipeline ended before its second step wrote:\n" + Procs.read(log));
      assertTrue(System.nanoTime() < end, "no staging folder in 600 s:\n" + Procs.read(log));
      Thread.sleep(20);
    }
    Procs.kill(p);
    assertFalse(new File(killed, "out/clim.zarr/.zmetadata").exists(), "the step had finished before the kill");

    r = Procs.run(pipeline(new File(killed, "pipeline.yaml")), env, killed, null, 600);
    assertEquals(0, r.code(), r.all());
    assertTrue(r.out().contains("[1/3] subset: skipped"), r.out());
    for (String store : new String[] {"subset.zarr", "clim.zarr", "rechunked.zarr"}) {
      Map<String, String> want = Trees.of(new File(clean, "out/" + store));
      assertFalse(want.isEmpty(), store);
      assertEquals(want, Trees.of(new File(killed, "out/" + store)), store);
    }
    String[] left = new File(killed, "out").list((d, n) -> n.contains("spangeo-"));
    assertEquals(0, left.length, String.join(", ", left));
  }
}
