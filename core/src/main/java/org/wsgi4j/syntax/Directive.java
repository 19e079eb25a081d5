package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * A directive line: a name and its arguments.
 *
 * @param name the name as written (httpd compares names case-insensitively)
 * @param args the arguments as {@code ap_getword_conf} reads them
 * @param rawArgs the text after the name, for directives that tokenize their own arguments
 *     (RewriteRule, RewriteCond and other RAW_ARGS handlers)
 * @param nameSpan where the name is
 * @param span the whole logical line
 */
public record Directive(
    String name, ImmutableList<Arg> args, String rawArgs, SourceSpan nameSpan, SourceSpan span)
    implements ConfNode {
  public Directive {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(rawArgs, "rawArgs");
    Objects.requireNonNull(nameSpan, "nameSpan");
    Objects.requireNonNull(span, "span");
  }

  /** A directive made in code, with arguments written so that they read back unchanged. */
  public static Directive synthetic(String name, String... values) {
    SourceSpan span = SourceSpan.synthetic();
    ImmutableList.Builder<Arg> args = ImmutableList.builder();
    StringBuilder raw = new StringBuilder();
    for (String value : values) {
      Arg arg = Arg.synthetic(value, span);
      args.add(arg);
      raw.append(raw.length() == 0 ? "" : " ").append(arg.raw());
    }
    return new Directive(name, args.build(), raw.toString(), span, span);
  }

  public String value(int index) {
    return args.get(index).value();
  }
}
