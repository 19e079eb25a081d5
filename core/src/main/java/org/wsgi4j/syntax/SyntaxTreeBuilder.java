package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.wsgi4j.grammar.HttpdConfParser;
import org.wsgi4j.source.SourceSpan;

/**
 * Turns the flat lines of one file into a tree. Closing tags are matched by name,
 * case-insensitively, against the open sections: the innermost section of that name is closed (any
 * sections opened inside it end as {@link Closure.Kind#MISMATCHED}); a closing tag with no open
 * section of its name stays in the tree as a {@link StrayCloseTag}. Whether any of that is an error
 * depends on whether httpd reads those lines, which the reader decides.
 */
final class SyntaxTreeBuilder {
  private final LogicalText text;
  private final Deque<OpenSection> open = new ArrayDeque<>();
  private final List<ConfNode> top = new ArrayList<>();

  SyntaxTreeBuilder(LogicalText text) {
    this.text = text;
  }

  void add(HttpdConfParser.LineContext line) {
    if (line instanceof HttpdConfParser.CommentLineContext comment) {
      Token token = comment.COMMENT().getSymbol();
      append(new Comment(token.getText(), spanOf(token)));
    } else if (line instanceof HttpdConfParser.DirectiveLineContext directive) {
      append(directive(directive));
    } else if (line instanceof HttpdConfParser.OpenTagLineContext tag) {
      open.push(openSection(tag));
    } else if (line instanceof HttpdConfParser.CloseTagLineContext tag) {
      close(tag);
    }
  }

  ImmutableList<ConfNode> finish() {
    int length = text.text().length();
    SourceSpan end = text.span(Math.max(0, length - 1), length);
    while (!open.isEmpty()) {
      OpenSection section = open.pop();
      append(section.build(Closure.unclosed(end)));
    }
    return ImmutableList.copyOf(top);
  }

  private void append(ConfNode node) {
    if (open.isEmpty()) {
      top.add(node);
    } else {
      open.peek().body.add(node);
    }
  }

  private Directive directive(HttpdConfParser.DirectiveLineContext line) {
    Token nameToken = line.name.getStart();
    String rawName = nameToken.getText();
    ImmutableList.Builder<Arg> args = ImmutableList.builder();
    for (HttpdConfParser.ArgumentContext argument : line.arguments) {
      Token token = argument.getStart();
      String raw = token.getText();
      args.add(
          new Arg(ArgumentValues.valueOf(raw), raw, ArgumentValues.quotingOf(raw), spanOf(token)));
    }
    int rawStart = nameToken.getStopIndex() + 1;
    int rawEnd =
        line.arguments.isEmpty()
            ? rawStart
            : line.arguments.get(line.arguments.size() - 1).getStop().getStopIndex() + 1;
    String rawArgs = ArgumentValues.trimHttpdSpace(text.text().substring(rawStart, rawEnd));
    SourceSpan nameSpan = spanOf(nameToken);
    SourceSpan whole =
        line.arguments.isEmpty()
            ? nameSpan
            : nameSpan.to(spanOf(line.arguments.get(line.arguments.size() - 1).getStop()));
    return new Directive(ArgumentValues.valueOf(rawName), args.build(), rawArgs, nameSpan, whole);
  }

  private OpenSection openSection(HttpdConfParser.OpenTagLineContext line) {
    Token tag = line.OPEN_TAG().getSymbol();
    String word = tag.getText().substring(1);
    SourceSpan tagSpan = spanOf(tag);
    // httpd takes the tag word up to whitespace; "<IfModule>" with no arguments keeps its '>' in
    // that word, which httpd strips before looking the name up.
    boolean gtInName = word.endsWith(">");
    String name = gtInName ? word.substring(0, word.length() - 1) : word;
    String rawHead = "";
    boolean missingGt = !gtInName;
    ImmutableList<Arg> args = ImmutableList.of();
    SourceSpan openSpan = tagSpan;
    if (line.head != null) {
      Token head = line.head.getStart();
      String headText = head.getText();
      int lastGt = headText.lastIndexOf('>');
      openSpan = tagSpan.to(spanOf(head));
      if (lastGt >= 0) {
        missingGt = false;
        rawHead = ArgumentValues.trimHttpdSpace(headText.substring(0, lastGt));
        int base = head.getStartIndex();
        args =
            ConfParser.tokenize(
                headText.substring(0, lastGt), (s, e) -> text.span(base + s, base + e));
      } else if (!gtInName) {
        rawHead = ArgumentValues.trimHttpdSpace(headText);
        int base = head.getStartIndex();
        args = ConfParser.tokenize(headText, (s, e) -> text.span(base + s, base + e));
      }
    }
    return new OpenSection(name, args, rawHead, missingGt, openSpan);
  }

  private void close(HttpdConfParser.CloseTagLineContext line) {
    Token tag = line.CLOSE_TAG().getSymbol();
    String word = tag.getText();
    // httpd expects the closing word to end in '>' and drops that last character: "</Directory"
    // is refused for the missing '>', "</Location>>" reads as a tag named "Location>".
    boolean missingGt = !word.endsWith(">") || word.length() < 3;
    String name = word.length() <= 2 ? "" : word.substring(2, word.length() - (missingGt ? 0 : 1));
    SourceSpan at = spanOf(tag);
    OpenSection top = open.peek();
    if (top == null) {
      append(new StrayCloseTag(name, missingGt, at));
      return;
    }
    if (top.name.equalsIgnoreCase(name)) {
      open.pop();
      append(top.build(Closure.closed(at, missingGt)));
      return;
    }
    if (ConditionalSections.isConditional(top.name)) {
      // The body of a conditional section is read as a block of its own (ap_build_cont_config):
      // a closing tag there cannot close a section opened outside it.
      append(new StrayCloseTag(name, missingGt, at));
      return;
    }
    // httpd stops here ("Expected </top> but saw </name>"). The tag is consumed by the section it
    // failed to close, so printing the tree writes it back where it was.
    open.pop();
    append(top.build(Closure.mismatched(name, at)));
  }

  private SourceSpan spanOf(Token token) {
    return text.span(token.getStartIndex(), token.getStopIndex() + 1);
  }

  private static final class OpenSection {
    final String name;
    final ImmutableList<Arg> args;
    final String rawHead;
    final boolean missingGt;
    final SourceSpan openSpan;
    final List<ConfNode> body = new ArrayList<>();

    OpenSection(
        String name, ImmutableList<Arg> args, String rawHead, boolean missingGt, SourceSpan span) {
      this.name = name;
      this.args = args;
      this.rawHead = rawHead;
      this.missingGt = missingGt;
      this.openSpan = span;
    }

    Section build(Closure closure) {
      return new Section(
          name, args, rawHead, missingGt, ImmutableList.copyOf(body), openSpan, closure);
    }
  }
}
