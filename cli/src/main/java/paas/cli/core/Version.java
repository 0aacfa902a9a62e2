package paas.cli.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This CLI's version, from a resource Maven fills in at build time. */
public final class Version {
  private Version() {}

  /** The project version without a -SNAPSHOT suffix, e.g. {@code 0.1.0}. */
  public static String read() {
    String version = null;
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        version = props.getProperty("version");
      }
    } catch (IOException e) {
      version = null;
    }
    if (version == null || version.isBlank() || version.startsWith("${")) {
      version = Version.class.getPackage().getImplementationVersion();
    }
    if (version == null) {
      return "0.0.0";
    }
    return version.replaceFirst("-SNAPSHOT$", "");
  }
}
