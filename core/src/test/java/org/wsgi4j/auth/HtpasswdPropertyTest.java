package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.wsgi4j.testing.Draw;
import org.wsgi4j.testing.Trials;

/**
 * Differential check against real APR: hashes written by {@code htpasswd} verify here with the same
 * password bytes and fail with a different one. Passwords go through stdin ({@code -i}) so that
 * arbitrary non-ASCII bytes reach htpasswd unchanged. Skipped when htpasswd is missing.
 */
@EnabledIf("htpasswdInstalled")
class HtpasswdPropertyTest {

  private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");

  /** htpasswd's algorithm flags. */
  enum Algorithm {
    BCRYPT("-niB", HashFormat.BCRYPT),
    APR1("-nim", HashFormat.APR1_MD5),
    SHA1("-nis", HashFormat.SHA1),
    SHA256("-ni2", HashFormat.SHA256_CRYPT),
    SHA512("-ni5", HashFormat.SHA512_CRYPT);

    final String flags;
    final HashFormat format;

    Algorithm(String flags, HashFormat format) {
      this.flags = flags;
      this.format = format;
    }
  }

  static boolean htpasswdInstalled() {
    return Files.isExecutable(HTPASSWD);
  }

  /**
   * 1 to 40 bytes, each printable ASCII or any byte but NUL, CR and LF (which end htpasswd's line).
   */
  private static byte[] password(Draw draw) {
    int length = draw.between(1, 40);
    byte[] password = new byte[length];
    for (int i = 0; i < length; i++) {
      password[i] =
          draw.bool()
              ? (byte) draw.between(0x20, 0x7e)
              : draw.until(Draw::anyByte, b -> b != 0 && b != '\n' && b != '\r');
    }
    return password;
  }

  @Test
  void hashesFromRealHtpasswdVerify() {
    Trials.check(
        20,
        draw -> {
          byte[] password = password(draw);
          Algorithm algorithm = draw.oneOf(Algorithm.values());
          String hash = htpasswd(algorithm, password);
          assertEquals(algorithm.format, HashFormat.detect(hash), hash);
          assertTrue(PasswordVerifier.verify(password, hash), hash);
          byte[] other = Arrays.copyOf(password, password.length + 1);
          other[password.length] = 'x';
          assertFalse(PasswordVerifier.verify(other, hash), hash);
          String latin1 = new String(password, StandardCharsets.ISO_8859_1);
          assertTrue(PasswordVerifier.verify(latin1, hash), hash);
        });
  }

  private static String htpasswd(Algorithm algorithm, byte[] password)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(HTPASSWD.toString(), algorithm.flags, "user")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(password);
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "htpasswd timed out");
    assertEquals(0, p.exitValue(), "htpasswd failed");
    String line = new String(out, StandardCharsets.ISO_8859_1).strip();
    return line.substring(line.indexOf(':') + 1);
  }
}
