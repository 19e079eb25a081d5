package org.wsgi4j.servlet.containers;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/** The suite in Undertow. Deviations: see docs/containers.md. */
class UndertowContainerTest extends ContainerSuite {
  @Override
  protected ServletContainer newContainer() {
    return new UndertowContainer();
  }

  @Override
  protected Map<String, String> containerDeviations() {
    return ImmutableMap.of(
        // OPTIONS * fails inside Undertow's servlet mapping
        "edge-asterisk", "status 500 (expected 200)");
  }
}
