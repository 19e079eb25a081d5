package org.wsgi4j.rewrite;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.wsgi4j.model.RewriteMapDefinition;

/**
 * RewriteMap lookups for the maps one host defines: {@code txt:}, {@code rnd:} and {@code int:}.
 */
public final class DefinedRewriteMaps implements RewriteMaps {
  private final List<RewriteMapDefinition> definitions;
  private final MapFiles files;

  public DefinedRewriteMaps(List<RewriteMapDefinition> definitions, MapFiles files) {
    this.definitions = definitions;
    this.files = files;
  }

  @Override
  public Optional<String> lookup(String map, String key) {
    for (RewriteMapDefinition definition : definitions) {
      if (!definition.name().equals(map)) {
        continue;
      }
      return switch (definition.type()) {
        case "txt" -> Optional.ofNullable(files.entries(Path.of(definition.source())).get(key));
        case "rnd" ->
            Optional.ofNullable(files.entries(Path.of(definition.source())).get(key))
                .map(DefinedRewriteMaps::pick);
        case "int" -> internal(definition.source(), key);
        // prg:, dbm: and dbd: maps are refused when the configuration is loaded.
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  /** rnd: one of the '|'-separated alternatives, at random, as mod_rewrite does. */
  private static String pick(String alternatives) {
    String[] choices = alternatives.split("\\|", -1);
    return choices[ThreadLocalRandom.current().nextInt(choices.length)];
  }

  private static Optional<String> internal(String function, String key) {
    return switch (function.toLowerCase(Locale.ROOT)) {
      case "tolower" -> Optional.of(key.toLowerCase(Locale.ROOT));
      case "toupper" -> Optional.of(key.toUpperCase(Locale.ROOT));
      case "escape" -> Optional.of(UrlEscaping.escapePath(key));
      case "unescape" -> Optional.of(unescape(key));
      default -> Optional.empty();
    };
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length()) {
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        if (high >= 0 && low >= 0) {
          out.append((char) (high * 16 + low));
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
