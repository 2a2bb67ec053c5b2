/**
 * ipam4j core: prefixes, the buddy-allocator prefix tree, the label selector, the model, the engine
 * and its storage SPI with the in-memory default. Pure domain, no I/O; IPAddress is used only to
 * parse and format at the edges.
 */
// The qualified export names a module built after this one.
@SuppressWarnings("module")
module org.ipam4j.core {
  requires inet.ipaddr;
  requires static org.jspecify;

  exports org.ipam4j;
  exports org.ipam4j.net;
  exports org.ipam4j.allocator;
  exports org.ipam4j.selector;
  exports org.ipam4j.model;
  exports org.ipam4j.engine;
  exports org.ipam4j.watch;
  exports org.ipam4j.store;
  // Label checks and spelling suggestions, shared with the manifests; not for users.
  exports org.ipam4j.internal to
      org.ipam4j.yaml;
}
