package org.wsgi4j.wsgi;

/**
 * The bodies of httpd 2.4's own error pages for the statuses the gateway and the embedded server
 * answer themselves, so a client or a monitoring check that reads the page sees what it saw before.
 * The 400, 414, 500 and 503 texts are as recorded from Apache 2.4.71 (the TCK's recordings hold
 * them); the 504 one is httpd's canned text for that status.
 */
public final class HttpdErrorPage {
  private static final String DOCTYPE =
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\""
          + " \"http://www.w3.org/TR/html4/strict.dtd\">\n";

  private HttpdErrorPage() {}

  /** The page for {@code status}, titled with {@code reason} (e.g. "Internal Server Error"). */
  public static String page(int status, String reason) {
    return DOCTYPE
        + "<html><head>\n<title>"
        + status
        + " "
        + reason
        + "</title>\n</head><body>\n<h1>"
        + reason
        + "</h1>\n"
        + text(status)
        + "</body></html>\n";
  }

  private static String text(int status) {
    return switch (status) {
      case 400 ->
          """
          <p>Your browser sent a request that this server could not understand.<br />
          </p>
          """;
      case 414 ->
          """
          <p>The requested URL's length exceeds the capacity
          limit for this server.<br />
          </p>
          """;
      case 500 ->
          // httpd's lines end in a space after "at"; \s keeps it in the text block.
          """
          <p>The server encountered an internal error or
          misconfiguration and was unable to complete
          your request.</p>
          <p>Please contact the server administrator at\s
           [no address given] to inform them of the time this error occurred,
           and the actions you performed just before this error.</p>
          <p>More information about this error may be available
          in the server error log.</p>
          """;
      case 503 ->
          """
          <p>The server is temporarily unable to service your
          request due to maintenance downtime or capacity
          problems. Please try again later.</p>
          """;
      case 504 ->
          """
          <p>The gateway did not receive a timely response
          from the upstream server or application.</p>
          """;
      default -> "";
    };
  }
}
