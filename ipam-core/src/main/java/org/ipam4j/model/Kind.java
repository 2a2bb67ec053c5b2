package org.ipam4j.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The three kinds of the {@code ipam.miloapis.com/v1alpha1} API. */
public enum Kind {
  /** A pool of address space. */
  IPPool("ippools", "ippool"),
  /** A request for a block from a pool. */
  IPClaim("ipclaims", "ipclaim"),
  /** The record of one block carved from a pool. */
  IPAllocation("ipallocations", "ipalloc");

  /** The API group and version every kind belongs to. */
  public static final String API_VERSION = "ipam.miloapis.com/v1alpha1";

  private final String plural;
  private final String shortName;

  Kind(String plural, String shortName) {
    this.plural = plural;
    this.shortName = shortName;
  }

  /**
   * The kind's plural resource name, as in {@code ipamctl get ippools}.
   *
   * @return e.g. {@code ippools}
   */
  public String plural() {
    return plural;
  }

  /**
   * The kind's short name.
   *
   * @return e.g. {@code ipalloc}
   */
  public String shortName() {
    return shortName;
  }

  /**
   * The names kubectl accepts for the kind: kind, singular, plural and short name, any case.
   *
   * @return the names, lower case
   */
  public List<String> names() {
    return List.of(name().toLowerCase(Locale.ROOT), plural, shortName);
  }

  /**
   * The kind of a model class.
   *
   * @param type {@code IPPool.class}, {@code IPClaim.class} or {@code IPAllocation.class}
   * @return its kind
   * @throws IllegalArgumentException for any other class
   */
  public static Kind of(Class<? extends IpamObject> type) {
    if (type == IPPool.class) {
      return IPPool;
    }
    if (type == IPClaim.class) {
      return IPClaim;
    }
    if (type == IPAllocation.class) {
      return IPAllocation;
    }
    throw new IllegalArgumentException("not an API kind: " + type);
  }

  /**
   * The model class of the kind: the inverse of {@link #of}.
   *
   * @return e.g. {@code IPPool.class}
   */
  public Class<? extends IpamObject> type() {
    return switch (this) {
      case IPPool -> org.ipam4j.model.IPPool.class;
      case IPClaim -> org.ipam4j.model.IPClaim.class;
      case IPAllocation -> org.ipam4j.model.IPAllocation.class;
    };
  }

  /**
   * The kind a user typed, by any of its {@link #names()}.
   *
   * @param name what the user typed, in any case
   * @return the kind, or empty when no kind has that name
   */
  public static Optional<Kind> byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.names().contains(lower)).findFirst();
  }
}
