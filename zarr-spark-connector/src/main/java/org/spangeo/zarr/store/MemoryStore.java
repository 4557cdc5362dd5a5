package org.spangeo.zarr.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory store, for tests and for small scratch arrays on one JVM. */
public final class MemoryStore implements Store {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

  public MemoryStore(String name) {
    this.name = name;
  }

  @Override
  public String location() {
    return "memory://" + name;
  }

  @Override
  public byte[] get(String key) {
    byte[] b = objects.get(Store.checkKey(key));
    return b == null ? null : b.clone();
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    byte[] b = objects.get(Store.checkKey(key));
    if (b == null) return null;
    long start = offset < 0 ? b.length + offset : offset;
    if (start < 0 || start + length > b.length) {
      throw new org.spangeo.zarr.ZarrException(location() + ": range " + offset + "+" + length
          + " is outside '" + key + "' of " + b.length + " bytes (truncated?)");
    }
    byte[] out = new byte[length];
    System.arraycopy(b, (int) start, out, 0, length);
    return out;
  }

  @Override
  public long size(String key) {
    byte[] b = objects.get(Store.checkKey(key));
    if (b != null) return b.length;
    String dir = key.isEmpty() ? "" : key + "/";
    Map.Entry<String, byte[]> e = objects.ceilingEntry(dir);
    return e != null && e.getKey().startsWith(dir) ? 0 : -1;
  }

  @Override
  public List<String> listChildren(String prefix) {
    String dir = prefix.isEmpty() ? "" : Store.checkKey(prefix) + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String k : objects.tailMap(dir).keySet()) {
      if (!k.startsWith(dir)) break;
      String rest = k.substring(dir.length());
      int slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.substring(0, slash));
    }
    return new ArrayList<>(names);
  }

  @Override
  public void put(String key, byte[] data) {
    objects.put(Store.checkKey(key), data.clone());
  }

  @Override
  public void delete(String key) {
    Store.checkKey(key);
    objects.remove(key);
    String dir = key.isEmpty() ? "" : key + "/";
    objects.keySet().removeIf(k -> k.startsWith(dir));
  }
}
