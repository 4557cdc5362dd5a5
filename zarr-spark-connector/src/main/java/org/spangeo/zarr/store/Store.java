package org.spangeo.zarr.store;

import java.io.Serializable;
import java.util.List;

/**
 * A Zarr store: a flat key space of byte objects under one root ("a/.zarray", "a/0.0").
 * Implementations are serializable so that executors can open chunks themselves; they connect
 * lazily. A missing key is not an error: {@link #get} returns null and the array layer reads
 * the fill value, as zarr-python does.
 */
public interface Store extends Serializable {

  /** Where this store lives, for messages (for example "hdfs://nn/era5/2019.zarr"). */
  String location();

  /** The whole object, or null when the key does not exist. */
  byte[] get(String key);

  /** {@code length} bytes from {@code offset}; a negative offset counts from the end (as in sharding). */
  byte[] getRange(String key, long offset, int length);

  /** Size in bytes, or -1 when absent. */
  long size(String key);

  default boolean exists(String key) {
    return size(key) >= 0;
  }

  /** Names of the direct children of a prefix ("" is the root): files and folders, sorted. */
  List<String> listChildren(String prefix);

  /** Writes an object so that a reader sees either the old bytes or the new ones, never a part. */
  void put(String key, byte[] data);

  /** Removes a key or a whole prefix; absent keys are fine. */
  void delete(String key);

  /** Refuses keys that could leave the root: absolute paths, "..", empty segments, backslashes. */
  static String checkKey(String key) {
    if (key == null) throw new IllegalArgumentException("null store key");
    if (key.isEmpty()) return key;
    if (key.startsWith("/") || key.contains("\\") || key.contains("//") || key.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("store key '" + key + "' is not a relative path inside the store");
    }
    for (String part : key.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw new IllegalArgumentException("store key '" + key + "' leaves the store root");
      }
    }
    return key;
  }
}
