/**
 * The WSGI runtime on Jython 2.7: interpreters per application group, script loading like mod_wsgi,
 * and the PEP 3333 call with mod_wsgi's response rules. The only package that imports {@code
 * org.python}.
 */
package org.wsgi4j.wsgi.jython;
