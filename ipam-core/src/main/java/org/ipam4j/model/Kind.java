package org.ipam4j.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The three kinds of the {@code ipam.miloapis.com/v1alpha1} API. */
public enum Kind {
  IPPool("ippools", "ippool"),
  IPClaim("ipclaims", "ipclaim"),
  IPAllocation("ipallocations", "ipalloc");

  /** The API group and version every kind belongs to. */
  public static final String API_VERSION = "ipam.miloapis.com/v1alpha1";

  private final String plural;
  private final String shortName;

  Kind(String plural, String shortName) {
    this.plural = plural;
    this.shortName = shortName;
  }

  public String plural() {
    return plural;
  }

  public String shortName() {
    return shortName;
  }

  /** The names kubectl accepts for the kind: kind, singular, plural and short name, any case. */
  public List<String> names() {
    return List.of(name().toLowerCase(Locale.ROOT), plural, shortName);
  }

  /**
   * The kind of a model class.
   *
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

  /** The model class of the kind: the inverse of {@link #of}. */
  public Class<? extends IpamObject> type() {
    return switch (this) {
      case IPPool -> org.ipam4j.model.IPPool.class;
      case IPClaim -> org.ipam4j.model.IPClaim.class;
      case IPAllocation -> org.ipam4j.model.IPAllocation.class;
    };
  }

  /** The kind a user typed, by any of its {@link #names()}. */
  public static Optional<Kind> byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.names().contains(lower)).findFirst();
  }
}
