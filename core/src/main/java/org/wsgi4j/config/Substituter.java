package org.wsgi4j.config;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.ConfParser;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * Applies {@code ${VAR}} substitution to a directive or section head and tokenizes the result
 * again, as httpd substitutes the whole logical line before it splits it: a value with spaces
 * becomes several arguments. Each new argument keeps the span of the text it came from.
 */
final class Substituter {
  private Substituter() {}

  static Directive directive(
      Directive directive,
      Function<String, String> lookup,
      BiConsumer<String, SourceSpan> undefined) {
    if (!directive.name().contains("${") && !directive.rawArgs().contains("${")) {
      return directive;
    }
    Segments segments = new Segments();
    StringBuilder line = new StringBuilder();
    segments.add(0, directive.name().length(), directive.nameSpan());
    line.append(directive.name()).append(' ');
    int cursor = line.length();
    line.append(directive.rawArgs());
    for (Arg arg : directive.args()) {
      int at = line.indexOf(arg.raw(), cursor);
      if (at >= 0) {
        segments.add(at, at + arg.raw().length(), arg.span());
        cursor = at + arg.raw().length();
      }
    }
    VariableSubstitution.Result result =
        VariableSubstitution.apply(
            line.toString(),
            lookup,
            (name, offset) -> undefined.accept(name, segments.spanAt(offset, directive.span())));
    ImmutableList<Arg> tokens =
        ConfParser.tokenize(
            result.text(),
            (start, end) -> segments.spanAt(result.sourceOffset(start), directive.span()));
    if (tokens.isEmpty()) {
      return directive;
    }
    Arg name = tokens.get(0);
    int afterName = name.raw().length();
    String text = result.text().strip();
    String rawArgs = text.length() > afterName ? text.substring(afterName).strip() : "";
    return new Directive(
        name.value(), tokens.subList(1, tokens.size()), rawArgs, name.span(), directive.span());
  }

  static Section section(
      Section section, Function<String, String> lookup, BiConsumer<String, SourceSpan> undefined) {
    if (!section.rawHead().contains("${")) {
      return section;
    }
    VariableSubstitution.Result result =
        VariableSubstitution.apply(
            section.rawHead(),
            lookup,
            (name, offset) -> undefined.accept(name, section.openSpan()));
    ImmutableList<Arg> args = ConfParser.tokenize(result.text(), (s, e) -> section.openSpan());
    return new Section(
        section.name(),
        args,
        result.text(),
        section.missingGt(),
        section.body(),
        section.openSpan(),
        section.closure());
  }

  /** Offsets of a rebuilt line mapped to the spans of the tokens they were written in. */
  private static final class Segments {
    private final List<int[]> ranges = new ArrayList<>();
    private final List<SourceSpan> spans = new ArrayList<>();

    void add(int start, int end, SourceSpan span) {
      ranges.add(new int[] {start, end});
      spans.add(span);
    }

    SourceSpan spanAt(int offset, SourceSpan fallback) {
      for (int i = 0; i < ranges.size(); i++) {
        if (offset >= ranges.get(i)[0] && offset < ranges.get(i)[1]) {
          return spans.get(i);
        }
      }
      return fallback;
    }
  }
}
