package org.wsgi4j.compile;

import com.google.common.collect.ImmutableSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.wsgi4j.model.FileEtag;
import org.wsgi4j.model.MimeSettings;
import org.wsgi4j.model.MimeSettings.Field;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Directive;

/**
 * mod_mime's extension mappings, {@code TypesConfig}, and core's {@code AddDefaultCharset}, {@code
 * ForceType} and {@code FileETag}: metadata of static files and, for {@code AddDefaultCharset}, of
 * every answer. A type that names a handler ({@code application/x-httpd-wsgi} and the like) would
 * make httpd run the file instead of sending it, so it is refused (fail closed).
 */
final class MimeDirectives {
  /** Content types that httpd 2.4 also treats as handler names (ap_invoke_handler). */
  private static final ImmutableSet<String> HANDLER_TYPES =
      ImmutableSet.of(
          "text/x-server-parsed-html",
          "text/x-server-parsed-html3",
          "application/x-type-map",
          "application/x-httpd-cgi",
          "application/x-httpd-wsgi",
          "application/x-httpd-imap");

  private MimeDirectives() {}

  static void register(Map<String, DirectiveHandler> handlers) {
    handlers.put("addtype", (d, scope, s) -> add(d, scope, s, Field.TYPE));
    handlers.put("addcharset", (d, scope, s) -> add(d, scope, s, Field.CHARSET));
    handlers.put("addencoding", (d, scope, s) -> add(d, scope, s, Field.ENCODING));
    handlers.put("addlanguage", (d, scope, s) -> add(d, scope, s, Field.LANGUAGE));
    handlers.put("removetype", MimeDirectives::removeType);
    handlers.put("removecharset", (d, scope, s) -> remove(d, scope, Field.CHARSET));
    handlers.put("removeencoding", (d, scope, s) -> remove(d, scope, Field.ENCODING));
    handlers.put("removelanguage", (d, scope, s) -> remove(d, scope, Field.LANGUAGE));
    handlers.put("adddefaultcharset", MimeDirectives::addDefaultCharset);
    handlers.put("forcetype", MimeDirectives::forceType);
    handlers.put(
        "defaultlanguage",
        (d, scope, s) -> scope.directory().defaultLanguage = java.util.Optional.of(d.value(0)));
    handlers.put("fileetag", MimeDirectives::fileEtag);
    handlers.put("typesconfig", MimeDirectives::typesConfig);
  }

  /** Whether httpd would run a file of this type through a handler rather than send it. */
  static boolean selectsHandler(String type) {
    String bare = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return HANDLER_TYPES.contains(bare)
        || bare.startsWith("application/x-httpd-")
        || bare.startsWith("httpd/");
  }

  private static void add(Directive directive, Scope scope, CompileSession session, Field field) {
    // mod_mime lower-cases the value and the extensions (add_extension_info).
    String value = directive.value(0).toLowerCase(Locale.ROOT);
    if (field == Field.TYPE && selectsHandler(value)) {
      session.refuse(
          directive.span(),
          directive.name()
              + " "
              + directive.value(0)
              + " makes httpd run matching files through a handler; wsgi4j does not implement"
              + " that and will not serve this configuration");
      return;
    }
    for (int i = 1; i < directive.args().size(); i++) {
      scope
          .directory()
          .mimeRules
          .add(new MimeSettings.ExtensionRule(field, false, value, extension(directive, i)));
    }
  }

  private static void removeType(Directive directive, Scope scope, CompileSession session) {
    // httpd 2.4 records RemoveType as an empty type, so it also hides the types file's mapping.
    for (int i = 0; i < directive.args().size(); i++) {
      scope
          .directory()
          .mimeRules
          .add(new MimeSettings.ExtensionRule(Field.TYPE, false, "", extension(directive, i)));
    }
  }

  private static void remove(Directive directive, Scope scope, Field field) {
    for (int i = 0; i < directive.args().size(); i++) {
      scope
          .directory()
          .mimeRules
          .add(new MimeSettings.ExtensionRule(field, true, "", extension(directive, i)));
    }
  }

  private static String extension(Directive directive, int index) {
    String key = directive.value(index).toLowerCase(Locale.ROOT);
    return key.startsWith(".") ? key.substring(1) : key;
  }

  private static void addDefaultCharset(Directive directive, Scope scope, CompileSession session) {
    String value = directive.value(0);
    String charset;
    if (value.equalsIgnoreCase("off")) {
      charset = "";
    } else if (value.equalsIgnoreCase("on")) {
      charset = "iso-8859-1";
    } else {
      charset = value;
    }
    scope.directory().defaultCharset = java.util.Optional.of(charset);
  }

  private static void forceType(Directive directive, Scope scope, CompileSession session) {
    String type = directive.value(0).toLowerCase(Locale.ROOT);
    if (selectsHandler(type)) {
      session.refuse(
          directive.span(),
          "ForceType "
              + directive.value(0)
              + " makes httpd run the files through a handler; wsgi4j does not implement that and"
              + " will not serve this configuration");
      return;
    }
    scope.directory().forceType = java.util.Optional.of(type);
  }

  /** {@code set_etag_bits}, with httpd's wording for the errors. */
  private static void fileEtag(Directive directive, Scope scope, CompileSession session) {
    FileEtag current = scope.directory().fileEtag;
    int bits = current.bits();
    int add = current.add();
    int remove = current.remove();
    boolean first = true;
    boolean explicit = false;
    for (Arg arg : directive.args()) {
      String token = arg.value();
      char action = '*';
      if (token.startsWith("+") || token.startsWith("-")) {
        action = token.charAt(0);
        token = token.substring(1);
      } else if (first) {
        bits = FileEtag.UNSET_BITS;
        add = FileEtag.UNSET_BITS;
        remove = FileEtag.UNSET_BITS;
        first = false;
      }
      int bit;
      String word = token.toLowerCase(Locale.ROOT);
      switch (word) {
        case "none", "all" -> {
          if (action != '*') {
            session.error(
                directive.span(),
                "FileETag keyword '" + token + "' cannot be used with '+' or '-'");
            return;
          }
          bit = word.equals("none") ? FileEtag.NONE : FileEtag.ALL;
          bits = bit;
          explicit = true;
        }
        case "size" -> bit = FileEtag.SIZE;
        case "lmtime", "mtime", "lastmodified" -> bit = FileEtag.MTIME;
        case "inode" -> bit = FileEtag.INODE;
        case "digest" -> bit = FileEtag.DIGEST;
        default -> {
          session.error(directive.span(), "Unknown keyword '" + token + "' for FileETag directive");
          return;
        }
      }
      if (action == '+') {
        add |= bit;
        remove &= ~bit;
      } else if (action == '-') {
        remove |= bit;
        add &= ~bit;
      } else {
        bits |= bit;
        add = FileEtag.UNSET_BITS;
        remove = FileEtag.UNSET_BITS;
        explicit = true;
      }
    }
    if (explicit && (bits & FileEtag.NONE) != FileEtag.NONE) {
      bits &= ~FileEtag.NONE;
    }
    scope.directory().fileEtag = new FileEtag(bits, add, remove);
  }

  private static void typesConfig(Directive directive, Scope scope, CompileSession session) {
    Path file = session.resolve(directive.value(0));
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      // httpd passes apachectl -t but does not start: mod_mime reads the file at post-config.
      session.error(
          directive.span(),
          "could not open mime types config file " + file + ". httpd will not start");
      return;
    }
    scope.host().typesConfig = java.util.Optional.of(file.toString());
  }
}
