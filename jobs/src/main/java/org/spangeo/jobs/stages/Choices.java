package org.spangeo.jobs.stages;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.spangeo.zarr.InvalidArgumentException;

/** An option's value as a constant of an enum, in any case; else one line naming the option and every choice. */
final class Choices {
  private Choices() {}

  static <E extends Enum<E>> E parse(Class<E> type, String option, String s) {
    try {
      return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(option + " '" + s + "' is not one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
  }
}
