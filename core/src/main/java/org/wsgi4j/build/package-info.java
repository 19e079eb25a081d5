/**
 * Configuring wsgi4j from Java: a fluent builder whose methods mirror the httpd directives, and a
 * printer that writes a model back as configuration text. Builder-made configurations go through
 * the same reader and compiler as files, so they get the same checks.
 */
package org.wsgi4j.build;
