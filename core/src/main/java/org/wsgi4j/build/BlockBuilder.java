package org.wsgi4j.build;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.wsgi4j.source.SourceSpan;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Closure;
import org.wsgi4j.syntax.ConfNode;
import org.wsgi4j.syntax.Directive;
import org.wsgi4j.syntax.Section;

/**
 * The directives of one block (the server, a virtual host or a section), in order. Each method adds
 * the directive of the same name; {@link #directive} adds any other.
 *
 * @param <B> the concrete builder, so that calls chain
 */
public abstract class BlockBuilder<B extends BlockBuilder<B>> {
  private final List<ConfNode> nodes = new ArrayList<>();

  abstract B self();

  /** Adds {@code name args...}; arguments are written so that they read back unchanged. */
  public B directive(String name, String... args) {
    nodes.add(Directive.synthetic(name, args));
    return self();
  }

  /** Adds a directive whose handler reads its own raw text (RewriteRule, RewriteCond, Require). */
  public B rawDirective(String name, String rawArgs) {
    SourceSpan span = SourceSpan.synthetic();
    nodes.add(
        new Directive(
            name,
            org.wsgi4j.syntax.ConfParser.tokenize(rawArgs, (s, e) -> span),
            rawArgs,
            span,
            span));
    return self();
  }

  /** Adds {@code <name args...>} with the body {@code body} builds. */
  public B section(String name, Consumer<SectionBuilder> body, String... args) {
    SectionBuilder inner = new SectionBuilder();
    body.accept(inner);
    SourceSpan span = SourceSpan.synthetic();
    ImmutableList.Builder<Arg> heads = ImmutableList.builder();
    StringBuilder rawHead = new StringBuilder();
    for (String arg : args) {
      Arg written = Arg.synthetic(arg, span);
      heads.add(written);
      rawHead.append(rawHead.length() == 0 ? "" : " ").append(written.raw());
    }
    nodes.add(
        new Section(
            name,
            heads.build(),
            rawHead.toString(),
            false,
            inner.nodes(),
            span,
            Closure.closed(span, false)));
    return self();
  }

  /** Adds a node built elsewhere (a virtual host's body). */
  void append(ConfNode node) {
    nodes.add(node);
  }

  ImmutableList<ConfNode> nodes() {
    return ImmutableList.copyOf(nodes);
  }

  // ---- per-directory directives (valid in sections, and at host level where httpd allows) ----

  public B wsgiProcessGroup(String group) {
    return directive("WSGIProcessGroup", group);
  }

  public B wsgiApplicationGroup(String group) {
    return directive("WSGIApplicationGroup", group);
  }

  public B wsgiPassAuthorization(boolean on) {
    return directive("WSGIPassAuthorization", on ? "On" : "Off");
  }

  public B rewriteEngine(boolean on) {
    return directive("RewriteEngine", on ? "On" : "Off");
  }

  /** {@code RewriteCond testString condition [flags]}, written with mod_rewrite's quoting. */
  public B rewriteCond(String testString, String condition, String... flags) {
    return rawDirective("RewriteCond", RewriteText.join(testString, condition, flags));
  }

  /** {@code RewriteRule pattern substitution [flags]}, written with mod_rewrite's quoting. */
  public B rewriteRule(String pattern, String substitution, String... flags) {
    return rawDirective("RewriteRule", RewriteText.join(pattern, substitution, flags));
  }

  public B setEnv(String name, String value) {
    return directive("SetEnv", name, value);
  }

  public B authType(String type) {
    return directive("AuthType", type);
  }

  public B authName(String realm) {
    return directive("AuthName", realm);
  }

  public B authUserFile(String file) {
    return directive("AuthUserFile", file);
  }

  public B authGroupFile(String file) {
    return directive("AuthGroupFile", file);
  }

  /** {@code Require words...}, e.g. {@code require("valid-user")}. */
  public B require(String... words) {
    return directive("Require", words);
  }

  public B order(String order) {
    return directive("Order", order);
  }

  /** {@code Allow from hosts...}. */
  public B allowFrom(String... hosts) {
    return directive("Allow", prepend("from", hosts));
  }

  /** {@code Deny from hosts...}. */
  public B denyFrom(String... hosts) {
    return directive("Deny", prepend("from", hosts));
  }

  public B satisfy(String value) {
    return directive("Satisfy", value);
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
