package org.spangeo.zarr;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/** A Kryo registrator of a fixed list of classes: records through {@link RecordSerializer}, the rest Kryo's way. */
public abstract class ClassListRegistrator implements KryoRegistrator {
  private final Class<?>[] classes;

  protected ClassListRegistrator(Class<?>... classes) {
    this.classes = classes.clone();
  }

  @Override
  public void registerClasses(Kryo kryo) {
    RecordSerializer.register(kryo, classes);
  }
}
