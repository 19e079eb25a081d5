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
import java.util.logging.Logger;

/**
 * Content types of static files as mod_mime gives them with Debian's {@code TypesConfig
 * /etc/mime.types}: every extension of the file name after the first dot is looked up
 * (case-insensitively) and the last one with a type wins ({@code archive.tar.gz} is {@code
 * application/gzip}); a name without a known extension gets no Content-Type at all, as httpd 2.4
 * without {@code DefaultType} sends none.
 */
final class MimeTypes {
  private static final Logger LOG = Logger.getLogger(MimeTypes.class.getName());
  static final Path DEBIAN_TYPES = Path.of("/etc/mime.types");

  private static volatile MimeTypes system;

  private final ImmutableMap<String, String> byExtension;

  MimeTypes(Map<String, String> byExtension) {
    this.byExtension = ImmutableMap.copyOf(byExtension);
  }

  /** The types of {@code /etc/mime.types}, read once; none if that file is missing. */
  static MimeTypes system() {
    MimeTypes types = system;
    if (types == null) {
      synchronized (MimeTypes.class) {
        types = system;
        if (types == null) {
          types = load(DEBIAN_TYPES);
          system = types;
        }
      }
    }
    return types;
  }

  /** Reads a file in mime.types format: a type followed by its extensions, '#' comments. */
  static MimeTypes load(Path file) {
    Map<String, String> map = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        int hash = line.indexOf('#');
        if (hash >= 0) {
          line = line.substring(0, hash);
        }
        List<String> words =
            Splitter.on(java.util.regex.Pattern.compile("\\s+"))
                .omitEmptyStrings()
                .splitToList(line);
        for (int i = 1; i < words.size(); i++) {
          // mod_mime keeps the last mapping of an extension seen in the file.
          map.put(words.get(i).toLowerCase(Locale.ROOT), words.get(0));
        }
      }
    } catch (IOException e) {
      LOG.warning(
          () -> "Cannot read " + file + " (" + e + "): static files are sent without a type");
    }
    return new MimeTypes(map);
  }

  /** The type httpd would give a file of this name. */
  Optional<String> typeOf(String fileName) {
    List<String> parts = Splitter.on('.').splitToList(fileName);
    String type = null;
    for (int i = 1; i < parts.size(); i++) {
      String found = byExtension.get(parts.get(i).toLowerCase(Locale.ROOT));
      if (found != null) {
        type = found;
      }
    }
    return Optional.ofNullable(type);
  }
}
