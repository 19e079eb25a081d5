package org.wsgi4j.lint;

import com.google.common.base.Splitter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code # wsgi4j: disable=CODE[,CODE...]} comments. A comment suppresses the listed codes (or
 * {@code all}) on the first line after it that is neither blank nor a comment, so several
 * suppression comments may be stacked above one directive. Errors are never suppressed: they mean
 * httpd would refuse to start.
 */
final class Suppressions {
  private static final Pattern MARKER =
      Pattern.compile("^\\s*#\\s*wsgi4j:\\s*disable\\s*=\\s*([A-Za-z0-9_, ]+?)\\s*$");
  private static final Splitter CODES = Splitter.on(',').trimResults().omitEmptyStrings();

  private final Map<Path, Map<Integer, Set<String>>> byFile = new HashMap<>();

  /** Reads the markers of one file's physical text. */
  void addFile(Path file, String text) {
    Map<Integer, Set<String>> lines = new HashMap<>();
    Set<String> pending = new HashSet<>();
    int number = 0;
    for (String line : Splitter.on('\n').split(text)) {
      number++;
      String trimmed = line.strip();
      Matcher marker = MARKER.matcher(line);
      if (marker.matches()) {
        for (String code : CODES.split(marker.group(1))) {
          pending.add(code.toUpperCase(Locale.ROOT));
        }
      } else if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !pending.isEmpty()) {
        lines.put(number, pending);
        pending = new HashSet<>();
      }
    }
    if (!lines.isEmpty()) {
      byFile.put(file.toAbsolutePath().normalize(), lines);
    }
  }

  boolean suppresses(LintFinding finding) {
    if (finding.isError()) {
      return false;
    }
    Map<Integer, Set<String>> lines =
        byFile.get(finding.span().file().toAbsolutePath().normalize());
    if (lines == null) {
      return false;
    }
    Set<String> codes = lines.get(finding.span().line());
    return codes != null && (codes.contains(finding.code()) || codes.contains("ALL"));
  }
}
