package org.wsgi4j.syntax;

import org.wsgi4j.source.SourceSpan;

/** A node of the syntax tree of one configuration file. */
public sealed interface ConfNode permits Directive, Section, Comment, StrayCloseTag {
  SourceSpan span();
}
