package org.wsgi4j.servlet;

import com.google.common.collect.ImmutableMap;

/** Response bodies in the shape of Apache httpd's own error pages. */
final class ErrorPages {
  private static final ImmutableMap<Integer, String> TITLES =
      ImmutableMap.<Integer, String>builder()
          .put(301, "Moved Permanently")
          .put(302, "Found")
          .put(303, "See Other")
          .put(307, "Temporary Redirect")
          .put(308, "Permanent Redirect")
          .put(400, "Bad Request")
          .put(401, "Unauthorized")
          .put(403, "Forbidden")
          .put(404, "Not Found")
          .put(405, "Method Not Allowed")
          .put(410, "Gone")
          .put(411, "Length Required")
          .put(412, "Precondition Failed")
          .put(413, "Content Too Large")
          .put(416, "Requested Range Not Satisfiable")
          .put(500, "Internal Server Error")
          .put(503, "Service Unavailable")
          .put(504, "Gateway Timeout")
          .buildOrThrow();

  private ErrorPages() {}

  static String title(int status) {
    return TITLES.getOrDefault(status, "Error");
  }

  /** ap_escape_html: {@code & < > "} only (an apostrophe stays, as in "don't"). */
  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String page(int status, String detail) {
    String title = status + " " + title(status);
    return "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\""
        + " \"http://www.w3.org/TR/html4/strict.dtd\">\n<html><head>\n<title>"
        + title
        + "</title>\n</head><body>\n<h1>"
        + title(status)
        + "</h1>\n<p>"
        + escape(detail)
        + "</p>\n</body></html>\n";
  }
}
