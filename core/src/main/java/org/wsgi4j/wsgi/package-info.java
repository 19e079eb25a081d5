/**
 * The WSGI gateway's Java side: the request/response interface every host (servlet filter, CLI,
 * tests) implements, the environ exactly as mod_wsgi 4.9 builds it, and process-group pools. No
 * class here imports Jython; the runtime lives in {@code org.wsgi4j.wsgi.jython}.
 */
package org.wsgi4j.wsgi;
