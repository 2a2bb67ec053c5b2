/**
 * ipam4j core: prefixes, the buddy-allocator prefix tree, and (later) the engine and its storage
 * SPI. Pure domain, no I/O; IPAddress is used only to parse and format at the edges.
 */
module org.ipam4j.core {
  requires inet.ipaddr;

  exports org.ipam4j;
  exports org.ipam4j.net;
  exports org.ipam4j.allocator;
}
