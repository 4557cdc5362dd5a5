package org.spangeo.jobs.ui;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.history.FsHistoryProvider;
import org.apache.spark.deploy.history.HistoryServer;
import org.spangeo.zarr.InvalidArgumentException;
import org.spangeo.zarr.NotFoundException;
import org.spangeo.zarr.SpangeoException;

/**
 * Spark's History Server in this JVM, from the Spark jars on the class path (no Spark install),
 * over a folder of event logs. Being in-process, it has the connector's metric classes, so the
 * SQL tab shows "zarr chunks read" and the rest instead of N/A.
 */
public final class HistoryUi implements AutoCloseable {
  private final HistoryServer server;
  private final FsHistoryProvider provider;
  private final String logDir;

  private HistoryUi(HistoryServer server, FsHistoryProvider provider, String logDir) {
    this.server = server;
    this.provider = provider;
    this.logDir = logDir;
  }

  /**
   * Starts the server on {@code port} (0: any free port) over {@code logDir} (a Hadoop URI).
   * {@code settings} are Spark settings (spark.history.*); the folder must exist and the port be free.
   */
  public static HistoryUi start(SparkConf settings, String logDir, int port) {
    SparkConf conf = settings.clone();
    // the Hadoop settings the server itself will use (spark.hadoop.*, HADOOP_CONF_DIR)
    checkFolder(logDir, org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(conf));
    conf.set("spark.history.fs.logDirectory", logDir);
    conf.set("spark.history.ui.port", Integer.toString(port));
    // HistoryServer.bind() ends the JVM (System.exit) when it cannot bind: ask first. (Should the
    // port be taken in between, Spark moves to the next free one and port() reports it.)
    checkPort(port);
    SecurityManager sm = new SecurityManager(conf, scala.Option.empty(),
        org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE());
    FsHistoryProvider provider = new FsHistoryProvider(conf);
    HistoryServer server;
    try {
      server = new HistoryServer(conf, provider, sm, port);
      server.bind();
    } catch (RuntimeException e) {
      provider.stop();
      throw e;
    }
    provider.start();
    return new HistoryUi(server, provider, logDir);
  }

  static void checkFolder(String logDir, Configuration hadoop) {
    try {
      Path p = new Path(URI.create(logDir));
      FileSystem fs = p.getFileSystem(hadoop);
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (java.io.FileNotFoundException e) {
        throw new NotFoundException("the event log folder " + logDir + " does not exist: run a command first (event logs are"
            + " on in conf/spark-defaults.conf, spark.eventLog.dir) or name the folder with --logs DIR");
      }
      if (!st.isDirectory()) throw new InvalidArgumentException("the event log folder " + logDir + " is a file, not a folder");
    } catch (IOException | IllegalArgumentException e) {
      throw new SpangeoException("cannot open the event log folder " + logDir + ": " + e.getMessage());
    }
  }

  /** The address Spark's web servers bind: SPARK_LOCAL_IP, else every interface. */
  static void checkPort(int port) {
    if (port == 0) return;
    String host = System.getenv("SPARK_LOCAL_IP");
    InetSocketAddress at = host == null || host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as Jetty does: a port left in TIME_WAIT is free, a listening one is not
      s.bind(at);
    } catch (BindException e) {
      throw new InvalidArgumentException("port " + port + " is taken (another History Server or Spark UI?): choose one with --port N");
    } catch (IOException e) {
      throw new SpangeoException("cannot listen on port " + port + ": " + e.getMessage());
    }
  }

  /** The port it listens on (the free one picked when asked for 0). */
  public int port() {
    return server.boundPort();
  }

  /** http://localhost:PORT */
  public String url() {
    return "http://localhost:" + port();
  }

  public String logDir() {
    return logDir;
  }

  @Override
  public void close() {
    server.stop();
    provider.stop();
  }
}
