package org.wsgi4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
  private static final Path USERS = Path.of("/etc/httpd/users");
  private static final Path GROUPS = Path.of("/etc/httpd/groups");
  private static final String BCRYPT =
      "$2y$05$90S21l0fYuG79c5OazYrsOYFIwNBoNhLfg6Ntw2Rg5dbpqTd4lqsO";
  private static final String APR1 = "$apr1$TsN8Gm5n$pFxjjqbhFH/kxgS5qbkz40";

  private final MemoryAuthFileSource files = new MemoryAuthFileSource();
  private final CredentialStore store = new CredentialStore(files, 16);

  private AuthenticationResult auth(String user, String password) {
    return store.authenticate(USERS, new BasicCredentials(user, password));
  }

  @Test
  void outcomesMirrorModAuthnFile() {
    files.write(USERS, "test:" + BCRYPT + "\nplain:secret\n");
    assertEquals(new AuthenticationResult.Authenticated("test"), auth("test", "secret"));
    assertEquals(
        new AuthenticationResult.Rejected("test", AuthenticationResult.Reason.PASSWORD_MISMATCH),
        auth("test", "Secret"));
    assertEquals(
        new AuthenticationResult.Rejected("Test", AuthenticationResult.Reason.USER_NOT_FOUND),
        auth("Test", "secret"));
    assertEquals(
        new AuthenticationResult.Rejected("plain", AuthenticationResult.Reason.PASSWORD_MISMATCH),
        auth("plain", "secret"));
  }

  private static String header(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void anAcceptedHeaderCountsOnlyWhileTheFileIsUnchanged() {
    files.write(USERS, "test:" + BCRYPT + "\n");
    String header = header("test", "secret");
    assertEquals(new AuthenticationResult.Authenticated("test"), store.authenticate(USERS, header));
    assertEquals(new AuthenticationResult.Authenticated("test"), store.authenticate(USERS, header));
    // The user is removed: the remembered header no longer counts.
    files.write(USERS, "other:" + BCRYPT + "\n");
    assertEquals(
        new AuthenticationResult.Rejected("test", AuthenticationResult.Reason.USER_NOT_FOUND),
        store.authenticate(USERS, header));
    // The file cannot be read: 500, not a remembered success.
    files.write(USERS, "test:" + BCRYPT + "\n");
    assertEquals(new AuthenticationResult.Authenticated("test"), store.authenticate(USERS, header));
    files.delete(USERS);
    assertInstanceOf(AuthenticationResult.Unavailable.class, store.authenticate(USERS, header));
  }

  @Test
  void aHeaderThatIsNotBasicCredentialsNamesNoUser() {
    files.write(USERS, "test:" + BCRYPT + "\n");
    assertEquals(
        new AuthenticationResult.Rejected("", AuthenticationResult.Reason.USER_NOT_FOUND),
        store.authenticate(USERS, "Bearer abc"));
    assertEquals(
        new AuthenticationResult.Rejected("test", AuthenticationResult.Reason.PASSWORD_MISMATCH),
        store.authenticate(USERS, header("test", "wrong")));
  }

  @Test
  void garbledHeaderEndsAsUserNotFound() {
    files.write(USERS, "test:" + APR1 + "\n");
    BasicCredentials garbled = BasicCredentials.parse("Basic !!!").orElseThrow();
    AuthenticationResult r = store.authenticate(USERS, garbled);
    assertEquals(
        new AuthenticationResult.Rejected("", AuthenticationResult.Reason.USER_NOT_FOUND), r);
    assertEquals("user  not found: /x", ((AuthenticationResult.Rejected) r).logMessage("/x"));
  }

  @Test
  void logMessagesUseHttpdWording() {
    assertEquals(
        "user bob: authentication failure for \"/private/\": Password Mismatch",
        AuthenticationResult.Reason.PASSWORD_MISMATCH.logMessage("bob", "/private/"));
    assertEquals(
        "user bob not found: /private/",
        AuthenticationResult.Reason.USER_NOT_FOUND.logMessage("bob", "/private/"));
  }

  @Test
  void parsedFileIsCachedUntilItChanges() {
    files.write(USERS, "test:" + APR1 + "\n");
    assertInstanceOf(AuthenticationResult.Authenticated.class, auth("test", "secret"));
    assertInstanceOf(AuthenticationResult.Rejected.class, auth("new", "secret"));
    assertEquals(1, files.reads.get());

    files.write(USERS, "new:" + APR1 + "\n");
    assertInstanceOf(AuthenticationResult.Authenticated.class, auth("new", "secret"));
    assertEquals(
        new AuthenticationResult.Rejected("test", AuthenticationResult.Reason.USER_NOT_FOUND),
        auth("test", "secret"),
        "a removed user is rejected as soon as the file changes");
    assertEquals(2, files.reads.get());
  }

  @Test
  void aStampIntervalDelaysChangesByAtMostThatInterval() {
    long[] now = {0};
    CredentialStore timed = new CredentialStore(files, 16, 100, () -> now[0]);
    files.write(USERS, "test:" + APR1 + "\n");
    String header = header("test", "secret");
    assertEquals(new AuthenticationResult.Authenticated("test"), timed.authenticate(USERS, header));
    int stamps = files.stamps.get();
    // The user is removed; within the interval the stamp is not read again.
    files.write(USERS, "other:" + APR1 + "\n");
    now[0] = 99;
    assertEquals(new AuthenticationResult.Authenticated("test"), timed.authenticate(USERS, header));
    assertEquals(stamps, files.stamps.get());
    // Once the interval has passed, the change counts: neither the remembered header nor the
    // remembered verification lets the removed user in.
    now[0] = 100;
    assertEquals(
        new AuthenticationResult.Rejected("test", AuthenticationResult.Reason.USER_NOT_FOUND),
        timed.authenticate(USERS, header));
    assertEquals(
        new AuthenticationResult.Rejected("test", AuthenticationResult.Reason.USER_NOT_FOUND),
        timed.authenticate(USERS, new BasicCredentials("test", "secret")));
    // A wrong password is never remembered as good, inside the interval or not.
    files.write(USERS, "test:" + APR1 + "\n");
    now[0] = 300;
    assertInstanceOf(
        AuthenticationResult.Rejected.class, timed.authenticate(USERS, header("test", "wrong")));
    assertInstanceOf(
        AuthenticationResult.Rejected.class, timed.authenticate(USERS, header("test", "wrong")));
    // A file that disappears is a 500 once the interval has passed, never a remembered success.
    assertEquals(new AuthenticationResult.Authenticated("test"), timed.authenticate(USERS, header));
    files.delete(USERS);
    now[0] = 400;
    assertInstanceOf(AuthenticationResult.Unavailable.class, timed.authenticate(USERS, header));
    assertInstanceOf(AuthenticationResult.Unavailable.class, timed.authenticate(USERS, header));
  }

  @Test
  void deletedFileIsUnavailableNeverCachedSuccess() {
    files.write(USERS, "test:" + APR1 + "\n");
    assertInstanceOf(AuthenticationResult.Authenticated.class, auth("test", "secret"));
    files.delete(USERS);
    assertInstanceOf(AuthenticationResult.Unavailable.class, auth("test", "secret"));
  }

  @Test
  void successfulVerificationsAreCachedByDigestAndFailuresAreNot() {
    files.write(USERS, "test:" + BCRYPT + "\n");
    assertFalse(store.isVerificationCached("test", BCRYPT, "secret"));
    auth("test", "secret");
    assertTrue(store.isVerificationCached("test", BCRYPT, "secret"));
    auth("test", "wrong");
    assertFalse(store.isVerificationCached("test", BCRYPT, "wrong"));
    // a new hash for the same user misses the cache, so a password change takes effect
    files.write(USERS, "test:" + APR1.replace('z', 'y') + "\n");
    assertInstanceOf(AuthenticationResult.Rejected.class, auth("test", "secret"));
  }

  @Test
  void zeroSizedVerificationCacheStillAuthenticates() {
    CredentialStore uncached = new CredentialStore(files, 0);
    files.write(USERS, "test:" + APR1 + "\n");
    assertInstanceOf(
        AuthenticationResult.Authenticated.class,
        uncached.authenticate(USERS, new BasicCredentials("test", "secret")));
    assertFalse(uncached.isVerificationCached("test", APR1, "secret"));
  }

  @Test
  void groupFilesAreCachedAndReloaded() throws IOException {
    files.write(GROUPS, "admins: alice\n");
    assertEquals(ImmutableSet.of("admins"), store.groupsOf(GROUPS, "alice"));
    files.write(GROUPS, "admins: bob\n");
    assertEquals(ImmutableSet.of(), store.groupsOf(GROUPS, "alice"));
    files.delete(GROUPS);
    assertThrows(IOException.class, () -> store.groupsOf(GROUPS, "bob"));
  }

  @Test
  void concurrentAuthenticationWhileTheFileChanges() throws Exception {
    files.write(USERS, "test:" + APR1 + "\n");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AuthenticationResult>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        if (i % 20 == 0) {
          files.write(USERS, "# rewrite " + i + "\ntest:" + APR1 + "\n");
        }
        results.add(pool.submit(() -> auth("test", "secret")));
      }
      for (Future<AuthenticationResult> r : results) {
        assertEquals(new AuthenticationResult.Authenticated("test"), r.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void realFileSystemReloadsOnChange(@TempDir Path dir) throws IOException {
    Path users = dir.resolve("users");
    Files.writeString(users, "test:" + APR1 + "\n", StandardCharsets.ISO_8859_1);
    CredentialStore fs = new CredentialStore(AuthFileSource.fileSystem(), 16);
    assertInstanceOf(
        AuthenticationResult.Authenticated.class,
        fs.authenticate(users, new BasicCredentials("test", "secret")));
    Files.writeString(users, "other:" + APR1 + "\n", StandardCharsets.ISO_8859_1);
    Files.setLastModifiedTime(users, FileTime.fromMillis(0));
    assertInstanceOf(
        AuthenticationResult.Rejected.class,
        fs.authenticate(users, new BasicCredentials("test", "secret")));
    assertInstanceOf(
        AuthenticationResult.Unavailable.class,
        fs.authenticate(dir, new BasicCredentials("test", "secret")),
        "a directory is not a password file");
  }
}
