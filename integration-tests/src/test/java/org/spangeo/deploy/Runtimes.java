package org.spangeo.deploy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Class paths of the real components the deployment tests start in JVMs of their own (a Spark
 * installation, s3proxy, Hadoop's mini clusters), resolved by Maven from the small POMs in
 * src/test/resources/runtimes/ and kept under target/runtimes/. Their libraries (Jetty 11 and
 * Guava 33 in s3proxy, YARN's Jersey 1) never meet the test JVM's class path.
 */
final class Runtimes {
  private Runtimes() {}

  static File root() {
    return new File(System.getProperty("spangeo.root", "..")).getAbsoluteFile();
  }

  static File target() {
    return new File(root(), "integration-tests/target");
  }

  /** The jars of runtime {@code name}, resolved once per build. */
  static synchronized List<String> classpath(String name) throws Exception {
    File out = new File(target(), "runtimes/" + name + ".classpath");
    if (!out.isFile()) {
      out.getParentFile().mkdirs();
      File pom = new File(root(), "integration-tests/src/test/resources/runtimes/" + name + "/pom.xml");
      List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-ntp", "-f", pom.getPath(),
          "dependency:build-classpath", "-Dmdep.outputFile=" + out.getPath()));
      String repo = System.getProperty("spangeo.m2");
      if (repo != null && !repo.isBlank()) cmd.add("-Dmaven.repo.local=" + repo);
      Procs.Result r = Procs.run(cmd, Map.of(), out.getParentFile(), null, 900);
      if (r.code() != 0 || !out.isFile()) throw new IllegalStateException("cannot resolve " + pom + ":\n" + r.all());
    }
    List<String> jars = new ArrayList<>();
    for (String s : Files.readString(out.toPath(), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
      if (!s.isBlank()) jars.add(s);
    }
    return jars;
  }

  /**
   * A Spark installation as the download has it: {@code jars/} with only Spark's own jars
   * (links into the Maven repository), a {@code RELEASE} file (Spark's launcher then takes
   * {@code jars/} as the class path), an empty {@code conf/}.
   */
  static File sparkHome(File dir) throws Exception {
    File home = new File(dir, "spark-3.5.9-bin");
    File jars = new File(home, "jars");
    jars.mkdirs();
    new File(home, "conf").mkdirs();
    for (String j : classpath("spark")) {
      Path link = jars.toPath().resolve(new File(j).getName());
      if (!Files.exists(link)) Files.createSymbolicLink(link, Path.of(j));
    }
    Files.writeString(new File(home, "RELEASE").toPath(), "Spark 3.5.9 built for Hadoop 3.3.4\n");
    // Spark's bin/ scripts are not on Maven Central: this one does what bin/spark-submit (through
    // bin/spark-class) does, ask Spark's launcher for the java command line, then run it
    File bin = new File(home, "bin");
    bin.mkdirs();
    File submit = new File(bin, "spark-submit");
    Files.writeString(submit.toPath(), String.join("\n",
        "#!/usr/bin/env bash",
        "export SPARK_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\" SPARK_SCALA_VERSION=2.12",
        "CMD=()",
        "while IFS= read -d '' -r ARG; do ARG=\"${ARG#$'\\n'}\"; [ -n \"$ARG\" ] && CMD+=(\"$ARG\"); done \\",
        "  < <(\"" + java() + "\" -Xmx128m -cp \"$SPARK_HOME/jars/*\" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit \"$@\"; printf '%d\\0' $?)",
        "CODE=${CMD[-1]}; unset 'CMD[-1]'",
        "[ \"$CODE\" = 0 ] || exit \"$CODE\"",
        "exec \"${CMD[@]}\"", ""), StandardCharsets.UTF_8);
    submit.setExecutable(true);
    return home;
  }

  /**
   * What bin/spark-class does: asks Spark's launcher ({@code org.apache.spark.launcher.Main})
   * for the java command line of {@code args} (it adds the Java 17 flags, memory, class path).
   */
  static List<String> sparkClass(File sparkHome, List<String> args, Map<String, String> env) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-cp", sparkHome + "/jars/*", "org.apache.spark.launcher.Main"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    pb.environment().put("SPARK_HOME", sparkHome.getPath());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12"); // bin/load-spark-env.sh's
    Process p = pb.start();
    byte[] b = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) throw new IllegalStateException("Spark's launcher failed for " + args);
    List<String> out = new ArrayList<>();
    for (String s : new String(b, StandardCharsets.UTF_8).split("\0")) {
      String t = s.strip();
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  static String java() {
    return new File(System.getProperty("java.home"), "bin/java").getPath();
  }

  /** The application jar the build made (ml/target/spangeo-VERSION.jar). */
  static File appJar() {
    File[] f = new File(root(), "ml/target").listFiles((d, n) -> n.matches("spangeo-\\d.*\\.jar"));
    if (f == null || f.length != 1) throw new IllegalStateException("no application jar in ml/target: build ml first (mvn package)");
    return f[0];
  }
}
