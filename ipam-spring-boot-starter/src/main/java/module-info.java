// Spring's jars are automatic modules. The package is open to Spring, which reads the
// configuration classes and binds the properties reflectively.
/** The ipam4j Spring Boot starter: an {@code IpamEngine} bean, properties, metrics and health. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.ipam4j.spring {
  requires static org.jspecify;
  requires transitive org.ipam4j.core;
  requires org.ipam4j.jdbc;
  requires org.ipam4j.yaml;
  requires org.ipam4j.micrometer;
  requires transitive java.sql;
  requires transitive spring.core;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires static transitive spring.boot.health;
  requires static spring.boot.jdbc;

  exports org.ipam4j.spring;

  opens org.ipam4j.spring to
      spring.core,
      spring.beans,
      spring.context;
}
