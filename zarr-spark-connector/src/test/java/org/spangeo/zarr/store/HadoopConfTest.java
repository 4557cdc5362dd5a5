package org.spangeo.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** What reaches a task is the driver's configuration, every property and value as it was. */
class HadoopConfTest {
  static Map<String, String> props(Configuration c) {
    Map<String, String> m = new TreeMap<>();
    for (Map.Entry<String, String> e : c) m.put(e.getKey(), e.getValue());
    return m;
  }

  @Test
  void travelsWithEveryPropertyAndValueUnchanged() throws Exception {
    HadoopConf conf = HadoopConf.of(Map.of("fs.s3a.endpoint", "http://127.0.0.1:9", "spangeo.long", "x".repeat(70_000),
        "spangeo.unexpanded", "${hadoop.tmp.dir}/y", "spangeo.utf8", "Zürich ½ °C"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(conf);
    }
    HadoopConf back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (HadoopConf) in.readObject();
    }
    assertNotSame(conf.get(), back.get());
    Map<String, String> want = props(conf.get());
    assertEquals(want, props(back.get()));
    assertEquals("http://127.0.0.1:9", back.get().get("fs.s3a.endpoint"));
    assertEquals(conf.get().get("spangeo.unexpanded"), back.get().get("spangeo.unexpanded")); // expanded alike
    assertEquals(70_000, back.get().get("spangeo.long").length());
    assertEquals("Zürich ½ °C", back.get().get("spangeo.utf8"));
    assertEquals(conf.get().getInt("io.file.buffer.size", -1), back.get().getInt("io.file.buffer.size", -2));
  }
}
