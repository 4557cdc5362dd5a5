package org.spangeo.ml.cli;

import java.util.ArrayList;
import java.util.List;
import org.spangeo.jobs.cli.CommandProvider;

/** The ML commands of the spangeo command line, found by jobs through ServiceLoader. */
public final class MlCommands implements CommandProvider {
  @Override
  public List<Object> commands() {
    List<Object> out = new ArrayList<>();
    out.add(new PatchesCommand());
    out.add(new TrainCommand());
    out.add(new PredictCommand());
    out.add(new ScoreCommand());
    out.add(new EvaluateCommand());
    return out;
  }
}
