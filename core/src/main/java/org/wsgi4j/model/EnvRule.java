package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import org.wsgi4j.regex.ApacheRegex;
import org.wsgi4j.source.SourceSpan;

/** A rule that sets or removes request environment variables (mod_env, mod_setenvif). */
public sealed interface EnvRule permits EnvRule.Set, EnvRule.Unset, EnvRule.Pass, EnvRule.SetIf {

  SourceSpan origin();

  /** {@code SetEnv name [value]}. */
  record Set(String name, String value, SourceSpan origin) implements EnvRule {
    public Set {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** {@code UnsetEnv name...}. */
  record Unset(ImmutableList<String> names, SourceSpan origin) implements EnvRule {
    public Unset {
      Objects.requireNonNull(names, "names");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** {@code PassEnv name...}. */
  record Pass(ImmutableList<String> names, SourceSpan origin) implements EnvRule {
    public Pass {
      Objects.requireNonNull(names, "names");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * {@code SetEnvIf[NoCase] attribute regex [!]name[=value]...} (also BrowserMatch).
   *
   * @param attribute a request header name or one of httpd's special attributes
   * @param assignments the assignments as written
   */
  record SetIf(
      String attribute, ApacheRegex regex, ImmutableList<String> assignments, SourceSpan origin)
      implements EnvRule {
    public SetIf {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(regex, "regex");
      Objects.requireNonNull(assignments, "assignments");
      Objects.requireNonNull(origin, "origin");
    }
  }
}
