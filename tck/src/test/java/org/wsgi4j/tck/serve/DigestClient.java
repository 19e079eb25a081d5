package org.wsgi4j.tck.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A two-step Digest client of its own, so that a Digest exchange can be recorded from Apache and
 * replayed against wsgi4j although the second request depends on the nonce of the first answer:
 * each {@link DigestScenario} first asks without credentials, reads the challenge, then computes
 * its {@code Authorization} answer (right or deliberately wrong) from that challenge. What is kept
 * of each answer is what does not vary between runs: the status, the {@code WWW-Authenticate} value
 * with the nonce masked (only when it has httpd's shape, so a nonce of another shape shows as a
 * difference), and what the application reported (REMOTE_USER, AUTH_TYPE, what get_realm_hash was
 * called with).
 */
final class DigestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** httpd's nonce: base64 of eight bytes of time, then 40 hex digits. */
  private static final Pattern NONCE =
      Pattern.compile("nonce=\"([A-Za-z0-9+/]{11}=[0-9a-f]{40})\"");

  private static final Pattern FIELD = Pattern.compile("([A-Za-z-]+)=(?:\"([^\"]*)\"|([^\\s,]*))");

  private final int port;

  DigestClient(int port) {
    this.port = port;
  }

  /** Plays one scenario; the record holds every answer, in order. */
  ObjectNode play(DigestScenario scenario) throws IOException, InterruptedException {
    ObjectNode record = JSON.createObjectNode();
    record.put("id", scenario.id());
    ArrayNode answers = record.putArray("answers");
    RawExchange first = send(scenario.challengeTarget(), "GET", null, scenario.id());
    answers.add(summary(first));
    Map<String, String> challenge = challengeFields(first.headers().get("www-authenticate"));
    if (scenario.answer() == null) {
      return record;
    }
    if (scenario.sleepMillis() > 0) {
      Thread.sleep(scenario.sleepMillis());
    }
    String authorization = scenario.answer().apply(challenge);
    for (int i = 0; i < scenario.times(); i++) {
      answers.add(
          summary(send(scenario.target(), scenario.method(), authorization, scenario.id())));
    }
    return record;
  }

  private RawExchange send(String target, String method, String authorization, String probe)
      throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request.put("method", method);
    request.put("target", target);
    ObjectNode headers = request.putObject("headers");
    headers.put("X-Probe", probe);
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    return RawExchange.send(port, request);
  }

  private static ObjectNode summary(RawExchange exchange) throws IOException {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("status", exchange.status());
    String challenge = exchange.headers().get("www-authenticate");
    if (challenge != null) {
      answer.put("www-authenticate", masked(challenge));
    }
    String body = exchange.bodyText();
    if (body.startsWith("{")) {
      JsonNode app = JSON.readTree(body);
      if (app.has("authorization passed")) {
        answer.set("app", app);
      }
    }
    return answer;
  }

  /** The challenge with a nonce of httpd's shape written {@code @NONCE@}. */
  static String masked(String challenge) {
    return NONCE.matcher(challenge).replaceAll("nonce=\"@NONCE@\"");
  }

  /** The fields of a {@code WWW-Authenticate: Digest ...} value (quotes removed). */
  static Map<String, String> challengeFields(String header) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (header == null) {
      return fields;
    }
    Matcher m = FIELD.matcher(header);
    while (m.find()) {
      fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    return fields;
  }

  /** An {@code Authorization: Digest} answer, built field by field. */
  static final class Answer {
    String user = "alice";
    String password = "wonderland";
    String realm;
    String nonce;
    String uri;
    String method = "GET";
    String qop = "auth";
    String nc = "00000001";
    String cnonce = "0a4f113b";
    String scheme = "Digest";
    String extra = "";
    boolean omitCnonce;
    String responseOverride;

    Answer(Map<String, String> challenge, String uri) {
      this.realm = challenge.getOrDefault("realm", "");
      this.nonce = challenge.getOrDefault("nonce", "");
      this.uri = uri;
    }

    /** The header value: the response computed from the fields as RFC 2617 says. */
    String header() {
      String ha1 = md5(user + ":" + realm + ":" + password);
      String ha2 = md5(method + ":" + uri);
      String response =
          qop == null
              ? md5(ha1 + ":" + nonce + ":" + ha2)
              : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
      if (responseOverride != null) {
        response = responseOverride.replace("@RESPONSE@", response);
      }
      StringBuilder header =
          new StringBuilder(scheme)
              .append(" username=\"")
              .append(user)
              .append("\", realm=\"")
              .append(realm)
              .append("\", nonce=\"")
              .append(nonce)
              .append("\", uri=\"")
              .append(uri)
              .append("\", response=\"")
              .append(response)
              .append('"');
      if (qop != null) {
        header.append(", qop=").append(qop).append(", nc=").append(nc);
        if (!omitCnonce) {
          header.append(", cnonce=\"").append(cnonce).append('"');
        }
      }
      return header.append(extra).toString();
    }
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Plays every scenario in order. */
  List<ObjectNode> playAll(List<DigestScenario> scenarios)
      throws IOException, InterruptedException {
    List<ObjectNode> records = new java.util.ArrayList<>();
    for (DigestScenario scenario : scenarios) {
      records.add(play(scenario));
    }
    return records;
  }
}
