package org.ipam4j.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.ipam4j.InvalidException.Violation;

/** Kubernetes' rules for label keys and values, and for object names (DNS-1123 subdomains). */
public final class Labels {

  private static final Pattern NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private Labels() {}

  /** Every problem with a label map's keys and values, with paths under {@code path}. */
  public static List<Violation> validate(String path, Map<String, String> labels) {
    List<Violation> out = new ArrayList<>();
    labels.forEach((k, v) -> {
      checkKey(path, k, out);
      checkValue(path + "[" + k + "]", v, out);
    });
    return out;
  }

  /** Whether {@code name} is a DNS-1123 subdomain, as Kubernetes object names must be. */
  public static boolean isDns1123Subdomain(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (!DNS1123_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  static void checkKey(String path, String key, List<Violation> out) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (!isDns1123Subdomain(prefix)) {
        out.add(new Violation(path, "label key \"" + key
            + "\": prefix must be a lowercase DNS subdomain of at most 253 characters"));
        return;
      }
    }
    if (name.isEmpty() || name.length() > 63 || !NAME_PART.matcher(name).matches()) {
      out.add(new Violation(path, "label key \"" + key + "\": name part must be 1-63 characters,"
          + " alphanumeric at both ends, with only '-', '_' and '.' between"));
    }
  }

  static void checkValue(String path, String value, List<Violation> out) {
    if (value.isEmpty()) {
      return;
    }
    if (value.length() > 63 || !NAME_PART.matcher(value).matches()) {
      out.add(new Violation(path, "label value \"" + value + "\" must be at most 63 characters,"
          + " alphanumeric at both ends, with only '-', '_' and '.' between"));
    }
  }
}
