package org.ipam4j.engine;

/** Options for {@link IpamEngine#applyPool} and {@link IpamEngine#applyClaim}. */
public enum ApplyOption {
  /** Work out and return what the apply would do; store, reserve and announce nothing. */
  DRY_RUN
}
