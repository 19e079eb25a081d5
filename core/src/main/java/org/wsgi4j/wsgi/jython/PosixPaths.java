package org.wsgi4j.wsgi.jython;

import java.util.ArrayList;
import java.util.List;

/**
 * The string operations of Python 2.7's {@code posixpath} that {@code site} uses ({@code join},
 * {@code normpath}, {@code abspath}, {@code basename}), with the same results, so that {@link
 * FastSite} computes exactly the {@code sys.path} entries {@code site} would. Pure string work:
 * nothing here touches the file system.
 */
final class PosixPaths {
  private PosixPaths() {}

  /** {@code os.path.join(first, *more)}: an absolute part restarts the path. */
  static String join(String first, String... more) {
    StringBuilder path = new StringBuilder(first);
    for (String part : more) {
      if (part.startsWith("/")) {
        path.setLength(0);
        path.append(part);
      } else if (path.length() == 0 || path.charAt(path.length() - 1) == '/') {
        path.append(part);
      } else {
        path.append('/').append(part);
      }
    }
    return path.toString();
  }

  /**
   * {@code os.path.normpath}: no empty or {@code .} components, {@code ..} folded where it can be;
   * POSIX keeps exactly two leading slashes, three or more become one.
   */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = 0;
    if (path.startsWith("/")) {
      initialSlashes = path.startsWith("//") && !path.startsWith("///") ? 2 : 1;
    }
    List<String> kept = new ArrayList<>();
    for (String component : path.split("/", -1)) {
      if (component.isEmpty() || component.equals(".")) {
        continue;
      }
      boolean keep =
          !component.equals("..")
              || (initialSlashes == 0 && kept.isEmpty())
              || (!kept.isEmpty() && kept.get(kept.size() - 1).equals(".."));
      if (keep) {
        kept.add(component);
      } else if (!kept.isEmpty()) {
        kept.remove(kept.size() - 1);
      }
    }
    String joined = "/".repeat(initialSlashes) + String.join("/", kept);
    return joined.isEmpty() ? "." : joined;
  }

  /** {@code os.path.abspath} for an interpreter whose working directory is {@code cwd}. */
  static String abspath(String path, String cwd) {
    return normpath(path.startsWith("/") ? path : join(cwd, path));
  }

  /** {@code os.path.basename}: what follows the last slash. */
  static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
