package org.wsgi4j.auth;

import java.util.Objects;

/**
 * The outcome of checking Basic credentials against an {@code AuthUserFile}: what mod_authn_file's
 * {@code AUTH_GRANTED}, {@code AUTH_USER_NOT_FOUND}/{@code AUTH_DENIED} and {@code
 * AUTH_GENERAL_ERROR} become.
 */
public sealed interface AuthenticationResult {

  /** Credentials accepted; {@code user} becomes {@code REMOTE_USER} exactly as sent. */
  record Authenticated(String user) implements AuthenticationResult {
    public Authenticated {
      Objects.requireNonNull(user, "user");
    }
  }

  /** Credentials refused: httpd answers 401 and re-sends the challenge. */
  record Rejected(String user, Reason reason) implements AuthenticationResult {
    public Rejected {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(reason, "reason");
    }

    /** The error-log line httpd writes for this refusal. */
    public String logMessage(String uri) {
      return reason.logMessage(user, uri);
    }
  }

  /**
   * The user file could not be read: httpd answers 500 (never 200, never 401), logging "Could not
   * open password file".
   */
  record Unavailable(String detail) implements AuthenticationResult {
    public Unavailable {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why credentials were refused, worded as httpd's error log words it. */
  enum Reason {
    /** AH01618: no line for the user name in the file. */
    USER_NOT_FOUND,
    /** AH01617: the line exists but the password does not match its hash. */
    PASSWORD_MISMATCH;

    /** httpd's log text for this reason. */
    public String logMessage(String user, String uri) {
      return switch (this) {
        case USER_NOT_FOUND -> "user " + user + " not found: " + uri;
        case PASSWORD_MISMATCH ->
            "user " + user + ": authentication failure for \"" + uri + "\": Password Mismatch";
      };
    }
  }
}
