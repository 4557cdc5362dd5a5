package org.spangeo.ml.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.spangeo.zarr.metadata.MetadataParser;

/** evaluate says when its per-window baselines were fitted on another season than the windows it scores. */
class PatchEvaluationSeasonTest {
  static JsonNode sel(String from, String to) throws Exception {
    return MetadataParser.JSON.readTree("{\"time_range\": [\"" + from + "\", \"" + to + "\"], \"years\": [2021]}");
  }

  @Test
  void anotherSeasonIsNamedTheSameOneIsNot() throws Exception {
    // the demo's first configuration: baselines on May-October 2021, windows of June-September 2022
    assertEquals("the baseline patches cover 05-01 .. 10-31 of their years, the evaluated ones 06-01 .. 09-30: event frequencies"
        + " differ by season, so the baselines are fitted on another season than they are scored on",
        PatchEvaluation.seasonNote(sel("2022-06-01T00:00", "2022-09-30T21:00"), sel("2021-05-01T00:00", "2021-10-31T21:00")));
    assertNull(PatchEvaluation.seasonNote(sel("2022-05-01T00:00", "2022-10-31T21:00"), sel("2021-05-01T00:00", "2021-10-31T21:00")));
    assertNull(PatchEvaluation.seasonNote(null, sel("2021-05-01T00:00", "2021-10-31T21:00")), "unrecorded: nothing to say");
    assertNull(PatchEvaluation.seasonNote(MetadataParser.JSON.readTree("{\"source\": \"x\"}"), sel("2021-05-01T00:00", "2021-10-31T21:00")));
  }
}
