package org.wsgi4j.directive;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.source.DiagnosticCode;
import org.wsgi4j.source.Diagnostics;
import org.wsgi4j.source.SourceSpan;

/**
 * The one generic check every directive gets before its own handler runs, in httpd's order: context
 * first ("not allowed here"), then the argument count, then On/Off for FLAG directives. Returns
 * whether the directive passed, so its handler only sees well-formed input.
 */
public final class DirectiveChecker {
  private DirectiveChecker() {}

  public static boolean check(
      DirectiveSpec spec,
      Context context,
      Optional<String> enclosingSection,
      List<String> values,
      SourceSpan at,
      Diagnostics diagnostics) {
    if (!spec.allowedIn(context)) {
      diagnostics.report(DiagnosticCode.E102, at, contextMessage(spec, context, enclosingSection));
      return false;
    }
    if (!spec.arity().accepts(values)) {
      diagnostics.report(DiagnosticCode.E103, at, arityMessage(spec));
      return false;
    }
    if (spec.arity() == Arity.FLAG) {
      String value = values.get(0).toLowerCase(Locale.ROOT);
      if (!value.equals("on") && !value.equals("off")) {
        diagnostics.report(
            DiagnosticCode.E103, at, displayName(spec) + " " + spec.arity().complaint());
        return false;
      }
    }
    return true;
  }

  /** httpd's wording: the name, the complaint, and the directive's own description. */
  public static String arityMessage(DirectiveSpec spec) {
    String message = displayName(spec) + " " + spec.arity().complaint();
    boolean describes = spec.arity() != Arity.FLAG && !spec.description().isEmpty();
    return describes ? message + ", " + spec.description() : message;
  }

  /** The name as httpd prints it in messages: sections with their angle brackets. */
  public static String displayName(DirectiveSpec spec) {
    return spec.isSection() ? spec.name() + ">" : spec.name();
  }

  private static String contextMessage(
      DirectiveSpec spec, Context context, Optional<String> enclosingSection) {
    if (spec.name().equalsIgnoreCase("RewriteBase")) {
      return "RewriteBase: only valid in per-directory config files";
    }
    boolean globalOnly =
        spec.allowedIn(Context.SERVER)
            && !spec.allowedIn(Context.VHOST)
            && context == Context.VHOST;
    if (globalOnly) {
      return displayName(spec) + " cannot occur within <VirtualHost> section";
    }
    if (context == Context.SERVER || enclosingSection.isEmpty()) {
      return spec.name() + " not allowed here";
    }
    return spec.name() + " not allowed in <" + enclosingSection.get() + "> context";
  }
}
