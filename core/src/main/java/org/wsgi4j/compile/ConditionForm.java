package org.wsgi4j.compile;

import org.wsgi4j.model.RewriteCondition;

/**
 * Which kind of RewriteCond condition a pattern is (after any {@code !}), as mod_rewrite decides
 * from its first characters: a file test such as {@code -f}, an integer comparison such as {@code
 * -lt5}, a string comparison such as {@code >=b}, or else a regex.
 */
record ConditionForm(RewriteCondition.Kind kind, String operand) {
  static ConditionForm of(String condition) {
    for (RewriteCondition.Kind kind : RewriteCondition.Kind.values()) {
      String operator = kind.operator();
      if (operator.isEmpty()) {
        continue;
      }
      boolean fileTest = operator.length() == 2 && operator.startsWith("-");
      if (fileTest && condition.equals(operator)) {
        return new ConditionForm(kind, "");
      }
      boolean integer = operator.length() == 3 && operator.startsWith("-");
      if (integer && condition.startsWith(operator)) {
        return new ConditionForm(kind, condition.substring(3));
      }
    }
    // Two-character comparisons first, so that "<=" is not read as "<" followed by "=".
    for (String operator : new String[] {"<=", ">=", "<", ">", "="}) {
      if (condition.startsWith(operator)) {
        String operand = condition.substring(operator.length());
        // mod_rewrite reads the two characters "" after an operator as the empty string.
        if (operand.equals("\"\"")) {
          operand = "";
        }
        for (RewriteCondition.Kind kind : RewriteCondition.Kind.values()) {
          if (kind.operator().equals(operator)) {
            return new ConditionForm(kind, operand);
          }
        }
      }
    }
    return new ConditionForm(RewriteCondition.Kind.REGEX, condition);
  }
}
