/** Kubernetes-style YAML and JSON manifests for ipam4j: read, write, explain, CRDs. */
module org.ipam4j.yaml {
  requires static org.jspecify;
  requires transitive org.ipam4j.core;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports org.ipam4j.yaml;
}
