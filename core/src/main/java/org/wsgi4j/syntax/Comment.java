package org.wsgi4j.syntax;

import org.wsgi4j.source.SourceSpan;

/** A comment line, kept so that printed configuration keeps its explanations. */
public record Comment(String text, SourceSpan span) implements ConfNode {}
