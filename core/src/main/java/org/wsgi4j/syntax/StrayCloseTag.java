package org.wsgi4j.syntax;

import org.wsgi4j.source.SourceSpan;

/**
 * A closing tag with no open section of that name. It is an error only where httpd reads it: in a
 * false conditional section httpd skips it unseen.
 */
public record StrayCloseTag(String name, boolean missingGt, SourceSpan span) implements ConfNode {}
