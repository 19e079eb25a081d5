package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.wsgi4j.model.AuthSettings;
import org.wsgi4j.model.AuthzRule;
import org.wsgi4j.model.EnvRule;
import org.wsgi4j.model.HostRule;
import org.wsgi4j.model.RewriteProgram;
import org.wsgi4j.model.WsgiSettings;

/**
 * The per-directory settings in force for one request, after httpd's section merge.
 *
 * @param accessConfigured whether any Order/Allow/Deny applies (otherwise access_compat allows)
 * @param order the Order in force, {@code deny,allow} by default
 * @param anyAuthorization whether any Require applies to some method (a Require inside a {@code
 *     <Limit>} for other methods still counts for httpd's "AuthType without Require" check)
 * @param rewrite the per-directory rewrite program of the deepest context that has one
 * @param rewriteDirectory the directory prefix that program strips ({@code <Directory>} path with a
 *     trailing slash); empty for a {@code <Location>} program, which strips nothing
 * @param options the Options of the deepest section that sets them
 * @param mime the merged content metadata (without the TypesConfig, which is the main server's)
 */
record EffectiveSettings(
    WsgiSettings wsgi,
    AuthSettings auth,
    boolean accessConfigured,
    String order,
    ImmutableList<HostRule> allow,
    ImmutableList<HostRule> deny,
    String satisfy,
    Optional<AuthzRule> authorization,
    boolean anyAuthorization,
    ImmutableList<EnvRule> environment,
    RewriteProgram rewrite,
    Optional<String> rewriteDirectory,
    ImmutableList<String> options,
    MimeFacts mime) {}
