package org.spangeo.zarr.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.spangeo.zarr.RecordSerializer;
import scala.reflect.ClassTag$;

/**
 * Round trips through Spark's own KryoSerializer, configured as the sessions configure it
 * (registration required, the given registrators), and through Java serialization; values are
 * compared component by component, arrays element by element.
 */
public final class KryoRoundTrip {
  private KryoRoundTrip() {}

  public static KryoSerializer kryo(String registrators) {
    return new KryoSerializer(new SparkConf(false)
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", registrators));
  }

  /**
   * Every record class the registrators register has a sample, is registered with a
   * {@link RecordSerializer}, and each sample comes back equal through Kryo and Java serialization.
   */
  public static void assertRecordsRoundTrip(String registrators, Object... samples) {
    KryoSerializer serializer = kryo(registrators);
    Kryo kryo = serializer.newKryo();
    Set<String> records = new TreeSet<>();
    for (int id = 0; id < kryo.getNextRegistrationId(); id++) {
      Registration r = kryo.getRegistration(id);
      if (r == null || !r.getType().isRecord()) continue;
      records.add(r.getType().getName());
      assertTrue(r.getSerializer() instanceof RecordSerializer, r.getType() + " is registered with " + r.getSerializer());
    }
    Set<String> sampled = new TreeSet<>();
    for (Object s : samples) sampled.add(s.getClass().getName());
    assertTrue(sampled.containsAll(records), "records registered without a sample here: " + minus(records, sampled));
    SerializerInstance k = serializer.newInstance();
    for (Object s : samples) {
      Object back = k.deserialize(k.serialize(s, ClassTag$.MODULE$.apply(Object.class)), ClassTag$.MODULE$.apply(Object.class));
      assertNotSame(s, back);
      assertSame(s, back, s.getClass().getSimpleName() + " through Kryo");
      assertSame(s, java(s), s.getClass().getSimpleName() + " through Java serialization");
    }
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.removeAll(b);
    return out;
  }

  static Object java(Object o) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(o);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return in.readObject();
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** Equal values: records by component, arrays by element, classes without equals by field. */
  public static void assertSame(Object a, Object b, String where) {
    if (a == null || b == null) {
      assertEquals(a, b, where);
      return;
    }
    assertEquals(a.getClass(), b.getClass(), where);
    Class<?> c = a.getClass();
    if (c.isArray()) {
      assertEquals(Array.getLength(a), Array.getLength(b), where + ": length");
      for (int i = 0; i < Array.getLength(a); i++) assertSame(Array.get(a, i), Array.get(b, i), where + "[" + i + "]");
    } else if (c.isRecord()) {
      for (RecordComponent rc : c.getRecordComponents()) {
        assertSame(get(rc, a), get(rc, b), where + "." + rc.getName());
      }
    } else if (overridesEquals(c) || c.isEnum()) {
      assertEquals(a, b, where);
    } else {
      for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) continue;
          f.setAccessible(true);
          try {
            assertSame(f.get(a), f.get(b), where + "." + f.getName());
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
  }

  private static Object get(RecordComponent rc, Object o) {
    try {
      rc.getAccessor().setAccessible(true);
      return rc.getAccessor().invoke(o);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean overridesEquals(Class<?> c) {
    try {
      return c.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** A value that must be present (guards samples built from fixtures). */
  public static <T> T present(T value, String what) {
    assertNotNull(value, what);
    return value;
  }
}
