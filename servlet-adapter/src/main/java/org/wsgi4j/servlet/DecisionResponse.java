package org.wsgi4j.servlet;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.List;
import org.wsgi4j.routing.MimeFacts;
import org.wsgi4j.routing.RoutingDecision;

/**
 * The response as a decision's answer leaves it: with the {@code Set-Cookie} headers of RewriteRule
 * {@code [CO]}, which httpd keeps in {@code err_headers_out} and so sends with every answer, also
 * an error page that replaces a half-built response (a 500 after the application failed, a 504);
 * and, for a WSGI answer, with {@code AddDefaultCharset} applied to the type the application sets,
 * as httpd's {@code ap_make_content_type} does, and the Content-Language mod_mime gives the script
 * file ({@code DefaultLanguage}, {@code AddLanguage}), which httpd's header filter puts on the
 * answer, before the languages the application names itself (recorded in filter-mime).
 */
final class DecisionResponse extends HttpServletResponseWrapper {
  private static final Splitter LANGUAGES = Splitter.on(',').trimResults().omitEmptyStrings();

  private final ImmutableList<String> cookies;
  private final MimeFacts mime;
  private final ImmutableList<String> languages;

  private DecisionResponse(
      HttpServletResponse response,
      ImmutableList<String> cookies,
      MimeFacts mime,
      ImmutableList<String> languages) {
    super(response);
    this.cookies = cookies;
    this.mime = mime;
    this.languages = languages;
    addCookies();
    if (!languages.isEmpty()) {
      super.setHeader(CONTENT_LANGUAGE, String.join(",", languages));
    }
  }

  private static final String CONTENT_LANGUAGE = "Content-Language";

  /** {@code response} itself when the decision adds nothing to it. */
  static HttpServletResponse of(RoutingDecision decision, HttpServletResponse response) {
    ImmutableList<String> cookies = decision.facts().setCookies();
    MimeFacts mime = MimeFacts.NONE;
    ImmutableList<String> languages = ImmutableList.of();
    if (decision instanceof RoutingDecision.Dispatch dispatch) {
      mime = decision.facts().mime();
      if (mime.defaultLanguage().isPresent() || !mime.extensions().isEmpty()) {
        String script = dispatch.target().scriptFilename();
        languages =
            mime.describe(script.substring(script.lastIndexOf('/') + 1), extension -> null)
                .languages();
      }
    }
    if (cookies.isEmpty() && mime.defaultCharset().isEmpty() && languages.isEmpty()) {
      return response;
    }
    return new DecisionResponse(response, cookies, mime, languages);
  }

  /**
   * httpd's header filter: the languages of the request first, then each one the answer names that
   * is not among them (compared ignoring case), joined with {@code ,}.
   */
  private String mergedLanguages(String answer) {
    List<String> merged = new ArrayList<>(languages);
    for (String token : LANGUAGES.split(answer)) {
      if (merged.stream().noneMatch(token::equalsIgnoreCase)) {
        merged.add(token);
      }
    }
    return String.join(",", merged);
  }

  @Override
  public void setHeader(String name, String value) {
    if (!languages.isEmpty() && CONTENT_LANGUAGE.equalsIgnoreCase(name) && value != null) {
      super.setHeader(name, mergedLanguages(value));
    } else {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (!languages.isEmpty() && CONTENT_LANGUAGE.equalsIgnoreCase(name) && value != null) {
      String current = getHeader(name);
      super.setHeader(name, mergedLanguages(current == null ? value : current + "," + value));
    } else {
      super.addHeader(name, value);
    }
  }

  private void addCookies() {
    for (String cookie : cookies) {
      super.addHeader("Set-Cookie", cookie);
    }
  }

  @Override
  public void reset() {
    super.reset();
    addCookies();
  }

  @Override
  public void setContentType(String type) {
    super.setContentType(type == null ? null : mime.withDefaultCharset(type));
  }
}
