package org.spangeo.jobs.cli;

import java.util.ListResourceBundle;

/**
 * A command's own wording of options it shares through a mixin, as the resource bundle picocli
 * reads ({@code @Command(resourceBundle = "...$Wording")}): pairs of option name without dashes
 * ("mode") and description. Options it does not name keep the mixin's text.
 */
public abstract class OptionWording extends ListResourceBundle {
  private final Object[][] contents;

  protected OptionWording(String... nameAndText) {
    contents = new Object[nameAndText.length / 2][];
    for (int i = 0; i < contents.length; i++) contents[i] = new Object[] {nameAndText[2 * i], nameAndText[2 * i + 1]};
  }

  @Override
  protected Object[][] getContents() {
    return contents;
  }
}
