/**
 * Apache httpd's Basic authentication, reproduced byte for byte: how mod_auth_basic reads the
 * {@code Authorization} header, how mod_authn_file reads an {@code AuthUserFile}, how
 * mod_authz_groupfile reads an {@code AuthGroupFile}, and how apr-util's {@code
 * apr_password_validate} (with glibc/libxcrypt {@code crypt()} behind it, as on Debian) checks a
 * password against a stored hash. Nothing here knows about servlets, routing or Python: files come
 * in through {@link org.wsgi4j.auth.AuthFileSource} so the callers stay pure and tests can use
 * in-memory files.
 */
package org.wsgi4j.auth;
