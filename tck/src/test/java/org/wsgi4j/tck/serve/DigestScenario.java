package org.wsgi4j.tck.serve;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One Digest exchange: a request without credentials to {@code challengeTarget}, then (unless
 * {@code answer} is null) {@code times} requests to {@code target} with the {@code Authorization}
 * value {@code answer} computes from the challenge, after {@code sleepMillis}.
 */
record DigestScenario(
    String id,
    String challengeTarget,
    String target,
    String method,
    Function<Map<String, String>, String> answer,
    int times,
    long sleepMillis) {

  /** Asks {@code target} and answers its own challenge once, the answer adjusted by {@code how}. */
  static DigestScenario answered(String id, String target, Consumer<DigestClient.Answer> how) {
    return new DigestScenario(id, target, target, "GET", built(target, how), 1, 0);
  }

  /** Asks {@code target} and sends a fixed {@code Authorization} value. */
  static DigestScenario fixed(String id, String target, String authorization) {
    return new DigestScenario(id, target, target, "GET", c -> authorization, 1, 0);
  }

  private static Function<Map<String, String>, String> built(
      String uri, Consumer<DigestClient.Answer> how) {
    return challenge -> {
      DigestClient.Answer answer = new DigestClient.Answer(challenge, uri);
      how.accept(answer);
      return answer.header();
    };
  }

  /** A nonce of httpd's shape that no server made (its hash part is zeros). */
  private static final String FOREIGN_NONCE = "AAAAAAAAAAA=" + "0".repeat(40);

  /** A nonce of httpd's shape dated far in the future. */
  private static final String FUTURE_NONCE = "AAAAAAAAAH8=" + "0".repeat(40);

  /** The right answer: the client's defaults (alice, her password, the challenge's fields). */
  private static void right(DigestClient.Answer answer) {}

  /** The scenarios, in the order they are played (the recording keeps this order). */
  static List<DigestScenario> all() {
    String file = "/app/file";
    String wsgi = "/app/wsgi";
    return List.of(
        new DigestScenario("file-no-credentials", file, file, "GET", null, 0, 0),
        answered("file-right-password", file, DigestScenario::right),
        answered("file-right-password-query", file + "?a=1&b=%41", a -> {}),
        answered("file-wrong-password", file, a -> a.password = "wrong"),
        answered("file-unknown-user", file, a -> a.user = "nobody"),
        answered(
            "file-other-realm-line",
            file,
            a -> {
              a.realm = "Other Realm";
              a.password = "looking-glass";
            }),
        answered("file-uri-mismatch", file, a -> a.uri = "/app/other"),
        answered(
            "file-uri-mismatch-wrong-password",
            file,
            a -> {
              a.uri = "/app/other";
              a.password = "wrong";
            }),
        answered("file-uri-absolute", file, a -> a.uri = "http://localhost/app/file"),
        answered("file-uri-absolute-other-host", file, a -> a.uri = "http://elsewhere/app/file"),
        answered("file-uri-absolute-other-port", file, a -> a.uri = "http://localhost:81/app/file"),
        answered("file-uri-escaped", file, a -> a.uri = "/app/%66ile"),
        new DigestScenario(
            "file-uri-without-query",
            file,
            file + "?a=1",
            "GET",
            challenge -> new DigestClient.Answer(challenge, file).header(),
            1,
            0),
        answered("file-no-qop", file, a -> a.qop = null),
        answered("file-qop-auth-int", file, a -> a.qop = "auth-int"),
        answered("file-qop-upper-case", file, a -> a.qop = "AUTH"),
        answered("file-missing-cnonce", file, a -> a.omitCnonce = true),
        answered("file-response-upper-case", file, a -> a.responseOverride = "X@RESPONSE@"),
        answered("file-foreign-nonce", file, a -> a.nonce = FOREIGN_NONCE),
        answered(
            "file-foreign-nonce-wrong-password",
            file,
            a -> {
              a.nonce = FOREIGN_NONCE;
              a.password = "wrong";
            }),
        answered("file-future-nonce", file, a -> a.nonce = FUTURE_NONCE),
        answered("file-short-nonce", file, a -> a.nonce = "abc"),
        answered(
            "file-short-nonce-uri-mismatch",
            file,
            a -> {
              a.nonce = "abc";
              a.uri = "/x";
            }),
        answered("file-nonce-without-equals", file, a -> a.nonce = "AAAAAAAAAAAA" + "0".repeat(40)),
        answered("file-algorithm-md5-lower-case", file, a -> a.extra = ", algorithm=md5"),
        answered("file-algorithm-md5-sess", file, a -> a.extra = ", algorithm=MD5-sess"),
        answered("file-algorithm-sha-256", file, a -> a.extra = ", algorithm=SHA-256"),
        answered("file-opaque", file, a -> a.extra = ", opaque=\"1f\""),
        answered("file-scheme-lower-case", file, a -> a.scheme = "digest"),
        answered("file-unknown-field", file, a -> a.extra = ", userhash=false, charset=UTF-8"),
        answered("file-method-mismatch", file, a -> a.method = "POST"),
        new DigestScenario(
            "file-replayed",
            file,
            file,
            "GET",
            c -> new DigestClient.Answer(c, file).header(),
            3,
            0),
        fixed("file-basic-credentials", file, "Basic YWxpY2U6d29uZGVybGFuZA=="),
        fixed("file-digest-alone", file, "Digest"),
        fixed("file-digest-garbage", file, "Digest ,,,==\"unterminated"),
        fixed("file-bearer", file, "Bearer abc"),
        new DigestScenario(
            "file-nonce-of-other-realm",
            wsgi,
            file,
            "GET",
            challenge -> {
              DigestClient.Answer answer = new DigestClient.Answer(challenge, file);
              answer.realm = "Digest Realm";
              return answer.header();
            },
            1,
            0),
        answered("default-user-not-required", "/app/default", DigestScenario::right),
        answered(
            "default-required-user",
            "/app/default",
            a -> {
              a.user = "bob";
              a.password = "builder";
            }),
        new DigestScenario("wsgi-no-credentials", wsgi, wsgi, "GET", null, 0, 0),
        answered("wsgi-right-password", wsgi, DigestScenario::right),
        answered("wsgi-wrong-password", wsgi, a -> a.password = "wrong"),
        answered("wsgi-none", wsgi, a -> a.user = "nobody"),
        answered(
            "wsgi-user-not-required",
            wsgi,
            a -> {
              a.user = "bob";
              a.password = "builder";
            }),
        answered(
            "wsgi-upper-case-hash",
            wsgi,
            a -> {
              a.user = "upper";
              a.password = "upper";
            }),
        answered("wsgi-raises", wsgi, a -> a.user = "raises"),
        answered("wsgi-number", wsgi, a -> a.user = "number"),
        answered("wsgi-false", wsgi, a -> a.user = "false"),
        answered("chain-script-knows", "/app/chain", DigestScenario::right),
        answered(
            "chain-file-knows",
            "/app/chain",
            a -> {
              a.user = "carol";
              a.password = "carroll";
            }),
        answered("chain-nobody-knows", "/app/chain", a -> a.user = "nobody"),
        answered("nofile-credentials", "/app/nofile", DigestScenario::right),
        answered("nested-outer", "/app/nested", DigestScenario::right),
        answered("nested-inner", "/app/nested/inner", DigestScenario::right),
        new DigestScenario(
            "short-expired-nonce",
            "/app/short",
            "/app/short",
            "GET",
            c -> new DigestClient.Answer(c, "/app/short").header(),
            1,
            3_500),
        new DigestScenario(
            "short-expired-nonce-wrong-password",
            "/app/short",
            "/app/short",
            "GET",
            c -> {
              DigestClient.Answer answer = new DigestClient.Answer(c, "/app/short");
              answer.password = "wrong";
              return answer.header();
            },
            1,
            3_500),
        answered("short-fresh-nonce", "/app/short", DigestScenario::right));
  }
}
