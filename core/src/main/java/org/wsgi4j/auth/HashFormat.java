package org.wsgi4j.auth;

/**
 * What kind of password hash an {@code AuthUserFile} line holds, recognised by prefix the way
 * {@code apr_password_validate} dispatches. A linter uses it to flag lines httpd on Linux will
 * never accept ({@link #PLAINTEXT}, {@link #EMPTY}) or that wsgi4j cannot check ({@link #UNKNOWN}).
 */
public enum HashFormat {
  /** {@code $2y$}, {@code $2a$} (APR's bundled crypt_blowfish), {@code $2b$}, {@code $2x$}. */
  BCRYPT(true),
  /** {@code $apr1$}: Apache's MD5, htpasswd's default. */
  APR1_MD5(true),
  /** {@code $1$}: glibc/libxcrypt MD5-crypt. */
  MD5_CRYPT(true),
  /** {@code $5$}, optionally with {@code rounds=N$}. */
  SHA256_CRYPT(true),
  /** {@code $6$}, optionally with {@code rounds=N$}. */
  SHA512_CRYPT(true),
  /** <code>{SHA}</code> followed by base64 of the unsalted SHA-1. */
  SHA1(true),
  /** 13 characters from {@code ./0-9A-Za-z}: traditional DES crypt (8 significant bytes). */
  DES_CRYPT(true),
  /**
   * Looks like another {@code crypt(3)} scheme ({@code $id$...} or BSDi {@code _...}). Debian's
   * libxcrypt accepts several of these ({@code $y$}, {@code $sha1$}, {@code $md5$}, {@code $3$},
   * {@code _}), so httpd may accept them; wsgi4j cannot check them and always rejects.
   */
  UNKNOWN(false),
  /** No hash at all (a line without a colon, or with nothing after it): never matches. */
  EMPTY(false),
  /**
   * Anything else, which in practice is a clear-text password ({@code htpasswd -p}). httpd on Linux
   * hands it to {@code crypt()} and so never accepts it; only Windows/NetWare/BeOS builds compare
   * clear text.
   */
  PLAINTEXT(false);

  private final boolean verifiable;

  HashFormat(boolean verifiable) {
    this.verifiable = verifiable;
  }

  /** Whether {@link PasswordVerifier} can ever accept a password for a hash of this format. */
  public boolean isVerifiable() {
    return verifiable;
  }

  /** Classifies a stored hash by its prefix (and, for DES, its shape). Never throws. */
  public static HashFormat detect(String hash) {
    if (hash.isEmpty()) {
      return EMPTY;
    }
    if (hash.length() >= 4
        && hash.startsWith("$2")
        && "abyx".indexOf(hash.charAt(2)) >= 0
        && hash.charAt(3) == '$') {
      return BCRYPT;
    }
    if (hash.startsWith("$apr1$")) {
      return APR1_MD5;
    }
    if (hash.startsWith("{SHA}")) {
      return SHA1;
    }
    if (hash.startsWith("$1$")) {
      return MD5_CRYPT;
    }
    if (hash.startsWith("$5$")) {
      return SHA256_CRYPT;
    }
    if (hash.startsWith("$6$")) {
      return SHA512_CRYPT;
    }
    if (isDesCrypt(hash)) {
      return DES_CRYPT;
    }
    if (hash.startsWith("_") || (hash.startsWith("$") && hash.indexOf('$', 1) > 1)) {
      return UNKNOWN;
    }
    return PLAINTEXT;
  }

  static boolean isDesCrypt(String hash) {
    if (hash.length() != 13) {
      return false;
    }
    for (int i = 0; i < hash.length(); i++) {
      if (!isCryptChar(hash.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The {@code crypt(3)} alphabet {@code ./0-9A-Za-z}. */
  static boolean isCryptChar(char c) {
    return c == '.'
        || c == '/'
        || (c >= '0' && c <= '9')
        || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z');
  }
}
