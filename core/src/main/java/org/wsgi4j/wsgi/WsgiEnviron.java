package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The environ of one request before it becomes a Python dict: every string-valued key, plus the
 * {@code wsgi.*} flags. Strings hold raw bytes as latin-1 characters (PEP 3333 native strings on
 * Python 2). {@code wsgi.input}, {@code wsgi.errors} and {@code wsgi.file_wrapper} are added by the
 * runtime.
 *
 * @param variables the CGI variables, {@code HTTP_*}, environment variables and {@code mod_wsgi.*}
 *     strings
 * @param urlScheme {@code wsgi.url_scheme}
 * @param multithread {@code wsgi.multithread}
 * @param multiprocess {@code wsgi.multiprocess}
 * @param runOnce {@code wsgi.run_once}
 */
public record WsgiEnviron(
    ImmutableMap<String, String> variables,
    String urlScheme,
    boolean multithread,
    boolean multiprocess,
    boolean runOnce) {

  public WsgiEnviron {
    Objects.requireNonNull(variables, "variables");
    Objects.requireNonNull(urlScheme, "urlScheme");
  }

  /** A string variable, or null. */
  public String get(String key) {
    return variables.get(key);
  }

  /**
   * The environ as the echo app would see its non-stream values: strings, the four flags
   * (Booleans), {@code wsgi.version} as {@code [1, 0]}.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>(variables);
    map.put("wsgi.version", List.of(1, 0));
    map.put("wsgi.url_scheme", urlScheme);
    map.put("wsgi.multithread", multithread);
    map.put("wsgi.multiprocess", multiprocess);
    map.put("wsgi.run_once", runOnce);
    map.put("wsgi.input_terminated", true);
    return map;
  }
}
