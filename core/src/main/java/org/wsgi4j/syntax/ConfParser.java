package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.wsgi4j.grammar.HttpdConfLexer;
import org.wsgi4j.grammar.HttpdConfParser;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;

/**
 * Parses the text of one configuration file into its syntax tree. Never throws for bad input:
 * whatever httpd would reject is kept in the tree (as a stray closing tag, an unclosed section and
 * so on) for the reader to report where httpd would; the grammar accepts every line, so ANTLR's own
 * errors are reported only if the grammar itself is broken.
 */
public final class ConfParser {
  private ConfParser() {}

  public static ConfFile parse(Path file, String physicalText, Diagnostics diagnostics) {
    LogicalText text = LogicalText.join(file, physicalText);
    HttpdConfParser.ConfigFileContext tree = parseTree(text, diagnostics);
    SyntaxTreeBuilder builder = new SyntaxTreeBuilder(text);
    for (HttpdConfParser.LineContext line : tree.line()) {
      builder.add(line);
    }
    return new ConfFile(file, builder.finish());
  }

  /**
   * Tokenizes {@code text} as {@code ap_getword_conf} would, giving every argument the span of the
   * characters it came from ({@code spanOf} maps offsets of {@code text} to spans).
   */
  public static ImmutableList<Arg> tokenize(String text, OffsetSpans spanOf) {
    HttpdConfLexer lexer = new HttpdConfLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    lexer.pushMode(HttpdConfLexer.ARGUMENTS);
    ImmutableList.Builder<Arg> args = ImmutableList.builder();
    for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
      int type = token.getType();
      if (type == HttpdConfLexer.WORD
          || type == HttpdConfLexer.DQUOTED
          || type == HttpdConfLexer.SQUOTED) {
        String raw = token.getText();
        args.add(
            new Arg(
                ArgumentValues.valueOf(raw),
                raw,
                ArgumentValues.quotingOf(raw),
                spanOf.span(token.getStartIndex(), token.getStopIndex() + 1)));
      }
    }
    return args.build();
  }

  /** Maps a range of offsets in some text to where those characters are in a file. */
  @FunctionalInterface
  public interface OffsetSpans {
    SourceSpan span(int start, int end);
  }

  private static HttpdConfParser.ConfigFileContext parseTree(
      LogicalText text, Diagnostics diagnostics) {
    HttpdConfLexer lexer = new HttpdConfLexer(CharStreams.fromString(text.text()));
    HttpdConfParser parser = new HttpdConfParser(new CommonTokenStream(lexer));
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    // Fast path first: SLL prediction with bail-out, then full LL only if SLL gave up. The
    // grammar is line-oriented, so SLL practically always succeeds.
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new org.antlr.v4.runtime.BailErrorStrategy());
    try {
      return parser.configFile();
    } catch (ParseCancellationException sllFailed) {
      lexer.reset();
      parser.reset();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(new org.antlr.v4.runtime.DefaultErrorStrategy());
      parser.addErrorListener(new ReportingErrorListener(text, diagnostics));
      lexer.addErrorListener(new ReportingErrorListener(text, diagnostics));
      return parser.configFile();
    }
  }

  private static final class ReportingErrorListener extends BaseErrorListener {
    private final LogicalText text;
    private final Diagnostics diagnostics;

    ReportingErrorListener(LogicalText text, Diagnostics diagnostics) {
      this.text = text;
      this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String msg,
        RecognitionException e) {
      int offset = offendingSymbol instanceof Token token ? Math.max(0, token.getStartIndex()) : 0;
      diagnostics.report(DiagnosticCode.E000, text.span(offset, offset + 1), msg);
    }
  }
}
