package io.ffq.jdbc;

import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * The {@code jdbc:ffq:} driver: opens connections to the FFQ engine embedded in this JVM.
 * Registered with {@link java.sql.DriverManager} when the class loads.
 */
public class FfqDriver extends UnregisteredDriver {
  static {
    new FfqDriver().register();
  }

  public FfqDriver() {
    super();
  }

  @Override
  protected String getConnectStringPrefix() {
    return FfqUrl.PREFIX;
  }

  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return FfqJdbcFactory.class.getName();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    String v = FfqVersion.DRIVER;
    int[] mm = FfqVersion.majorMinor(v);
    return new DriverVersion("ffq-jdbc", v, "FFQ", v, false, mm[0], mm[1], mm[0], mm[1]);
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new FfqMeta(connection);
  }

  @Override
  public boolean acceptsURL(String url) {
    return FfqUrl.accepts(url);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the DriverManager asks every driver
    }
    FfqUrl.parse(url, info); // fail fast with the exact message, before any engine work
    io.ffq.jdbc.engine.NativeLoader.warmUpFieldInBackground();
    return factory.newConnection(this, factory, url, info == null ? new Properties() : info);
  }

  /** Every key with its default, description and choices; opens no engine. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    FfqConnectionProperty[] all = FfqConnectionProperty.values();
    DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
    for (int i = 0; i < all.length; i++) {
      String current = info == null ? null : info.getProperty(all[i].key);
      if (all[i] == FfqConnectionProperty.PASSWORD) {
        current = null; // never echo secrets
      }
      out[i] = all[i].info(current);
    }
    return out;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }
}
