package org.spangeo.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.testing.KryoRoundTrip;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Records through Spark 3.5's Kryo 4, which cannot serialize them with its default serializer. */
class RecordSerializerTest {
  record Inner(String name, long[] offsets) implements Serializable {}

  record Everything(boolean b, byte by, short sh, char ch, int i, long l, float f, double d, double[] values,
      int[][] nested, String text, String none, Inner inner, List<String> names, Object anything) implements Serializable {}

  record Twice(Inner a, Inner b) implements Serializable {}

  public static class Registrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
      RecordSerializer.register(kryo, Inner.class, Everything.class, Twice.class, ArrayList.class);
    }
  }

  static final String REGISTRATORS = SpangeoKryoRegistrator.class.getName() + "," + Registrator.class.getName();
  static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

  static Everything sample() {
    List<String> names = new ArrayList<>(List.of("time", "latitude"));
    return new Everything(true, (byte) -3, (short) 300, 'x', -7, 1L << 40, 1.5f, Double.NaN, new double[] {1, Double.NaN, -0.0},
        new int[][] {{1, 2}, null, {}}, "t2m", null, new Inner("k", new long[] {0, 24}), names, 42);
  }

  @Test
  void recordsComeBackEqualWithArraysAndNullsInside() {
    KryoRoundTrip.assertRecordsRoundTrip(REGISTRATORS, sample(), new Inner("k", new long[0]), new Inner(null, null),
        new Twice(new Inner("a", new long[] {1}), null));
  }

  @Test
  void theDefaultKryoSerializerRefusesRecords() {
    // the reason for RecordSerializer: without it the registration itself fails (Unsafe refuses record fields)
    Kryo kryo = new Kryo();
    Exception e = assertThrows(IllegalArgumentException.class, () -> kryo.register(Inner.class));
    assertTrue(String.valueOf(e.getCause().getCause()).contains("record"), String.valueOf(e.getCause().getCause()));
  }

  @Test
  void aComponentSharedTwiceStaysOneObject() {
    SerializerInstance k = KryoRoundTrip.kryo(REGISTRATORS).newInstance();
    Inner shared = new Inner("s", new long[] {5});
    Twice back = (Twice) k.deserialize(k.serialize(new Twice(shared, shared), ANY), ANY);
    assertSame(back.a(), back.b());
    assertEquals(5, back.a().offsets()[0]);
  }

  @Test
  void anUnregisteredComponentClassIsRefusedByName() {
    SerializerInstance k = KryoRoundTrip.kryo(REGISTRATORS).newInstance();
    Everything e = sample();
    Everything odd = new Everything(e.b(), e.by(), e.sh(), e.ch(), e.i(), e.l(), e.f(), e.d(), e.values(), e.nested(), e.text(),
        e.none(), e.inner(), e.names(), new java.util.TreeMap<String, String>());
    Exception x = assertThrows(Exception.class, () -> k.serialize(odd, ANY));
    assertTrue(String.valueOf(x.getMessage()).contains("java.util.TreeMap"), x.getMessage());
  }

  @Test
  void onlyRecordsAreTaken() {
    Exception e = assertThrows(IllegalArgumentException.class, () -> new RecordSerializer<>(String.class));
    assertEquals("java.lang.String is not a record", e.getMessage());
  }
}
