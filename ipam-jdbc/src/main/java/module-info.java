/** Durable ipam4j storage over JDBC: SQLite (embedded) and PostgreSQL (shared). */
module org.ipam4j.jdbc {
  requires transitive org.ipam4j.core;
  requires transitive java.sql;
  requires org.ipam4j.yaml;

  exports org.ipam4j.jdbc;
}
