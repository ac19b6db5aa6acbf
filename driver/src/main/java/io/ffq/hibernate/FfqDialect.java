package io.ffq.hibernate;

import org.hibernate.LockOptions;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.dialect.RowLockStrategy;
import org.hibernate.dialect.sequence.NoSequenceSupport;
import org.hibernate.dialect.sequence.SequenceSupport;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;

/**
 * Hibernate ORM 6 dialect for ffq-jdbc: set {@code hibernate.dialect=io.ffq.hibernate.FfqDialect}.
 *
 * <p>The engine's SQL is PostgreSQL's (it parses the PostgreSQL dialect: {@code OFFSET n ROWS
 * FETCH NEXT m ROWS ONLY}, {@code LIKE ... ESCAPE ''}, casts, date functions), so this dialect is
 * PostgreSQL's at a fixed level of the language, minus what the engine does not have: sequences
 * (ids come from the data or the application), row locks ({@code FOR UPDATE} is not rendered;
 * an embedded engine has nothing to lock against) and the server version check (the database
 * version the driver reports is FFQ's own, not PostgreSQL's).
 */
public class FfqDialect extends PostgreSQLDialect {
  /** The PostgreSQL language level the engine's SQL follows. */
  private static final DatabaseVersion SQL_LEVEL = DatabaseVersion.make(15);

  public FfqDialect() {
    super(SQL_LEVEL);
  }

  /** Used by Hibernate's dialect resolution; the reported version is FFQ's, so it is not read. */
  public FfqDialect(DialectResolutionInfo info) {
    super(SQL_LEVEL);
  }

  @Override
  protected DatabaseVersion getMinimumSupportedVersion() {
    return SQL_LEVEL;
  }

  @Override
  public SequenceSupport getSequenceSupport() {
    return NoSequenceSupport.INSTANCE;
  }

  /** No sequences to list; schema validation and migration skip reading them. */
  @Override
  public String getQuerySequencesString() {
    return null;
  }

  @Override
  public String getForUpdateString() {
    return "";
  }

  @Override
  public String getForUpdateString(String aliases) {
    return "";
  }

  @Override
  public String getForUpdateString(LockOptions lockOptions) {
    return "";
  }

  @Override
  public String getForUpdateString(String aliases, LockOptions lockOptions) {
    return "";
  }

  @Override
  public String getWriteLockString(int timeout) {
    return "";
  }

  @Override
  public String getWriteLockString(String aliases, int timeout) {
    return "";
  }

  @Override
  public String getReadLockString(int timeout) {
    return "";
  }

  @Override
  public String getReadLockString(String aliases, int timeout) {
    return "";
  }

  @Override
  public String getForUpdateNowaitString() {
    return "";
  }

  @Override
  public String getForUpdateNowaitString(String aliases) {
    return "";
  }

  @Override
  public String getForUpdateSkipLockedString() {
    return "";
  }

  @Override
  public String getForUpdateSkipLockedString(String aliases) {
    return "";
  }

  @Override
  public boolean supportsNoWait() {
    return false;
  }

  @Override
  public boolean supportsWait() {
    return false;
  }

  @Override
  public boolean supportsSkipLocked() {
    return false;
  }

  @Override
  public boolean supportsOuterJoinForUpdate() {
    return false;
  }

  @Override
  public RowLockStrategy getWriteRowLockStrategy() {
    return RowLockStrategy.NONE;
  }

  @Override
  public RowLockStrategy getReadRowLockStrategy() {
    return RowLockStrategy.NONE;
  }
}
