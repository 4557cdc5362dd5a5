package org.spangeo.zarr.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean" suggestions for misspelt variable and dim names. */
public final class Names {
  private Names() {}

  /** " (did you mean 'temperature'?)" or " (it has: a, b, c)" when nothing is close. */
  public static String suggest(String wanted, Collection<String> known) {
    List<String> close = new ArrayList<>();
    String w = wanted.toLowerCase(Locale.ROOT);
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      int d = distance(w, kl);
      if (d <= Math.max(2, w.length() / 3) || kl.contains(w) || (w.length() >= 3 && kl.startsWith(w.substring(0, 3)))) {
        close.add(k);
      }
    }
    if (!close.isEmpty()) {
      return " (did you mean " + String.join(" or ", close.stream().limit(3).map(s -> "'" + s + "'").toList()) + "?)";
    }
    return " (it has: " + String.join(", ", known) + ")";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
