package io.ffq.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaResultSetMetaData;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/** Makes the driver's JDBC objects; reports JDBC 4.2. */
public class FfqJdbcFactory implements AvaticaFactory {
  public FfqJdbcFactory() {}

  @Override public int getJdbcMajorVersion() { return 4; }
  @Override public int getJdbcMinorVersion() { return 2; }

  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory, String url, Properties info)
      throws SQLException {
    return new FfqConnection((FfqDriver) driver, factory, url, info);
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h, int type, int concurrency,
      int holdability) throws SQLException {
    return new FfqStatement((FfqConnection) connection, h, type, concurrency, holdability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int type, int concurrency, int holdability) throws SQLException {
    // FfqConnection.prepareStatement plans on the engine and builds FfqPreparedStatement itself.
    throw new java.sql.SQLFeatureNotSupportedException("use Connection.prepareStatement", "0A000");
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    ResultSetMetaData md = newResultSetMetaData(statement, signature);
    return new FfqResultSet(statement, state, signature, md, timeZone, firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return new FfqDatabaseMetaData((FfqConnection) connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature) {
    return new AvaticaResultSetMetaData(statement, null, signature);
  }
}
