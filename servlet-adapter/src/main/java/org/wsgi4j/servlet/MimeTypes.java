package org.wsgi4j.servlet;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * A types file as mod_mime reads it at start-up ({@code TypesConfig}; Debian's {@code
 * /etc/mime.types} when the configuration names none): on each line a type followed by its
 * extensions; a line whose first non-blank character is {@code #} is a comment (a {@code #} later
 * in a line is an extension like any other); extensions are looked up in lower case and the last
 * line that names one wins; the type is kept as written (recorded in filter-mime-types).
 */
final class MimeTypes {
  private static final Logger LOG = Logger.getLogger(MimeTypes.class.getName());
  static final Path DEBIAN_TYPES = Path.of("/etc/mime.types");
  private static final Splitter WORDS =
      Splitter.on(java.util.regex.Pattern.compile("\\s+")).omitEmptyStrings();

  /** Files read so far, by path: httpd reads its types file once, at start-up. */
  private static final ConcurrentMap<Path, MimeTypes> LOADED = new ConcurrentHashMap<>();

  private final ImmutableMap<String, String> byExtension;

  MimeTypes(Map<String, String> byExtension) {
    this.byExtension = ImmutableMap.copyOf(byExtension);
  }

  /** The types of {@code /etc/mime.types}, read once; none if that file is missing. */
  static MimeTypes system() {
    return of(DEBIAN_TYPES);
  }

  /** The table of a configuration's {@code TypesConfig}, or the system's without one. */
  static MimeTypes forConfig(Optional<String> typesConfig) {
    return typesConfig.isEmpty() ? system() : of(Path.of(typesConfig.get()));
  }

  private static MimeTypes of(Path file) {
    return LOADED.computeIfAbsent(file, MimeTypes::load);
  }

  /** Reads a file in mime.types format. */
  static MimeTypes load(Path file) {
    Map<String, String> map = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        List<String> words = WORDS.splitToList(line);
        if (words.isEmpty() || words.get(0).startsWith("#")) {
          continue;
        }
        for (int i = 1; i < words.size(); i++) {
          map.put(words.get(i).toLowerCase(Locale.ROOT), words.get(0));
        }
      }
    } catch (IOException e) {
      LOG.warning(
          () -> "Cannot read " + file + " (" + e + "): static files are sent without a type");
    }
    return new MimeTypes(map);
  }

  /** The type of a lower-case extension, or null. */
  String typeOfExtension(String extension) {
    return byExtension.get(extension);
  }
}
