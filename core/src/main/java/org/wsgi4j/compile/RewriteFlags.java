package org.wsgi4j.compile;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableListMultimap;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.model.RewriteFlag;
import org.wsgi4j.source.SourceSpan;

/** Parses RewriteRule's {@code [flag,flag=value]} with mod_rewrite's checks and wording. */
final class RewriteFlags {
  private static final Splitter COMMAS = Splitter.on(',');

  private RewriteFlags() {}

  static Optional<ImmutableListMultimap<RewriteFlag, String>> parse(
      String text, SourceSpan at, CompileSession session) {
    ImmutableListMultimap.Builder<RewriteFlag, String> flags = ImmutableListMultimap.builder();
    if (text.isEmpty()) {
      return Optional.of(flags.build());
    }
    if (text.length() < 2 || !text.startsWith("[") || !text.endsWith("]")) {
      session.error(at, "RewriteRule: bad flag delimiters");
      return Optional.empty();
    }
    for (String written : COMMAS.split(text.substring(1, text.length() - 1))) {
      String flag = written.trim();
      if (flag.isEmpty()) {
        continue;
      }
      int equals = flag.indexOf('=');
      String key = equals >= 0 ? flag.substring(0, equals) : flag;
      String value = equals >= 0 ? flag.substring(equals + 1) : "";
      Optional<RewriteFlag> known = RewriteFlag.bySpelling(key);
      if (known.isEmpty()) {
        session.error(at, "RewriteRule: unknown flag '" + key + "'");
        return Optional.empty();
      }
      if (known.get() == RewriteFlag.REDIRECT && !validRedirect(value)) {
        session.error(at, "RewriteRule: invalid HTTP response code '" + value + "' for flag 'R'");
        return Optional.empty();
      }
      flags.put(known.get(), value);
    }
    return Optional.of(flags.build());
  }

  /** {@code R}, {@code R=permanent|temp|seeother}, or a status from 300 to 599. */
  private static boolean validRedirect(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.isEmpty()
        || lower.equals("permanent")
        || lower.equals("temp")
        || lower.equals("seeother")) {
      return true;
    }
    if (!lower.matches("[0-9]{1,3}")) {
      return false;
    }
    int status = Integer.parseInt(lower);
    return status >= 300 && status <= 599;
  }
}
