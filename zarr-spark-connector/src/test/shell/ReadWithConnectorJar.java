// Run as a single-file program by ShadedJarIT, with Spark's jars and the connector's shaded jar
// as the only class path: what `spark-shell --jars zarr-spark-connector-*-spark.jar` gives a user.
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

public class ReadWithConnectorJar {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("shell-like")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    Row r = spark.read().format("zarr").load(args[0])
        .where("latitude BETWEEN 22 AND 25 AND longitude BETWEEN 120 AND 122")
        .selectExpr("count(*)", "sum(CAST(t2m AS DOUBLE))").first();
    System.out.println("RESULT " + r.getLong(0) + " " + r.getDouble(1));
    spark.stop();
  }
}
