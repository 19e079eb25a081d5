package org.wsgi4j.lint;

import com.google.common.collect.ImmutableList;

/** The built-in rules, one per {@link LintCode}, in code order. */
final class Rules {
  private Rules() {}

  static final ImmutableList<LintRule> ALL =
      ImmutableList.of(
          LintRule.of(LintCode.W301, WsgiRules::daemonUnused),
          LintRule.of(LintCode.W302, WsgiRules::sharedSettings),
          LintRule.of(LintCode.W303, WsgiRules::setdefaultShared),
          LintRule.of(LintCode.W304, WsgiRules::maximumRequests),
          LintRule.of(LintCode.W305, WsgiRules::processGroupNotAccessible),
          LintRule.of(LintCode.W306, WsgiRules::runsEmbedded),
          LintRule.of(LintCode.W307, WsgiRules::applicationGroupFromRequest),
          LintRule.of(LintCode.W308, WsgiRules::passAuthorization),
          LintRule.of(LintCode.W309, WsgiRules::scriptInDocumentRoot),
          LintRule.of(LintCode.W310, WsgiRules::documentRootHasScripts),
          LintRule.of(LintCode.W311, WsgiRules::indexesOnScriptDirectory),
          LintRule.of(LintCode.W312, WsgiRules::aliasTrailingSlash),
          LintRule.of(LintCode.W313, WsgiRules::aliasShadowed),
          LintRule.of(LintCode.W314, WsgiRules::aliasMatchUnanchored),
          LintRule.of(LintCode.W315, WsgiRules::scriptChosenByUrl),
          LintRule.of(LintCode.W320, RewriteRules::engineNotOn),
          LintRule.of(LintCode.W321, RewriteRules::unreachable),
          LintRule.of(LintCode.W322, RewriteRules::needsPassThrough),
          LintRule.of(LintCode.W323, RewriteRules::redirectWithoutLast),
          LintRule.of(LintCode.W324, RewriteRules::patternQueryString),
          LintRule.of(LintCode.W325, RewriteRules::directoryLeadingSlash),
          LintRule.of(LintCode.W326, RewriteRules::danglingCondition),
          LintRule.of(LintCode.W327, RewriteRules::catastrophicBacktracking),
          LintRule.of(LintCode.W330, AuthRules::endAnchored),
          LintRule.of(LintCode.W331, AuthRules::locationTrailingSlash),
          LintRule.of(LintCode.W332, AuthRules::authTypeWithoutRequire),
          LintRule.of(LintCode.W333, AuthRules::requireWithoutAuthType),
          LintRule.of(LintCode.W334, AuthRules::authNameMissing),
          LintRule.of(LintCode.W335, AuthRules::userFileUnset),
          LintRule.of(LintCode.W336, AuthRules::allGrantedWithAuth),
          LintRule.of(LintCode.W337, AuthRules::plaintext),
          LintRule.of(LintCode.W338, AuthRules::weakHash),
          LintRule.of(LintCode.W339, AuthRules::fileInDocumentRoot),
          LintRule.of(LintCode.W340, AuthRules::mixedAccess),
          LintRule.of(LintCode.W341, AuthRules::satisfyAnyAllowAll),
          LintRule.of(LintCode.W342, AuthRules::caseMismatch),
          LintRule.of(LintCode.W350, HostRules::traceEnable),
          LintRule.of(LintCode.W351, HostRules::encodedSlashes),
          LintRule.of(LintCode.W352, HostRules::directoryMissing),
          LintRule.of(LintCode.W353, HostRules::locationIsFilePath),
          LintRule.of(LintCode.W354, HostRules::duplicateNames),
          LintRule.of(LintCode.W355, HostRules::unreachable),
          LintRule.of(LintCode.W356, HostRules::httpPrefix),
          LintRule.of(LintCode.I401, AuthRules::unanchored),
          LintRule.of(LintCode.I402, AuthRules::worldReadable),
          LintRule.of(LintCode.I403, AuthRules::accessCompatDeprecated),
          LintRule.of(LintCode.I404, WsgiRules::setEnvNotInOsEnviron),
          LintRule.of(LintCode.I405, HostRules::withoutServerName),
          LintRule.of(LintCode.I406, WsgiRules::threadsWithoutGil),
          LintRule.of(LintCode.I407, RewriteRules::optionWithoutEffect));
}
