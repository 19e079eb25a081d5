package org.wsgi4j.build;

/** The body of a {@code <VirtualHost>}. */
public final class VirtualHostBuilder extends HostBlockBuilder<VirtualHostBuilder> {
  @Override
  VirtualHostBuilder self() {
    return this;
  }
}
