package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;

/** Shared helpers of the syntax tests: parsing a string, and a span-free view of a tree. */
final class SyntaxFixtures {
  static final Path FILE = Path.of("test.conf");

  private SyntaxFixtures() {}

  static ConfFile parse(String text) {
    return ConfParser.parse(FILE, text, new Diagnostics());
  }

  /** The single node of a one-node file. */
  static ConfNode only(String text) {
    ImmutableList<ConfNode> nodes = parse(text).nodes();
    if (nodes.size() != 1) {
      throw new AssertionError("expected one node, got " + nodes);
    }
    return nodes.get(0);
  }

  static Directive directive(String text) {
    return (Directive) only(text);
  }

  static Section section(String text) {
    return (Section) only(text);
  }

  static ImmutableList<String> values(List<Arg> args) {
    return args.stream().map(Arg::value).collect(ImmutableList.toImmutableList());
  }

  /** "line:column" of the start of a span. */
  static String at(SourceSpan span) {
    return span.start().toString();
  }

  /** "line:column-line:column" of a span. */
  static String range(SourceSpan span) {
    return span.start() + "-" + span.end();
  }

  // ---- span-free normaliser ------------------------------------------------------------------

  /** The same nodes with every span replaced by one synthetic span, so that equals ignores them. */
  static ImmutableList<ConfNode> withoutSpans(List<ConfNode> nodes) {
    return nodes.stream()
        .map(SyntaxFixtures::withoutSpans)
        .collect(ImmutableList.toImmutableList());
  }

  static ConfNode withoutSpans(ConfNode node) {
    SourceSpan none = SourceSpan.synthetic();
    if (node instanceof Comment comment) {
      return new Comment(comment.text(), none);
    }
    if (node instanceof Directive directive) {
      return new Directive(
          directive.name(), withoutSpans(directive.args()), directive.rawArgs(), none, none);
    }
    if (node instanceof Section section) {
      Closure closure = section.closure();
      Optional<String> saw = closure.sawName();
      return new Section(
          section.name(),
          withoutSpans(section.args()),
          section.rawHead(),
          section.missingGt(),
          withoutSpans(section.body()),
          none,
          new Closure(closure.kind(), saw, none, closure.missingGt()));
    }
    StrayCloseTag stray = (StrayCloseTag) node;
    return new StrayCloseTag(stray.name(), stray.missingGt(), none);
  }

  private static ImmutableList<Arg> withoutSpans(ImmutableList<Arg> args) {
    SourceSpan none = SourceSpan.synthetic();
    return args.stream()
        .map(arg -> new Arg(arg.value(), arg.raw(), arg.quoting(), none))
        .collect(ImmutableList.toImmutableList());
  }

  // ---- readable dump (golden files) ----------------------------------------------------------

  /** One node per line, two spaces per level; arguments and the closure are children. */
  static String dump(ConfFile file) {
    StringBuilder out = new StringBuilder();
    for (ConfNode node : file.nodes()) {
      dump(node, 0, out);
    }
    return out.toString();
  }

  private static void dump(ConfNode node, int depth, StringBuilder out) {
    String indent = "  ".repeat(depth);
    if (node instanceof Comment comment) {
      out.append(indent)
          .append("Comment ")
          .append(quote(comment.text()))
          .append(" @")
          .append(range(comment.span()))
          .append('\n');
    } else if (node instanceof Directive directive) {
      out.append(indent)
          .append("Directive ")
          .append(quote(directive.name()))
          .append(" @")
          .append(range(directive.span()))
          .append(" name@")
          .append(range(directive.nameSpan()));
      String joined = String.join(" ", directive.args().stream().map(Arg::raw).toList());
      if (!joined.equals(directive.rawArgs())) {
        out.append(" rawArgs=").append(quote(directive.rawArgs()));
      }
      out.append('\n');
      dumpArgs(directive.args(), depth + 1, out);
    } else if (node instanceof Section section) {
      out.append(indent)
          .append("Section ")
          .append(quote(section.name()))
          .append(" @")
          .append(range(section.openSpan()))
          .append(" head=")
          .append(quote(section.rawHead()));
      if (section.missingGt()) {
        out.append(" missingGt");
      }
      out.append('\n');
      dumpArgs(section.args(), depth + 1, out);
      for (ConfNode child : section.body()) {
        dump(child, depth + 1, out);
      }
      Closure closure = section.closure();
      out.append(indent).append("  end ").append(closure.kind());
      closure.sawName().ifPresent(saw -> out.append(" saw=").append(quote(saw)));
      if (closure.missingGt()) {
        out.append(" missingGt");
      }
      out.append(" @").append(range(closure.at())).append('\n');
    } else if (node instanceof StrayCloseTag stray) {
      out.append(indent)
          .append("StrayCloseTag ")
          .append(quote(stray.name()))
          .append(stray.missingGt() ? " missingGt" : "")
          .append(" @")
          .append(range(stray.span()))
          .append('\n');
    }
  }

  private static void dumpArgs(List<Arg> args, int depth, StringBuilder out) {
    for (Arg arg : args) {
      out.append("  ".repeat(depth)).append("arg ").append(quote(arg.value()));
      if (!arg.raw().equals(arg.value())) {
        out.append(" raw=").append(quote(arg.raw()));
      }
      if (arg.quoting() != Quoting.NONE) {
        out.append(' ').append(arg.quoting());
      }
      out.append(" @").append(range(arg.span())).append('\n');
    }
  }

  /** Java-style double-quoted string, with control characters escaped. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
