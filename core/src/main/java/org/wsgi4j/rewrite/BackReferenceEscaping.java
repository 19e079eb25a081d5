package org.wsgi4j.rewrite;

import java.util.Locale;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.model.RewriteRule;

/**
 * The [B] family of RewriteRule flags: how back-references are escaped before they are put into the
 * substitution. Without [B] they go in decoded, as mod_rewrite does.
 *
 * @param active whether any escaping applies
 * @param only when not empty, escape only these characters ([B=chars])
 * @param except characters never escaped ([BNE=chars])
 * @param spaceAsPlus space becomes '+' ([B]); [BNP] makes it %20
 * @param controlsOnly escape only controls and space ([BCTLS])
 */
record BackReferenceEscaping(
    boolean active, String only, String except, boolean spaceAsPlus, boolean controlsOnly) {

  static final BackReferenceEscaping NONE = new BackReferenceEscaping(false, "", "", false, false);

  static BackReferenceEscaping of(RewriteRule rule) {
    boolean b = rule.has(RewriteFlag.B);
    boolean ctls = rule.has(RewriteFlag.BACKREFERENCE_CTLS);
    if (!b && !ctls) {
      return NONE;
    }
    String only = b ? rule.flags().get(RewriteFlag.B).get(0) : "";
    String except =
        rule.has(RewriteFlag.BACKREFERENCE_NO_ESCAPE)
            ? rule.flags().get(RewriteFlag.BACKREFERENCE_NO_ESCAPE).get(0)
            : "";
    boolean plus = !rule.has(RewriteFlag.BACKREFERENCE_NO_PLUS);
    return new BackReferenceEscaping(true, only, except, plus, ctls && !b);
  }

  String escape(String value) {
    if (!active || value.isEmpty()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean escape;
      if (except.indexOf(c) >= 0) {
        escape = false;
      } else if (controlsOnly) {
        escape = c <= ' ' || c == 0x7f;
      } else if (!only.isEmpty()) {
        escape = only.indexOf(c) >= 0;
      } else {
        escape = !(Character.isLetterOrDigit(c) && c < 0x80) && c != '_';
      }
      if (!escape) {
        out.append(c);
      } else if (c == ' ' && spaceAsPlus) {
        out.append('+');
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02x", (int) c & 0xff));
      }
    }
    return out.toString();
  }
}
