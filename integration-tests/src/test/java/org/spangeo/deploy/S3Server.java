package org.spangeo.deploy;

import java.io.File;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * s3proxy 2.6.0, a real S3 server, as a JVM of its own on a free loopback port, with its
 * transient (in-memory) blob store and AWS signature checks on: requests without the right keys
 * are refused, as S3 does. Buckets are created through its S3 API.
 */
final class S3Server {
  static final String KEY = "spangeo-test-key";
  static final String SECRET = "spangeo-test-secret";
  final String endpoint;
  final Process process;

  private S3Server(String endpoint, Process process) {
    this.endpoint = endpoint;
    this.process = process;
  }

  static S3Server start(File dir) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    File props = new File(dir, "s3proxy.properties");
    Files.writeString(props.toPath(), String.join("\n",
        "s3proxy.endpoint=" + endpoint,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + KEY,
        "s3proxy.credential=" + SECRET,
        "jclouds.provider=transient",
        "jclouds.identity=unused",
        "jclouds.credential=unused", ""), StandardCharsets.UTF_8);
    // without a configuration logback logs every Jetty event at DEBUG
    File logback = new File(dir, "s3proxy-logback.xml");
    Files.writeString(logback.toPath(), "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
        + "<encoder><pattern>%d %level %logger{20}: %msg%n</pattern></encoder></appender>"
        + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root></configuration>\n", StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of(Runtimes.java(), "-Xmx384m", "-Dlogback.configurationFile=" + logback.getPath(), "-cp",
        String.join(File.pathSeparator, Runtimes.classpath("s3proxy")), "org.gaul.s3proxy.Main", "--properties", props.getPath()));
    File log = new File(dir, "s3proxy.log");
    Process p = Procs.start(cmd, Map.of(), dir, log, null);
    long end = System.nanoTime() + 120_000_000_000L;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        break;
      } catch (java.io.IOException e) {
        if (!p.isAlive() || System.nanoTime() > end) throw new AssertionError("s3proxy did not start:\n" + Procs.read(log));
        Thread.sleep(300);
      }
    }
    return new S3Server(endpoint, p);
  }

  /** PUT Bucket, signed with AWS signature version 2. */
  void createBucket(String bucket) throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).format(ZonedDateTime.now(ZoneOffset.UTC));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String sig = Base64.getEncoder().encodeToString(mac.doFinal(("PUT\n\n\n" + date + "\n/" + bucket).getBytes(StandardCharsets.UTF_8)));
    HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/" + bucket).toURL().openConnection();
    c.setRequestMethod("PUT");
    c.setRequestProperty("Date", date);
    c.setRequestProperty("Authorization", "AWS " + KEY + ":" + sig);
    c.setDoOutput(true);
    c.getOutputStream().close();
    int code = c.getResponseCode();
    if (code != 200) throw new AssertionError("PUT /" + bucket + ": HTTP " + code);
  }

  /** The s3a settings of this server as Hadoop keys. */
  Map<String, String> hadoop() {
    return Map.of("fs.s3a.endpoint", endpoint, "fs.s3a.access.key", KEY, "fs.s3a.secret.key", SECRET,
        "fs.s3a.path.style.access", "true", "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.change.detection.version.required", "false", "fs.s3a.change.detection.mode", "none");
  }
}
