package org.spangeo.zarr.store;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

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

  // Every property as a key/value pair, as Configuration.write sends them, without the sources
  // it adds to each key as a gzip-compressed string array: reading those back (an inflater per
  // key, some 300-400 keys) made each task's deserialisation of a store cost milliseconds.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    List<Map.Entry<String, String>> props = new ArrayList<>();
    for (Map.Entry<String, String> e : conf) props.add(e); // raw values, unexpanded, as write() sends
    out.writeInt(props.size());
    for (Map.Entry<String, String> e : props) {
      Text.writeString(out, e.getKey());
      Text.writeString(out, e.getValue());
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    int n = in.readInt();
    for (int i = 0; i < n; i++) conf.set(Text.readString(in), Text.readString(in));
  }
}
