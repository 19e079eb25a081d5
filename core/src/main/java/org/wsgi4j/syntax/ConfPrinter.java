package org.wsgi4j.syntax;

import java.util.List;

/**
 * Writes a syntax tree back as configuration text that parses to the same tree: one logical line
 * per node, four spaces per nesting level, no continuation lines. Arguments are written as they
 * were (directives such as RewriteRule read their raw text, so re-quoting could change them);
 * arguments made in code were written in a form that reads back as their value.
 */
public final class ConfPrinter {
  private static final String INDENT = "    ";

  private ConfPrinter() {}

  public static String print(ConfFile file) {
    return print(file.nodes());
  }

  public static String print(List<? extends ConfNode> nodes) {
    StringBuilder out = new StringBuilder();
    for (ConfNode node : nodes) {
      print(node, 0, out);
    }
    return out.toString();
  }

  private static void print(ConfNode node, int depth, StringBuilder out) {
    int start = out.length();
    printNode(node, depth, out);
    // A line ending in a backslash would join the next line when read back (only the last line of
    // a file can end that way); one space after it keeps the line as it was, since httpd trims it.
    for (int i = start; i < out.length(); i++) {
      if (out.charAt(i) == '\n' && i > 0 && out.charAt(i - 1) == '\\') {
        out.insert(i, ' ');
        i++;
      }
    }
  }

  private static void printNode(ConfNode node, int depth, StringBuilder out) {
    String indent = INDENT.repeat(depth);
    if (node instanceof Comment comment) {
      out.append(indent).append(comment.text()).append('\n');
    } else if (node instanceof Directive directive) {
      out.append(indent).append(ArgumentValues.quoteIfNeeded(directive.name()));
      if (!directive.rawArgs().isEmpty()) {
        out.append(' ').append(directive.rawArgs());
      }
      out.append('\n');
    } else if (node instanceof Section section) {
      out.append(indent).append('<').append(section.name());
      if (!section.rawHead().isEmpty()) {
        out.append(' ').append(section.rawHead());
      }
      out.append(section.missingGt() ? "" : ">").append('\n');
      for (ConfNode child : section.body()) {
        print(child, depth + 1, out);
      }
      if (section.closure().kind() == Closure.Kind.CLOSED) {
        out.append(indent).append("</").append(section.name());
        out.append(section.closure().missingGt() ? "" : ">").append('\n');
      } else if (section.closure().kind() == Closure.Kind.MISMATCHED) {
        out.append(indent)
            .append("</")
            .append(section.closure().sawName().orElse(""))
            .append(">\n");
      }
    } else if (node instanceof StrayCloseTag stray) {
      // A stray tag is kept so that printing does not silently repair the file.
      out.append(indent).append("</").append(stray.name());
      out.append(stray.missingGt() ? "" : ">").append('\n');
    }
  }
}
