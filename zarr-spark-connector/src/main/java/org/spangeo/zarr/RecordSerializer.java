package org.spangeo.zarr;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Kryo serializer for Java records. Spark 3.5 ships Kryo 4, whose FieldSerializer cannot handle a
 * record: it asks Unsafe for field offsets, which the JVM refuses for record fields. This one writes
 * the components in declaration order and reads them back through the canonical constructor, so a
 * compact constructor's checks run again on the receiving side. A primitive component is written by
 * its own type; any other with its class (null and subclasses allowed), so the classes inside must
 * be registered as usual.
 */
public final class RecordSerializer<T> extends Serializer<T> {
  private final Method[] accessors;
  private final Class<?>[] types;
  private final Constructor<T> constructor;

  public RecordSerializer(Class<T> type) {
    if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
    RecordComponent[] components = type.getRecordComponents();
    accessors = new Method[components.length];
    types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      accessors[i] = components[i].getAccessor();
      accessors[i].setAccessible(true);
      types[i] = components[i].getType();
    }
    try {
      constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
    }
  }

  /** Registers each class, records with this serializer and the rest with Kryo's default. */
  public static void register(Kryo kryo, Class<?>... classes) {
    for (Class<?> c : classes) {
      if (c.isRecord()) kryo.register(c, recordSerializer(c));
      else kryo.register(c);
    }
  }

  private static <R> RecordSerializer<R> recordSerializer(Class<R> c) {
    return new RecordSerializer<>(c);
  }

  @Override
  public void write(Kryo kryo, Output output, T record) {
    try {
      for (int i = 0; i < accessors.length; i++) {
        Object value = accessors[i].invoke(record);
        if (types[i].isPrimitive()) kryo.writeObject(output, value);
        else kryo.writeClassAndObject(output, value);
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new KryoException("cannot read the components of " + record.getClass().getName(), e);
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<T> type) {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = types[i].isPrimitive() ? kryo.readObject(input, boxed(types[i])) : kryo.readClassAndObject(input);
    }
    try {
      return constructor.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new KryoException("cannot build " + type.getName() + " from its components", e);
    }
  }

  private static Class<?> boxed(Class<?> primitive) {
    if (primitive == int.class) return Integer.class;
    if (primitive == long.class) return Long.class;
    if (primitive == double.class) return Double.class;
    if (primitive == float.class) return Float.class;
    if (primitive == boolean.class) return Boolean.class;
    if (primitive == short.class) return Short.class;
    if (primitive == byte.class) return Byte.class;
    return Character.class;
  }
}
