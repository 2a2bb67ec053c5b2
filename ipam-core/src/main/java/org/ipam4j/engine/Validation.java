package org.ipam4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipam4j.InvalidException;
import org.ipam4j.InvalidException.Violation;
import org.ipam4j.internal.Labels;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.ProjectRef;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.jspecify.annotations.Nullable;

/** The API's rules for each kind, in one place; every problem is reported at once. */
final class Validation {

  private Validation() {}

  static void pool(IPPool pool) {
    List<Violation> out = new ArrayList<>();
    metadata(pool.metadata(), out);
    IPPoolSpec spec = pool.spec();
    @Nullable IpFamily family = null;
    if (spec.cidr().isPresent() && !plain(spec.cidr().get())) {
      out.add(
          new Violation(
              "spec.cidr",
              quote(spec.cidr().get()) + " contains whitespace or" + " control characters"));
    } else if (spec.cidr().isPresent()) {
      try {
        Cidr cidr = Cidr.parse("spec.cidr", spec.cidr().get());
        family = cidr.family();
        ipv4Form(cidr)
            .ifPresent(
                v4 ->
                    out.add(
                        new Violation(
                            "spec.cidr",
                            cidr
                                + " is an"
                                + " IPv4-mapped IPv6 block, whose hosts an IPv4 pool hands out too; write its IPv4"
                                + " form "
                                + v4
                                + " instead")));
        if (spec.ipFamily().isPresent() && spec.ipFamily().get() != family) {
          out.add(
              new Violation(
                  "spec.ipFamily",
                  spec.ipFamily().get()
                      + " does not agree with "
                      + "spec.cidr "
                      + cidr
                      + ", which is "
                      + family));
        }
      } catch (InvalidException e) {
        out.addAll(e.violations());
      }
      if (spec.parentPoolRef().isPresent()) {
        out.add(
            new Violation(
                "spec.parentPoolRef", "must not be set on a root pool (spec.cidr is set)"));
      }
      if (spec.prefixLength().isPresent()) {
        out.add(
            new Violation(
                "spec.prefixLength", "must not be set on a root pool (spec.cidr is set)"));
      }
    } else if (spec.parentPoolRef().isPresent()) {
      name("spec.parentPoolRef.name", spec.parentPoolRef().get().name(), out);
      if (spec.prefixLength().isEmpty()) {
        out.add(new Violation("spec.prefixLength", "required for a child pool"));
      } else if (!IpFamily.IPv6.isValidPrefixLength(spec.prefixLength().getAsInt())) {
        out.add(
            new Violation(
                "spec.prefixLength",
                spec.prefixLength().getAsInt() + " is not a valid prefix length (0-128)"));
      }
      if (spec.ipFamily().isPresent()) {
        out.add(
            new Violation(
                "spec.ipFamily",
                "must not be set on a child pool; it is inherited from the parent"));
      }
    } else {
      out.add(
          new Violation(
              "spec.cidr",
              "required for a root pool"
                  + " (or set spec.parentPoolRef and spec.prefixLength for a child pool)"));
    }
    allocation(spec.allocation(), family, out);
    durations(spec, out);
    throwIfAny(out);
  }

