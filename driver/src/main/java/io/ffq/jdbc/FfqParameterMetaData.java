package io.ffq.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.avatica.AvaticaParameter;

/** Parameter types as the engine inferred them; UNKNOWN (Types.OTHER) where it could not. */
final class FfqParameterMetaData implements ParameterMetaData {
  private final List<AvaticaParameter> params;

  FfqParameterMetaData(List<AvaticaParameter> params) {
    this.params = params;
  }

  private AvaticaParameter p(int i) throws SQLException {
    if (i < 1 || i > params.size()) {
      throw new SQLException("parameter index " + i + " is out of range 1.." + params.size(), "07009");
    }
    return params.get(i - 1);
  }

  @Override public int getParameterCount() { return params.size(); }
  @Override public int isNullable(int i) throws SQLException { p(i); return parameterNullableUnknown; }
  @Override public boolean isSigned(int i) throws SQLException { return p(i).signed; }
  @Override public int getPrecision(int i) throws SQLException { return p(i).precision; }
  @Override public int getScale(int i) throws SQLException { return p(i).scale; }
  @Override public int getParameterType(int i) throws SQLException { return p(i).parameterType; }
  @Override public String getParameterTypeName(int i) throws SQLException { return p(i).typeName; }
  @Override public String getParameterClassName(int i) throws SQLException { return p(i).className; }
  @Override public int getParameterMode(int i) throws SQLException { p(i); return parameterModeIn; }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
  }

  @Override public boolean isWrapperFor(Class<?> iface) { return iface.isInstance(this); }
}
