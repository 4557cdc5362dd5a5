package org.spangeo.jobs.convert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What both readers hold once a file's header is parsed: its dims, variables and global
 * attributes, filled by the subclass's constructor and handed out as copies or read-only views.
 */
abstract class ParsedFile implements GriddedFile {
  final LinkedHashMap<String, Long> dims = new LinkedHashMap<>();
  final List<FileVariable> variables = new ArrayList<>();
  final LinkedHashMap<String, Object> attrs = new LinkedHashMap<>();

  @Override
  public LinkedHashMap<String, Long> dims() {
    return new LinkedHashMap<>(dims);
  }

  @Override
  public List<FileVariable> variables() {
    return Collections.unmodifiableList(variables);
  }

  @Override
  public Map<String, Object> attributes() {
    return Collections.unmodifiableMap(attrs);
  }
}