  /** Printable and without spaces: what a CIDR is written with. */
  private static boolean plain(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c > ' ' && c < 0x7f);
  }

  /** A value as text, with control characters shown escaped. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.chars()
        .forEach(
            c ->
                out.append(
                    c < ' ' || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return out.append('"').toString();
  }

  private static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96");

  /** The IPv4 block an IPv4-mapped IPv6 block ({@code ::ffff:a.b.c.d/n}, n >= 96) stands for. */
  static java.util.Optional<Cidr> ipv4Form(Cidr cidr) {
    if (!IPV4_MAPPED.contains(cidr)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Cidr.ipv4((int) cidr.low(), cidr.prefixLength() - 96));
  }

  private static void allocation(
      AllocationPolicy policy, @Nullable IpFamily family, List<Violation> out) {
    int bits = family == null ? 128 : family.bits();
    String familyName = family == null ? "" : family + " ";
    policy
        .minPrefixLength()
        .ifPresent(
            min -> {
              if (min < 0 || min > bits) {
                out.add(
                    new Violation(
                        "spec.allocation.minPrefixLength",
                        min + " is not a valid " + familyName + "prefix length (0-" + bits + ")"));
              }
            });
    policy
        .maxPrefixLength()
        .ifPresent(
            max -> {
              if (max < 0 || max > bits) {
                out.add(
                    new Violation(
                        "spec.allocation.maxPrefixLength",
                        max + " is not a valid " + familyName + "prefix length (0-" + bits + ")"));
              }
            });
    if (policy.minPrefixLength().isPresent()
        && policy.maxPrefixLength().isPresent()
        && policy.minPrefixLength().getAsInt() > policy.maxPrefixLength().getAsInt()) {
      out.add(
          new Violation(
              "spec.allocation.minPrefixLength",
              policy.minPrefixLength().getAsInt()
                  + " is greater than maxPrefixLength "
                  + policy.maxPrefixLength().getAsInt()));
    }
  }

  static void claim(IPClaim claim) {
    List<Violation> out = new ArrayList<>();
    metadata(claim.metadata(), out);
    IPClaimSpec spec = claim.spec();
    int length = spec.prefixLength();
    IpFamily family = spec.ipFamily();
    if (!family.isValidPrefixLength(length)) {
      out.add(
          new Violation(
              "spec.prefixLength",
              length + " is not a valid " + family + " prefix length (0-" + family.bits() + ")"));
    }
    if (spec.poolRef().isPresent() && spec.poolSelector().isPresent()) {
      out.add(new Violation("spec", "poolRef and poolSelector are mutually exclusive"));
    } else if (spec.poolRef().isEmpty() && spec.poolSelector().isEmpty()) {
      out.add(new Violation("spec", "exactly one of poolRef or poolSelector must be specified"));
    }
    spec.poolRef()
        .ifPresent(
            ref -> {
              name("spec.poolRef.name", ref.name(), out);
              ref.projectRef().ifPresent(p -> project("spec.poolRef.projectRef.name", p, out));
            });
    spec.poolSelector()
        .ifPresent(
            sel -> {
              out.addAll(sel.labelSelector().validate("spec.poolSelector"));
              sel.projectRef().ifPresent(p -> project("spec.poolSelector.projectRef.name", p, out));
            });
    if (spec.address().isPresent() && family.isValidPrefixLength(length)) {
      try {
        requestedBlock(spec);
      } catch (InvalidException e) {
        out.addAll(e.violations());
      }
    }
    throwIfAny(out);
  }

  private static void durations(IPPoolSpec spec, List<Violation> out) {
    try {
      spec.maxRetentionLease().ifPresent(d -> Durations.parse("spec.maxRetentionLease", d));
    } catch (InvalidException e) {
      out.addAll(e.violations());
    }
    try {
      spec.allocation()
          .reuseGracePeriod()
          .ifPresent(d -> Durations.parse("spec.allocation.reuseGracePeriod", d));
    } catch (InvalidException e) {
      out.addAll(e.violations());
    }
  }

  /**
   * The one block a claim's {@code spec.address} asks for, or empty if it asks for none.
   *
   * @throws InvalidException if the address is not one address of the claim's family, or not the
   *     first address of a block of its prefix length (with the one that is)
   */
  static Optional<Cidr> requestedBlock(IPClaimSpec spec) {
    if (spec.address().isEmpty()) {
      return Optional.empty();
    }
    String text = spec.address().get();
    IpFamily family = spec.ipFamily();
    if (text.contains("/")) {
      throw new InvalidException(
          "spec.address",
          "\""
              + text
              + "\" is a block; write its first address alone (the block's size is"
              + " spec.prefixLength)");
    }
    Optional<Cidr> parsed = Cidr.tryParse(text + (text.contains(":") ? "/128" : "/32"));
    if (parsed.isEmpty()) {
      throw new InvalidException("spec.address", "\"" + text + "\" is not an IPv4 or IPv6 address");
    }
    Cidr single = parsed.get();
    if (single.family() != family) {
      throw new InvalidException(
          "spec.address",
          text + " is an " + single.family() + " address; spec.ipFamily is " + family);
    }
    Cidr block = single.enclosing(spec.prefixLength());
    if (!block.firstAddress().equals(single.firstAddress())) {
      String first = block.toString();
      throw new InvalidException(
          "spec.address",
          text
              + " is not the first address of a /"
              + spec.prefixLength()
              + "; did you mean "
              + first.substring(0, first.indexOf('/'))
              + "?");
    }
    return Optional.of(block);
  }

  private static void metadata(ObjectMeta meta, List<Violation> out) {
    name("metadata.name", meta.name(), out);
    if (!Labels.isDns1123Subdomain(meta.project())) {
      out.add(
          new Violation(
              "metadata.project",
              "\""
                  + meta.project()
                  + "\" is not a valid project name (a lowercase DNS-1123 subdomain)"));
    }
    out.addAll(Labels.validate("metadata.labels", meta.labels()));
    out.addAll(Labels.validateKeys("metadata.annotations", meta.annotations().keySet()));
    long size = 0;
    for (var e : meta.annotations().entrySet()) {
      size += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    if (size > ANNOTATIONS_LIMIT) {
      out.add(
          new Violation(
              "metadata.annotations",
              "keys and values take "
                  + size
                  + " bytes,"
                  + " more than the limit of "
                  + ANNOTATIONS_LIMIT
                  + " (256 KiB), as in Kubernetes"));
    }
  }

  /** Kubernetes' limit on an object's annotations, keys and values together. */
  static final int ANNOTATIONS_LIMIT = 256 * 1024;

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private static void project(String field, ProjectRef ref, List<Violation> out) {
    if (!Labels.isDns1123Subdomain(ref.name())) {
      out.add(new Violation(field, "\"" + ref.name() + "\" is not a valid project name"));
    }
  }

  private static void name(String field, String name, List<Violation> out) {
    if (!Labels.isDns1123Subdomain(name)) {
      out.add(
          new Violation(
              field,
              "\""
                  + name
                  + "\" is not a valid name: lowercase letters,"
                  + " digits, '-' and '.', starting and ending with a letter or digit, at most 253"));
    }
  }

  private static void throwIfAny(List<Violation> out) {
    if (!out.isEmpty()) {
      throw new InvalidException(out);
    }
  }

  /** A field that may not change, and what it is. */
  static InvalidException.Violation immutable(String field, Optional<?> was) {
    return new InvalidException.Violation(
        field, "field is immutable (it is " + was.map(String::valueOf).orElse("unset") + ")");
  }
}
