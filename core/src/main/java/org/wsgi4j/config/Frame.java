package org.wsgi4j.config;

import java.util.Locale;
import java.util.Optional;
import org.wsgi4j.directive.Context;

/**
 * Where the reader is: the context httpd checks directives against, and the innermost section that
 * set it (named in httpd's "not allowed in <X> context" messages).
 */
record Frame(Context context, Optional<String> enclosingSection) {
  static Frame top() {
    return new Frame(Context.SERVER, Optional.empty());
  }

  /** The frame for the body of a section named {@code sectionName} (canonical spelling). */
  Frame enter(String sectionName) {
    String bare = sectionName.startsWith("<") ? sectionName.substring(1) : sectionName;
    Context inner =
        switch (bare.toLowerCase(Locale.ROOT)) {
          case "virtualhost" -> Context.VHOST;
          case "directory", "directorymatch", "proxy", "proxymatch" -> Context.DIRECTORY;
          case "location", "locationmatch" -> Context.LOCATION;
          case "files", "filesmatch" -> Context.FILES;
          case "limit", "limitexcept" -> Context.LIMIT;
          case "if", "elseif", "else" -> Context.IF;
          default -> null;
        };
    return inner == null ? this : new Frame(inner, Optional.of(bare));
  }
}
