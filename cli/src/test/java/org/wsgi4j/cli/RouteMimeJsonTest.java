package org.wsgi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code route --json}'s {@code mime} object against the headers real Apache sent for the same
 * requests (servlet-adapter's {@code filter-mime} recording: mod_mime, ForceType,
 * AddDefaultCharset, FileETag, DefaultLanguage): for every static file Apache sent whole, the
 * Content-Type, its charset, Content-Encoding, Content-Language and the ETag's form; for every WSGI
 * answer the Content-Language.
 */
class RouteMimeJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path CASE =
      Path.of("").toAbsolutePath().resolveSibling("servlet-adapter/src/test/resources/filter-mime");
  private static final Pattern DIGEST = Pattern.compile("\"[A-Za-z0-9+/]{27}=\"");

  @TempDir Path dir;

  @Test
  void mimeFactsAreTheHeadersApacheSent() throws IOException {
    String site =
        Files.readString(CASE.resolve("site.conf"), StandardCharsets.UTF_8)
            .replace("@ROOT@", CASE.toString())
            .replace("@PORT@", "80");
    Path config = dir.resolve("site.conf");
    Files.writeString(config, "ServerName localhost\n" + site, StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code =
          Main.run(
              o,
              e,
              "route",
              "--config",
              config.toString(),
              "--json",
              "-H",
              "Host: localhost",
              "--requests",
              CASE.resolve("requests.jsonl").toString());
    }
    assertEquals(0, code, err.toString());
    List<String> decisions = out.toString().lines().toList();
    List<String> recorded = Files.readAllLines(CASE.resolve("apache.jsonl"));
    assertEquals(recorded.size(), decisions.size());
    int files = 0;
    int wsgi = 0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < recorded.size(); i++) {
      JsonNode apache = MAPPER.readTree(recorded.get(i));
      JsonNode ours = MAPPER.readTree(decisions.get(i));
      JsonNode headers = apache.get("headers");
      JsonNode mime = ours.get("mime");
      String id = apache.get("id").asText();
      if (apache.get("status").asInt() != 200) {
        continue;
      }
      String decision = ours.get("decision").asText();
      if (decision.equals("static")) {
        files++;
        check(
            problems,
            id,
            "content_type",
            text(headers, "content-type"),
            text(mime, "content_type"));
        check(
            problems, id, "charset", charset(text(headers, "content-type")), text(mime, "charset"));
        check(problems, id, "encoding", text(headers, "content-encoding"), text(mime, "encoding"));
        check(problems, id, "language", text(headers, "content-language"), text(mime, "language"));
        check(problems, id, "etag", etagForm(text(headers, "etag")), etagForm(mime.get("etag")));
      } else if (decision.equals("wsgi") && headers.has("content-language")) {
        wsgi++;
        check(
            problems,
            id,
            "language",
            text(headers, "content-language"),
            mime == null || mime.isNull() ? null : text(mime, "language"));
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(files > 50, "static files compared: " + files);
    assertEquals(2, wsgi, "WSGI answers with a Content-Language");
  }

  private static void check(
      List<String> problems, String id, String field, String apache, String ours) {
    if (!java.util.Objects.equals(apache, ours)) {
      problems.add(id + " " + field + ": Apache " + apache + ", route " + ours);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String trimmed :
        com.google.common.base.Splitter.on(';').trimResults().split(contentType)) {
      if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
        return trimmed.substring(8);
      }
    }
    return null;
  }

  /** An ETag header's form: none, a digest, or its number of components. */
  private static String etagForm(String etag) {
    if (etag == null) {
      return "None";
    }
    String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
    if (DIGEST.matcher(bare).matches()) {
      return "Digest";
    }
    return Integer.toString(com.google.common.base.Splitter.on('-').splitToList(bare).size());
  }

  /** route's form: None, Digest, or the components it names. */
  private static String etagForm(JsonNode etag) {
    String form = etag.asText();
    if (form.equals("None") || form.equals("Digest")) {
      return form;
    }
    return Integer.toString(com.google.common.base.Splitter.on(' ').splitToList(form).size());
  }
}
