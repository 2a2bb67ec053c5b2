package org.ipam4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipam4j.InvalidException.Violation;

/**
 * Kubernetes' rules for label keys and values, and for object names (DNS-1123 subdomains). Not API:
 * the package is not exported; users call {@link org.ipam4j.model.ObjectMeta#isValidName}.
 */
public final class Labels {

  private Labels() {}

  /** Every problem with a label map's keys and values, with paths under {@code path}. */
  public static List<Violation> validate(String path, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return List.of(); // most objects have none: no sorted copy to make
    }
    List<Violation> out = new ArrayList<>();
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              checkKey(path, k, out);
              checkValue(path + "[" + k + "]", v, out);
            });
    return out;
  }

  /** Every problem with a set of label or annotation keys, with paths under {@code path}. */
  public static List<Violation> validateKeys(String path, java.util.Collection<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<Violation> out = new ArrayList<>();
    new java.util.TreeSet<>(keys).forEach(k -> checkKey(path, k, out));
    return out;
  }

  /** Whether {@code name} is a DNS-1123 subdomain, as Kubernetes object names must be. */
  public static boolean isDns1123Subdomain(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        // Each dot-separated label: [a-z0-9]([-a-z0-9]*[a-z0-9])?
        if (i == labelStart || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else {
        char c = name.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}: a label name part or a non-empty value. */
  private static boolean isNamePart(String s) {
    if (s.isEmpty() || !isAlphanumeric(s.charAt(0)) || !isAlphanumeric(s.charAt(s.length() - 1))) {
      return false;
    }
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  public static void checkKey(String path, String key, List<Violation> out) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (!isDns1123Subdomain(prefix)) {
        out.add(
            new Violation(
                path,
                "label key \""
                    + key
                    + "\": prefix must be a lowercase DNS subdomain of at most 253 characters"));
        return;
      }
    }
    if (name.length() > 63 || !isNamePart(name)) {
      out.add(
          new Violation(
              path,
              "label key \""
                  + key
                  + "\": name part must be 1-63 characters,"
                  + " alphanumeric at both ends, with only '-', '_' and '.' between"));
    }
  }

  public static void checkValue(String path, String value, List<Violation> out) {
    if (value.isEmpty()) {
      return;
    }
    if (value.length() > 63 || !isNamePart(value)) {
      out.add(
          new Violation(
              path,
              "label value \""
                  + value
                  + "\" must be at most 63 characters,"
                  + " alphanumeric at both ends, with only '-', '_' and '.' between"));
    }
  }
}
