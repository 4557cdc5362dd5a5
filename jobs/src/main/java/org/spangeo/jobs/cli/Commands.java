package org.spangeo.jobs.cli;

import java.util.ArrayList;
import java.util.List;

/** The built-in commands, in the order --help lists them. */
final class Commands {
  private Commands() {}

  static List<Object> all() {
    List<Object> out = new ArrayList<>();
    out.add(new InspectCommand());
    out.add(new StageCommands.SubsetCommand());
    out.add(new ComputeCommand());
    out.add(new ReduceCommand());
    out.add(new StageCommands.ResampleCommand());
    out.add(new StageCommands.ClimatologyCommand());
    out.add(new StageCommands.AnomalyCommand());
    out.add(new StageCommands.AreaMeanCommand());
    out.add(new StageCommands.RechunkCommand());
    out.add(new ConvertCommand());
    out.add(new SpatialCommands.CoarsenCommand());
    out.add(new SpatialCommands.RegridCommand());
    out.add(new SpatialCommands.PointsCommand());
    out.add(new SampleDataCommand());
    out.add(new ShardsCommand());
    out.add(new PlotCommand());
    out.add(new PipelineCommand());
    out.add(new ShellCommand());
    out.add(new SparkShellCommand());
    out.add(new UiCommand());
    return out;
  }
}
