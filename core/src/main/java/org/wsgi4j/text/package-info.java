/**
 * Small text conversions with C's semantics that several stages need the same way (httpd and
 * mod_wsgi parse numbers with the C library). Depends on nothing else in wsgi4j, so any stage may
 * use it.
 */
package org.wsgi4j.text;
