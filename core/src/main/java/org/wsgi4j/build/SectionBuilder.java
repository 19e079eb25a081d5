package org.wsgi4j.build;

/** The body of a Directory, Location, Files or other section. */
public final class SectionBuilder extends BlockBuilder<SectionBuilder> {
  @Override
  SectionBuilder self() {
    return this;
  }
}
