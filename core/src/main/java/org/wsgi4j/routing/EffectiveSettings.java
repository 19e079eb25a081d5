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
 * @param rewrite the per-directory rewrite program of the deepest context that has one
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
    ImmutableList<EnvRule> environment,
    RewriteProgram rewrite) {}
