package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import org.wsgi4j.source.SourceSpan;

/**
 * A section such as {@code <VirtualHost *:80>} with its body.
 *
 * @param name the name without the angle bracket, as written
 * @param args the arguments: the text before the last {@code >} of the opening line, tokenized
 * @param rawHead that text untokenized, for sections that read it themselves
 * @param missingGt true when the opening line has no {@code >} at all (httpd refuses that)
 * @param body the nodes between the opening and closing tags
 * @param openSpan the opening line
 * @param closure how the section ended
 */
public record Section(
    String name,
    ImmutableList<Arg> args,
    String rawHead,
    boolean missingGt,
    ImmutableList<ConfNode> body,
    SourceSpan openSpan,
    Closure closure)
    implements ConfNode {
  public Section {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(rawHead, "rawHead");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(openSpan, "openSpan");
    Objects.requireNonNull(closure, "closure");
  }

  @Override
  public SourceSpan span() {
    return openSpan;
  }

  public Section withBody(ImmutableList<ConfNode> newBody) {
    return new Section(name, args, rawHead, missingGt, newBody, openSpan, closure);
  }
}
