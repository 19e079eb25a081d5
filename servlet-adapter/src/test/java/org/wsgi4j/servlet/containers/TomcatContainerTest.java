package org.wsgi4j.servlet.containers;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/** The suite in Tomcat. Deviations: see docs/containers.md. */
class TomcatContainerTest extends ContainerSuite {
  @Override
  protected ServletContainer newContainer() {
    return new TomcatContainer();
  }

  @Override
  protected Map<String, String> containerDeviations() {
    return ImmutableMap.of(
        // a raw backslash in the path is refused by the HTTP parser
        "edge-raw-backslash",
        "status 400 (expected 200)",
        // raw non-ASCII bytes in the request line are refused by the HTTP parser
        "edge-raw-utf8",
        "status 400 (expected 200)",
        // %00 is refused while Tomcat decodes the path for mapping
        "edge-encoded-nul",
        "status 400 (expected 404)");
  }
}
