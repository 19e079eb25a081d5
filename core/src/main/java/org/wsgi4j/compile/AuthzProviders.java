package org.wsgi4j.compile;

import com.google.common.collect.ImmutableMap;
import java.util.Locale;
import java.util.Set;

/**
 * Which module registers each authentication and authorization provider name: httpd refuses a
 * provider no loaded module provides ("Unknown Authz provider: X").
 */
final class AuthzProviders {
  private static final ImmutableMap<String, String> AUTHZ =
      ImmutableMap.<String, String>builder()
          .put("all", "mod_authz_core.c")
          .put("env", "mod_authz_core.c")
          .put("method", "mod_authz_core.c")
          .put("expr", "mod_authz_core.c")
          .put("valid-user", "mod_authz_user.c")
          .put("user", "mod_authz_user.c")
          .put("group", "mod_authz_groupfile.c")
          .put("ip", "mod_authz_host.c")
          .put("host", "mod_authz_host.c")
          .put("local", "mod_authz_host.c")
          .put("forward-dns", "mod_authz_host.c")
          .put("file-owner", "mod_authz_owner.c")
          .put("file-group", "mod_authz_owner.c")
          .put("dbm-group", "mod_authz_dbm.c")
          .put("dbd-group", "mod_authz_dbd.c")
          .put("dbd-login", "mod_authz_dbd.c")
          .put("dbd-logout", "mod_authz_dbd.c")
          .put("ldap-user", "mod_authnz_ldap.c")
          .put("ldap-group", "mod_authnz_ldap.c")
          .put("ldap-dn", "mod_authnz_ldap.c")
          .put("ldap-attribute", "mod_authnz_ldap.c")
          .put("ldap-filter", "mod_authnz_ldap.c")
          .put("ldap-search", "mod_authnz_ldap.c")
          .put("wsgi-group", "mod_wsgi.c")
          .buildOrThrow();

  private static final ImmutableMap<String, String> AUTHN =
      ImmutableMap.<String, String>builder()
          .put("file", "mod_authn_file.c")
          .put("dbm", "mod_authn_dbm.c")
          .put("anon", "mod_authn_anon.c")
          .put("dbd", "mod_authn_dbd.c")
          .put("socache", "mod_authn_socache.c")
          .put("ldap", "mod_authnz_ldap.c")
          .put("wsgi", "mod_wsgi.c")
          .buildOrThrow();

  /** Authn providers without {@code get_realm_hash}: AuthDigestProvider refuses them. */
  private static final java.util.Set<String> WITHOUT_REALM_HASH = java.util.Set.of("anon", "ldap");

  private AuthzProviders() {}

  /** Whether an (known) authn provider can answer Digest authentication. */
  static boolean authnHasRealmHash(String provider) {
    return !WITHOUT_REALM_HASH.contains(provider.toLowerCase(Locale.ROOT));
  }

  static boolean authzKnown(String provider, Set<String> loadedModules) {
    String module = AUTHZ.get(provider.toLowerCase(Locale.ROOT));
    return module != null && loadedModules.contains(module);
  }

  static boolean authnKnown(String provider, Set<String> loadedModules) {
    String module = AUTHN.get(provider.toLowerCase(Locale.ROOT));
    return module != null && loadedModules.contains(module);
  }
}
