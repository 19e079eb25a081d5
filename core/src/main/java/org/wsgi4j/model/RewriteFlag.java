package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Locale;
import java.util.Optional;

/** The RewriteRule flags, each with every spelling mod_rewrite accepts. */
public enum RewriteFlag {
  B("b"),
  BACKREFERENCE_NO_PLUS("bnp", "backrefnoplus"),
  BACKREFERENCE_CTLS("bctls"),
  BACKREFERENCE_NO_ESCAPE("bne"),
  CHAIN("c", "chain"),
  COOKIE("co", "cookie"),
  DISCARD_PATH_INFO("dpi", "discardpath", "discardpathinfo"),
  END("end"),
  ENV("e", "env"),
  FORBIDDEN("f", "forbidden"),
  GONE("g", "gone"),
  HANDLER("h", "handler"),
  LAST("l", "last"),
  NEXT("n", "next"),
  NO_CASE("nc", "nocase"),
  NO_ESCAPE("ne", "noescape"),
  NO_SUBREQUEST("ns", "nosubreq"),
  PROXY("p", "proxy"),
  PASS_THROUGH("pt", "passthrough"),
  QS_APPEND("qsa", "qsappend"),
  QS_DISCARD("qsd", "qsdiscard"),
  QS_LAST("qsl", "qslast"),
  REDIRECT("r", "redirect"),
  SKIP("s", "skip"),
  TYPE("t", "type"),
  UNSAFE_ALLOW_3F("unsafeallow3f"),
  UNSAFE_PREFIX_STAT("unsafeprefixstat");

  private static final ImmutableMap<String, RewriteFlag> BY_SPELLING;

  static {
    ImmutableMap.Builder<String, RewriteFlag> builder = ImmutableMap.builder();
    for (RewriteFlag flag : values()) {
      for (String spelling : flag.spellings) {
        builder.put(spelling, flag);
      }
    }
    BY_SPELLING = builder.buildOrThrow();
  }

  private final ImmutableList<String> spellings;

  RewriteFlag(String... spellings) {
    this.spellings = ImmutableList.copyOf(spellings);
  }

  /** The shortest spelling, used when printing. */
  public String shortName() {
    return spellings.get(0).toUpperCase(Locale.ROOT);
  }

  /** The flag for a spelling, case-insensitively. */
  public static Optional<RewriteFlag> bySpelling(String spelling) {
    return Optional.ofNullable(BY_SPELLING.get(spelling.toLowerCase(Locale.ROOT)));
  }
}
