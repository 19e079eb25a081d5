package org.wsgi4j.servlet.containers;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/** The suite in Jetty. Deviations: see docs/containers.md. */
class JettyContainerTest extends ContainerSuite {
  @Override
  protected ServletContainer newContainer() {
    return new JettyContainer();
  }

  @Override
  protected Map<String, String> containerDeviations() {
    return ImmutableMap.of(
        // raw UTF-8 bytes in the request line reach the filter decoded as UTF-8, not as bytes
        "edge-raw-utf8",
        "PATH_INFO '/café' (Apache: '/cafÃ©')",
        // %00 is refused by Jetty's URI parser even with UriCompliance.UNSAFE
        "edge-encoded-nul",
        "status 400 (expected 404)",
        // OPTIONS * is answered by Jetty itself
        "edge-asterisk",
        "status 404 (expected 200)");
  }
}
