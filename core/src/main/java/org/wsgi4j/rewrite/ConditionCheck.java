package org.wsgi4j.rewrite;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import org.wsgi4j.files.FileSystemView;
import org.wsgi4j.model.RewriteCondition;
import org.wsgi4j.text.CNumbers;

/** Evaluates one RewriteCond against its expanded test string. */
final class ConditionCheck {
  private ConditionCheck() {}

  /** The outcome, and for a matching regex the matcher whose groups {@code %N} refer to. */
  record Outcome(boolean holds, Matcher groups) {}

  static Outcome check(
      RewriteCondition condition, String value, FileSystemView files, RewriteVariables variables) {
    boolean result;
    Matcher groups = null;
    String operand = condition.operand();
    switch (condition.kind()) {
      case REGEX -> {
        Matcher matcher = condition.regex().orElseThrow().find(value);
        result = matcher != null;
        if (result && !condition.negated()) {
          groups = matcher;
        }
      }
      case LEXICALLY_EQUAL -> result = compare(value, operand, condition.noCase()) == 0;
      case LEXICALLY_LOWER -> result = compare(value, operand, condition.noCase()) < 0;
      case LEXICALLY_GREATER -> result = compare(value, operand, condition.noCase()) > 0;
      case LEXICALLY_LOWER_OR_EQUAL -> result = compare(value, operand, condition.noCase()) <= 0;
      case LEXICALLY_GREATER_OR_EQUAL -> result = compare(value, operand, condition.noCase()) >= 0;
      case INTEGER_EQUAL -> result = CNumbers.atol(value) == CNumbers.atol(operand);
      case INTEGER_NOT_EQUAL -> result = CNumbers.atol(value) != CNumbers.atol(operand);
      case INTEGER_LOWER -> result = CNumbers.atol(value) < CNumbers.atol(operand);
      case INTEGER_LOWER_OR_EQUAL -> result = CNumbers.atol(value) <= CNumbers.atol(operand);
      case INTEGER_GREATER -> result = CNumbers.atol(value) > CNumbers.atol(operand);
      case INTEGER_GREATER_OR_EQUAL -> result = CNumbers.atol(value) >= CNumbers.atol(operand);
      case IS_DIRECTORY -> result = files.isDirectory(value);
      case IS_FILE -> result = files.isRegularFile(value);
      case IS_NON_EMPTY_FILE -> result = files.isRegularFile(value) && files.size(value) > 0;
      case IS_SYMLINK, IS_SYMLINK_ALT, IS_SYMLINK_H -> result = files.isSymbolicLink(value);
      case IS_EXECUTABLE -> result = files.isExecutable(value);
      // A sub-request through the router's own phases (access control included), bounded: none
      // inside a sub-request.
      case FILE_VIA_SUBREQUEST ->
          result = !value.isEmpty() && variables.reachable(true, value, condition.origin());
      case URL_VIA_SUBREQUEST ->
          result = !value.isEmpty() && variables.reachable(false, value, condition.origin());
      default -> result = false;
    }
    return new Outcome(result != condition.negated(), groups);
  }

  /**
   * mod_rewrite's string comparison for {@code <}, {@code >}, {@code =}: with [NC] a plain
   * case-insensitive comparison; otherwise the longer string is greater whatever its bytes, then
   * bytes decide ({@code >6} holds for {@code 10}).
   */
  static int compare(String value, String operand, boolean noCase) {
    if (noCase) {
      return Integer.signum(
          value.toLowerCase(Locale.ROOT).compareTo(operand.toLowerCase(Locale.ROOT)));
    }
    if (value.length() != operand.length()) {
      return Integer.compare(value.length(), operand.length());
    }
    byte[] left = value.getBytes(StandardCharsets.ISO_8859_1);
    byte[] right = operand.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < left.length; i++) {
      int difference = Integer.compare(left[i] & 0xff, right[i] & 0xff);
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }
}
