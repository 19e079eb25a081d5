package org.wsgi4j.rewrite;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text files behind {@code txt:} and {@code rnd:} RewriteMaps, read once and again only when
 * they change (mod_rewrite caches by modification time too). Thread-safe.
 */
public final class MapFiles {
  private record Loaded(FileTime modified, ImmutableMap<String, String> entries) {}

  private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

  /** The key-value pairs of a map file: first word key, second word value, '#' comments. */
  public ImmutableMap<String, String> entries(Path file) {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return ImmutableMap.of();
    }
    Loaded loaded = cache.get(file);
    if (loaded != null && loaded.modified().equals(modified)) {
      return loaded.entries();
    }
    Map<String, String> entries = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] words = trimmed.split("\\s+", 3);
        if (words.length >= 2) {
          entries.putIfAbsent(words[0], words[1]);
        }
      }
    } catch (IOException e) {
      return ImmutableMap.of();
    }
    ImmutableMap<String, String> read = ImmutableMap.copyOf(entries);
    cache.put(file, new Loaded(modified, read));
    return read;
  }
}
