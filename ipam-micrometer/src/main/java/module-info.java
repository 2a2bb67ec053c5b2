// Micrometer's jar is an automatic module; its MeterBinder is this module's API.
/** Micrometer metrics for an ipam4j engine: {@code IpamMetrics}, a {@code MeterBinder}. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module org.ipam4j.micrometer {
  requires static org.jspecify;
  requires transitive org.ipam4j.core;
  requires transitive micrometer.core;

  exports org.ipam4j.micrometer;
}
