// The PostgreSQL driver is an automatic module. It is needed only on PostgreSQL, for COPY.
/** Durable ipam4j storage over JDBC: SQLite (embedded) and PostgreSQL (shared). */
@SuppressWarnings("requires-automatic")
module org.ipam4j.jdbc {
  requires static org.jspecify;
  requires transitive org.ipam4j.core;
  requires transitive java.sql;
  requires com.fasterxml.jackson.core;
  requires static org.postgresql.jdbc;

  exports org.ipam4j.jdbc;
}
