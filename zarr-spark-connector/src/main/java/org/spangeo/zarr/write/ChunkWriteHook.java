package org.spangeo.zarr.write;

import java.io.Serializable;

/**
 * Called before each chunk is stored, in the task. Production writes use {@link #NONE}; fault
 * tests install one that throws (to kill a task mid-write) without touching production code.
 */
@FunctionalInterface
public interface ChunkWriteHook extends Serializable {
  ChunkWriteHook NONE = (variable, key) -> { };

  void beforeChunk(String variable, String key);
}
