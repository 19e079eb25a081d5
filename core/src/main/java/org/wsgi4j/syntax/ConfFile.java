package org.wsgi4j.syntax;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;

/** The syntax tree of one configuration file, before includes and conditions are applied. */
public record ConfFile(Path path, ImmutableList<ConfNode> nodes) {}
