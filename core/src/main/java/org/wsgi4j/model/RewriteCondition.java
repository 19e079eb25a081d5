package org.wsgi4j.model;

import java.util.Objects;
import java.util.Optional;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/**
 * {@code RewriteCond test-string condition [flags]}.
 *
 * @param testString the test string with its {@code %{VAR}}, {@code $N} and {@code %N} references
 * @param kind what sort of condition
 * @param negated written with a leading {@code !}
 * @param operand the condition without {@code !} and without its operator (the regex source, the
 *     compared string, or empty for file tests)
 * @param regex the compiled regex for {@link Kind#REGEX}
 * @param noCase {@code [NC]}
 * @param orNext {@code [OR]}
 * @param noVary {@code [NV]}
 * @param flagsText the flags as written, for printing
 */
public record RewriteCondition(
    String testString,
    Kind kind,
    boolean negated,
    String operand,
    Optional<ApacheRegex> regex,
    boolean noCase,
    boolean orNext,
    boolean noVary,
    String flagsText,
    SourceSpan origin) {

  /** The condition forms of mod_rewrite. */
  public enum Kind {
    REGEX(""),
    LEXICALLY_LOWER("<"),
    LEXICALLY_GREATER(">"),
    LEXICALLY_EQUAL("="),
    LEXICALLY_LOWER_OR_EQUAL("<="),
    LEXICALLY_GREATER_OR_EQUAL(">="),
    INTEGER_EQUAL("-eq"),
    INTEGER_GREATER("-gt"),
    INTEGER_GREATER_OR_EQUAL("-ge"),
    INTEGER_LOWER("-lt"),
    INTEGER_LOWER_OR_EQUAL("-le"),
    INTEGER_NOT_EQUAL("-ne"),
    IS_DIRECTORY("-d"),
    IS_FILE("-f"),
    IS_NON_EMPTY_FILE("-s"),
    IS_SYMLINK("-l"),
    IS_SYMLINK_ALT("-L"),
    IS_SYMLINK_H("-h"),
    IS_EXECUTABLE("-x"),
    FILE_VIA_SUBREQUEST("-F"),
    URL_VIA_SUBREQUEST("-U");

    private final String operator;

    Kind(String operator) {
      this.operator = operator;
    }

    public String operator() {
      return operator;
    }
  }

  public RewriteCondition {
    Objects.requireNonNull(testString, "testString");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operand, "operand");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(flagsText, "flagsText");
    Objects.requireNonNull(origin, "origin");
  }
}
