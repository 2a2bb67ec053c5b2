package org.ipam4j.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.ipam4j.net.Cidr;

/**
 * The record of one block carved from a pool by a claim or a child pool ({@code kind:
 * IPAllocation}, short name {@code ipalloc}). System-created, never by users.
 *
 * @param metadata the allocation's project (its claim's or child pool's), name and identity
 * @param spec the pool the block was carved from, and what holds it
 * @param status the block
 */
public record IPAllocation(ObjectMeta metadata, IPAllocationSpec spec, IPAllocationStatus status)
    implements IpamObject {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java platform has SHA-256", e);
            }
          });

  /**
   * Checks that no component is null.
   *
   * @param metadata the allocation's project (its claim's or child pool's), name and identity
   * @param spec the pool the block was carved from, and what holds it
   * @param status the block
   */
  public IPAllocation {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
  }

  /**
   * The name of the allocation behind claim {@code claimName} in {@code project}: {@code alloc-}
   * and the first 8 bytes, in hex, of SHA-256 of {@code project/claimName}, as the reference server
   * names it, so the name is stable for a claim.
   *
   * @param project the claim's project
   * @param claimName the claim's name
   * @return the allocation's {@code metadata.name}
   */
  public static String nameForClaim(String project, String claimName) {
    return "alloc-" + hash(project + "/" + claimName);
  }

  /**
   * The name of the allocation behind child pool {@code poolName}: the same scheme over {@code
   * project/ippool/poolName}, which no claim key can equal since names hold no slash.
   *
   * @param project the child pool's project
   * @param poolName the child pool's name
   * @return the allocation's {@code metadata.name}
   */
  public static String nameForChildPool(String project, String poolName) {
    return "alloc-" + hash(project + "/ippool/" + poolName);
  }

  /**
   * The name of the allocation that holds one of pool {@code poolName}'s reserved blocks: the same
   * scheme over {@code project/ippool/poolName/reserved/block}, so that one block keeps its name
   * however the reservations are written.
   *
   * @param project the pool's project
   * @param poolName the pool's name
   * @param block the reserved block
   * @return the allocation's {@code metadata.name}
   */
  public static String nameForReservation(String project, String poolName, Cidr block) {
    return "alloc-" + hash(project + "/ippool/" + poolName + "/reserved/" + block);
  }

  private static String hash(String key) {
    MessageDigest digest = SHA256.get();
    byte[] sum = digest.digest(key.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = HEX[(sum[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[sum[i] & 0xF];
    }
    return new String(out);
  }

  @Override
  public Kind kind() {
    return Kind.IPAllocation;
  }

  @Override
  public IPAllocation withMetadata(ObjectMeta newMetadata) {
    return new IPAllocation(newMetadata, spec, status);
  }

  /**
   * This allocation with another spec.
   *
   * @param newSpec the spec
   * @return a new allocation with the same metadata and status
   */
  public IPAllocation withSpec(IPAllocationSpec newSpec) {
    return new IPAllocation(metadata, newSpec, status);
  }
}
