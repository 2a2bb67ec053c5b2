package org.ipam4j.yaml;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Jackson's quoting rules, plus: a string holding a character YAML reads as a line break (NEL, LS,
 * PS) or any other control character is double-quoted, where the emitter escapes it. Written plain,
 * such a character would read back as a space.
 */
final class Quoting extends StringQuotingChecker.Default {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value) || hasSpecial(value);
  }

  @Override
  public boolean needToQuoteName(String name) {
    return super.needToQuoteName(name) || hasSpecial(name);
  }

  private static boolean hasSpecial(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)
          || c == '\u2028'
          || c == '\u2029'
          || c == '\ufeff'
          || Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
