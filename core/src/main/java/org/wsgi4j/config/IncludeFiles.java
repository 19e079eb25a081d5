package org.wsgi4j.config;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files an {@code Include} or {@code IncludeOptional} reads, as httpd finds them: a path
 * relative to ServerRoot unless absolute; fnmatch wildcards in the file and directory components;
 * matches in alphabetical order; a directory stands for every file below it.
 */
final class IncludeFiles {
  /** The files found, or why there are none. */
  record Resolution(ImmutableList<Path> files, String problem) {
    static Resolution of(List<Path> files) {
      return new Resolution(ImmutableList.copyOf(files), "");
    }

    static Resolution failure(String problem) {
      return new Resolution(ImmutableList.of(), problem);
    }

    boolean failed() {
      return !problem.isEmpty();
    }
  }

  private IncludeFiles() {}

  static Resolution resolve(Path serverRoot, String pattern, boolean optional) {
    Path path = serverRoot.resolve(pattern).normalize();
    if (!hasWildcard(pattern)) {
      if (Files.isDirectory(path)) {
        return Resolution.of(filesBelow(path));
      }
      if (Files.isRegularFile(path) || !optional) {
        return Resolution.of(List.of(path));
      }
      return Resolution.of(List.of());
    }
    // Expand component by component so that wildcards may appear in directory names too.
    List<Path> current = new ArrayList<>();
    current.add(path.getRoot() == null ? Path.of("") : path.getRoot());
    int count = path.getNameCount();
    for (int i = 0; i < count; i++) {
      String component = path.getName(i).toString();
      boolean last = i == count - 1;
      List<Path> next = new ArrayList<>();
      for (Path base : current) {
        if (!hasWildcard(component)) {
          next.add(base.resolve(component));
          continue;
        }
        if (!Files.isDirectory(base)) {
          if (optional) {
            continue;
          }
          return Resolution.failure(
              "Include/IncludeOptional: Could not open directory "
                  + base
                  + ": No such file or directory");
        }
        List<Path> matches = matching(base, component);
        if (matches.isEmpty() && !optional && last) {
          return Resolution.failure(
              "Include/IncludeOptional: No matches for the wildcard '"
                  + component
                  + "' in '"
                  + base
                  + "', failing");
        }
        next.addAll(matches);
      }
      current = next;
    }
    List<Path> files = new ArrayList<>();
    for (Path match : current) {
      if (Files.isDirectory(match)) {
        files.addAll(filesBelow(match));
      } else if (Files.exists(match) || !optional) {
        files.add(match);
      }
    }
    return Resolution.of(files);
  }

  static boolean hasWildcard(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
  }

  private static List<Path> matching(Path directory, String glob) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        // fnmatch with FNM_PERIOD is not used by httpd, but a leading dot only matches a dot.
        String name = entry.getFileName().toString();
        if (matcher.matches(entry.getFileName())
            && (!name.startsWith(".") || glob.startsWith("."))) {
          matches.add(entry);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    matches.sort(null);
    return matches;
  }

  private static List<Path> filesBelow(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
