package org.wsgi4j.servlet.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code filter-site} case (test resources): its files copied into a folder with the fixed
 * mtime the record script gives them, its site.conf with {@code @ROOT@} filled in, and the requests
 * with Apache's recorded answers.
 */
public final class FilterSite {
  /** The mtime the record script sets: 1700000000.123456789 s. */
  public static final Instant MTIME = Instant.ofEpochSecond(1_700_000_000L, 123_456_789L);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  private FilterSite(Path root) {
    this.root = root;
  }

  public static Path resources() {
    try {
      return Path.of(FilterSite.class.getResource("/filter-site/site.conf").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the case into {@code root}. */
  public static FilterSite create(Path root) throws IOException {
    Path source = resources();
    copyWithRecordedTimes(source, source.resolve("files"), root);
    Files.copy(source.resolve("echo.wsgi"), root.resolve("echo.wsgi"));
    return new FilterSite(root);
  }

  /**
   * Copies {@code tree} (a folder inside {@code source}) to the same place under {@code root}, then
   * gives everything under {@code root/files} the record script's fixed modification time.
   */
  static void copyWithRecordedTimes(Path source, Path tree, Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(tree)) {
      for (Path from : (Iterable<Path>) walk::iterator) {
        Path to = root.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    try (Stream<Path> walk = Files.walk(root.resolve("files"))) {
      walk.forEach(
          path -> {
            try {
              Files.setLastModifiedTime(path, FileTime.from(MTIME));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  public Path root() {
    return root;
  }

  /** site.conf for this folder, with extra lines appended (Java-side additions). */
  public Path config(String name, String... extra) throws IOException {
    String text =
        Files.readString(resources().resolve("site.conf"), StandardCharsets.UTF_8)
            .replace("@ROOT@", root.toString());
    Path file = root.resolve(name);
    Files.writeString(file, text + String.join("\n", extra) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** The recorded requests, in file order. */
  public static List<JsonNode> requests() throws IOException {
    return lines(resources().resolve("requests.jsonl"));
  }

  /** Apache's answers by request id. */
  public static Map<String, JsonNode> apache() throws IOException {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode node : lines(resources().resolve("apache.jsonl"))) {
      byId.put(node.get("id").asText(), node);
    }
    return byId;
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  public static JsonNode parse(String json) throws IOException {
    return JSON.readTree(json);
  }
}
