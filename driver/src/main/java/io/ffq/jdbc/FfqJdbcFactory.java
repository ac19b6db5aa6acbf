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
    return new MetaData(statement, signature);
  }

  /** Avatica's result set metadata, with column lookups and {@code unwrap} that fail with a SQLState. */
  static final class MetaData extends AvaticaResultSetMetaData {
    private final int columns;

    MetaData(AvaticaStatement statement, Meta.Signature signature) {
      super(statement, null, signature);
      this.columns = signature.columns.size();
    }

    private int checked(int column) throws SQLException {
      if (column < 1 || column > columns) {
        throw new SQLException(FfqErrors.entryPoint() + ": column " + column + " is out of range 1.." + columns,
            "07009");
      }
      return column;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
      return super.isAutoIncrement(checked(column));
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
      return super.isCaseSensitive(checked(column));
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
      return super.isSearchable(checked(column));
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
      return super.isCurrency(checked(column));
    }

    @Override
    public int isNullable(int column) throws SQLException {
      return super.isNullable(checked(column));
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
      return super.isSigned(checked(column));
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
      return super.getColumnDisplaySize(checked(column));
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
      return super.getColumnLabel(checked(column));
    }

    @Override
    public String getColumnName(int column) throws SQLException {
      return super.getColumnName(checked(column));
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
      return super.getSchemaName(checked(column));
    }

    @Override
    public int getPrecision(int column) throws SQLException {
      return super.getPrecision(checked(column));
    }

    @Override
    public int getScale(int column) throws SQLException {
      return super.getScale(checked(column));
    }

    @Override
    public String getTableName(int column) throws SQLException {
      return super.getTableName(checked(column));
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
      return super.getCatalogName(checked(column));
    }

    @Override
    public int getColumnType(int column) throws SQLException {
      return super.getColumnType(checked(column));
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
      return super.getColumnTypeName(checked(column));
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
      return super.isReadOnly(checked(column));
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
      return super.isWritable(checked(column));
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
      return super.isDefinitelyWritable(checked(column));
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
      return super.getColumnClassName(checked(column));
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return FfqErrors.unwrap(this, iface);
    }
  }
}
