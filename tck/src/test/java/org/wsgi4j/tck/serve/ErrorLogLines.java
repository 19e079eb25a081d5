package org.wsgi4j.tck.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The comparable part of error log lines, as {@code serve/errorlogformat/record} takes it from
 * Apache's logs (keep the two in step): the lines of events both servers log alike, with what
 * belongs to the moment, the process or the implementation masked, sorted.
 */
final class ErrorLogLines {
  private static final Pattern SELECTED =
      Pattern.compile(
          "(hello from |odd |Exception occurred processing WSGI script '[^']*err\\.wsgi'\\."
              + "|Traceback \\(most recent call last\\):|RuntimeError: boom"
              + "|File \"[^\"]*broken\\.wsgi\", line \\d+$|AH016\\d\\d: )");
  private static final List<Map.Entry<Pattern, String>> MASKS =
      List.of(
          mask("mod_wsgi \\(pid=\\d+(, process='[^']*', application='[^']*')?\\): ", ""),
          mask("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}", "@CU@"),
          mask("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d", "@C@"),
          mask("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\d{4}", "@U@"),
          mask("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d \\d{4}", "@T@"),
          mask("pid[= ]\\d+", "pid=@"),
          mask("tid[= ]\\d+", "tid=@"),
          mask("127\\.0\\.0\\.1:\\d+", "127.0.0.1:@"),
          mask("F=\\S+", "F=@"),
          mask("L=\\S+", "L=@"),
          mask("(by server configuration: )\\S*/htdocs/", "$1@DOCROOT@/"));

  private ErrorLogLines() {}

  private static Map.Entry<Pattern, String> mask(String regex, String replacement) {
    return Map.entry(Pattern.compile(regex), replacement);
  }

  static List<String> normalise(List<String> lines, String root) {
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      if (!SELECTED.matcher(line).find()) {
        continue;
      }
      String text = line.replace(root, "@ROOT@");
      for (Map.Entry<Pattern, String> mask : MASKS) {
        text = mask.getKey().matcher(text).replaceAll(mask.getValue());
      }
      kept.add(text);
    }
    return kept.stream().sorted().toList();
  }
}
