package org.wsgi4j.servlet.containers;

import jakarta.servlet.Filter;

/**
 * One servlet container for the shared suite: a web application at the root with the given filter
 * on {@code /*} (request dispatch, async supported) in front of {@link Teapot}, configured so that
 * it leaves as many decisions about the request-target as it can to the filter.
 */
public interface ServletContainer {
  /** Starts on an ephemeral loopback port and returns it. */
  int start(Filter filter) throws Exception;

  /** Stops the container. */
  void stop() throws Exception;
}
