/**
 * The typed, immutable routing model compiled from an httpd configuration: what wsgi4j implements
 * of it. Every element remembers its origin in the configuration. Nothing here imports ANTLR,
 * Jakarta or Jython.
 */
package org.wsgi4j.model;
