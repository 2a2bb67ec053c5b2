package org.ipam4j.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A connection lent out by the store: every call goes to the real connection, except {@code
 * close()}, which does what the lender says (give it back to the pool, or nothing for the
 * connection a pool lock holds). Written out rather than a {@code java.lang.reflect.Proxy}: a proxy
 * costs a generated class at start-up (a tenth of a short {@code ipamctl} command's time went to
 * generating it) and a reflective call for every statement after.
 */
final class LentConnection implements Connection {

  /** What closing a lent connection does instead of closing it. */
  @FunctionalInterface
  interface CloseAction {
    void run() throws SQLException;
  }

  private final Connection real;
  private final CloseAction onClose;

  LentConnection(Connection real, CloseAction onClose) {
    this.real = real;
    this.onClose = onClose;
  }

  @Override
  public void close() throws SQLException {
    onClose.run();
  }

  @Override
  public Statement createStatement() throws SQLException {
    return real.createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return real.prepareStatement(sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return real.prepareCall(sql);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    return real.nativeSQL(sql);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    real.setAutoCommit(autoCommit);
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return real.getAutoCommit();
  }

  @Override
  public void commit() throws SQLException {
    real.commit();
  }

  @Override
  public void rollback() throws SQLException {
    real.rollback();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return real.isClosed();
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return real.getMetaData();
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    real.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return real.isReadOnly();
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    real.setCatalog(catalog);
  }

  @Override
  public @Nullable String getCatalog() throws SQLException {
    return real.getCatalog();
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    real.setTransactionIsolation(level);
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return real.getTransactionIsolation();
  }

  @Override
  public @Nullable SQLWarning getWarnings() throws SQLException {
    return real.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    real.clearWarnings();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return real.createStatement(resultSetType, resultSetConcurrency);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return real.prepareStatement(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return real.prepareCall(sql, resultSetType, resultSetConcurrency);
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return real.getTypeMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    real.setTypeMap(map);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    real.setHoldability(holdability);
  }

  @Override
  public int getHoldability() throws SQLException {
    return real.getHoldability();
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return real.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return real.setSavepoint(name);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    real.rollback(savepoint);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    real.releaseSavepoint(savepoint);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return real.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return real.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return real.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return real.prepareStatement(sql, autoGeneratedKeys);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return real.prepareStatement(sql, columnIndexes);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return real.prepareStatement(sql, columnNames);
  }

  @Override
  public Clob createClob() throws SQLException {
    return real.createClob();
  }

  @Override
  public Blob createBlob() throws SQLException {
    return real.createBlob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return real.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return real.createSQLXML();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return real.isValid(timeout);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    real.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    real.setClientInfo(properties);
  }

  @Override
  public @Nullable String getClientInfo(String name) throws SQLException {
    return real.getClientInfo(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return real.getClientInfo();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return real.createArrayOf(typeName, elements);
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return real.createStruct(typeName, attributes);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    real.setSchema(schema);
  }

  @Override
  public @Nullable String getSchema() throws SQLException {
    return real.getSchema();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    real.abort(executor);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    real.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return real.getNetworkTimeout();
  }

  @Override
  public void beginRequest() throws SQLException {
    real.beginRequest();
  }

  @Override
  public void endRequest() throws SQLException {
    real.endRequest();
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return real.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return real.setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    real.setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    real.setShardingKey(shardingKey);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return real.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return real.isWrapperFor(iface);
  }
}
