package io.ffq.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The JDBC contract, method by method: every method of the seven interfaces, called on an
 * open and on a closed object, either works or throws a SQLException with a SQLState
 * (0A000 for SQLFeatureNotSupportedException, 08003 or HY010 for a closed object) and a
 * message that names the method. Never a RuntimeException, never a null SQLState.
 */
class JdbcContractTest {
  static final String URL = "jdbc:ffq:mem:contract";
  static final String QUERY = "SELECT a, b FROM contract_t WHERE a > ?";
  /** Methods that end the object (checked on their own, not in the sweep of an open object). */
  static final Set<String> ENDING = Set.of("close", "abort");
  /** Methods JDBC lets work on a closed object. */
  static final Set<String> ANY_TIME = Set.of("unwrap", "isWrapperFor", "isClosed", "close", "abort");

  interface Source<T> {
    T open(List<AutoCloseable> owned) throws Exception;
  }

  static Connection connect(List<AutoCloseable> owned) throws SQLException {
    Connection c = DriverManager.getConnection(URL);
    owned.add(c);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS contract_t AS SELECT * FROM (VALUES (1, 'x'), (2, 'y')) AS v(a, b)");
    }
    return c;
  }

  static PreparedStatement prepared(List<AutoCloseable> owned) throws SQLException {
    PreparedStatement ps = connect(owned).prepareStatement(QUERY);
    ps.setInt(1, 0);
    return ps;
  }

  static ResultSet resultSet(List<AutoCloseable> owned) throws SQLException {
    ResultSet rs = prepared(owned).executeQuery();
    rs.next();
    return rs;
  }

  /** Which object of each interface the sweep calls, fresh for every method. */
  static final Map<Class<?>, Source<?>> SOURCES = Map.of(
      Connection.class, JdbcContractTest::connect,
      Statement.class, o -> connect(o).createStatement(),
      PreparedStatement.class, JdbcContractTest::prepared,
      ResultSet.class, JdbcContractTest::resultSet,
      ResultSetMetaData.class, o -> resultSet(o).getMetaData(),
      DatabaseMetaData.class, o -> connect(o).getMetaData(),
      ParameterMetaData.class, o -> prepared(o).getParameterMetaData());

  static Object argument(Class<?> type) {
    if (type == int.class) {
      return 1;
    } else if (type == long.class) {
      return 1L;
    } else if (type == short.class) {
      return (short) 1;
    } else if (type == byte.class) {
      return (byte) 1;
    } else if (type == boolean.class) {
      return false;
    } else if (type == double.class) {
      return 1.0;
    } else if (type == float.class) {
      return 1.0f;
    } else if (type == String.class) {
      return "a";
    } else if (type == Class.class) {
      return String.class;
    } else if (type == Map.class) {
      return Map.of();
    } else if (type == java.util.concurrent.Executor.class) {
      return (java.util.concurrent.Executor) Runnable::run;
    } else if (type == Calendar.class) {
      return Calendar.getInstance();
    } else if (type == InputStream.class) {
      return new ByteArrayInputStream(new byte[0]);
    } else if (type == Reader.class) {
      return new StringReader("");
    } else if (type == java.util.Properties.class) {
      return new java.util.Properties();
    }
    return null;
  }

  static List<Method> methods(Class<?> api) {
    List<Method> out = new ArrayList<>();
    for (Method m : api.getMethods()) {
      if (m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers())) {
        out.add(m);
      }
    }
    out.sort(Comparator.comparing(Method::toGenericString));
    return out;
  }

  /** Calls {@code m}; returns a violation, or null when the outcome keeps the contract. */
  static String check(Class<?> api, Method m, Object target, boolean closed) {
    Object[] args = Arrays.stream(m.getParameterTypes()).map(JdbcContractTest::argument).toArray();
    String what = api.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes())
        + (closed ? " (closed)" : "");
    try {
      m.invoke(target, args);
      return null;
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (!(t instanceof SQLException)) {
        return what + ": " + t;
      }
      SQLException s = (SQLException) t;
      String state = s.getSQLState();
      if (state == null || state.length() != 5) {
        return what + ": SQLState " + state + " (" + s + ")";
      }
      if (s.getMessage() == null || s.getMessage().isBlank()) {
        return what + ": no message (" + s + ")";
      }
      if (s instanceof SQLFeatureNotSupportedException && !"0A000".equals(state)) {
        return what + ": SQLFeatureNotSupportedException with " + state;
      }
      boolean namesMethod = s.getMessage().contains(m.getName());
      if (s instanceof SQLFeatureNotSupportedException && !namesMethod) {
        return what + ": message does not name the method: " + s.getMessage();
      }
      if (closed && ANY_TIME.contains(m.getName())) {
        return null;
      }
      if (closed && !(state.equals("08003") || state.equals("HY010"))) {
        return what + ": closed object gives " + state + " " + s.getMessage();
      }
      if (closed && !namesMethod) {
        return what + ": message does not name the method: " + s.getMessage();
      }
      return null;
    } catch (ReflectiveOperationException e) {
      return what + ": " + e;
    }
  }

  @Test
  void everyMethodWorksOrThrowsASqlExceptionWithAState() throws Exception {
    List<String> violations = new ArrayList<>();
    int calls = 0;
    for (Map.Entry<Class<?>, Source<?>> api : SOURCES.entrySet()) {
      for (Method m : methods(api.getKey())) {
        for (boolean closed : new boolean[] {false, true}) {
          if (!closed && ENDING.contains(m.getName())) {
            continue;
          }
          List<AutoCloseable> owned = new ArrayList<>();
          try {
            Object target = api.getValue().open(owned);
            if (closed) {
              for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).close();
              }
              if (target instanceof AutoCloseable) {
                ((AutoCloseable) target).close();
              }
            }
            String v = timed(() -> check(api.getKey(), m, target, closed));
            calls++;
            if (v != null) {
              violations.add(v);
            }
          } finally {
            for (int i = owned.size() - 1; i >= 0; i--) {
              owned.get(i).close();
            }
          }
        }
      }
    }
    assertThat(calls).isGreaterThan(700);
    assertThat(violations).as(String.join("\n", violations)).isEmpty();
  }

  @Test
  void unknownColumnsHaveAState() throws Exception {
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      ResultSet rs = resultSet(owned);
      for (Callable<?> call : List.<Callable<?>>of(() -> rs.findColumn("nope"), () -> rs.getInt("nope"),
          () -> rs.getString(99), () -> rs.getObject(0), () -> rs.getMetaData().getColumnName(7))) {
        try {
          call.call();
          throw new AssertionError("no exception");
        } catch (SQLException e) {
          assertThat(e.getSQLState()).as(e.toString()).isNotNull().hasSize(5);
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    } finally {
      for (int i = owned.size() - 1; i >= 0; i--) {
        owned.get(i).close();
      }
    }
  }

  /** A method that hangs is a violation too. */
  static String timed(Callable<String> call) throws Exception {
    java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      return one.submit(call).get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      one.shutdownNow();
    }
  }
}
