package org.spangeo.zarr.store;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** A Hadoop Configuration that can travel to executors (Configuration itself is not Serializable). */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration conf;

  public HadoopConf(Configuration conf) {
    this.conf = conf;
  }

  /** A configuration with Hadoop's defaults plus the given overrides (for example fs.s3a.* keys). */
  public static HadoopConf of(Map<String, String> overrides) {
    Configuration c = new Configuration();
    overrides.forEach(c::set);
    return new HadoopConf(c);
  }

  public Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
