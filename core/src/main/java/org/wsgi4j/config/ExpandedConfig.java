package org.wsgi4j.config;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.nio.file.Path;
import org.wsgi4j.syntax.ConfNode;

/**
 * The configuration as httpd acts on it: includes inlined, false conditional sections dropped, true
 * ones replaced by their bodies, variables substituted, directive names in canonical spelling. Only
 * directives and sections remain, each still carrying its source span.
 *
 * @param nodes the top-level directives and sections
 * @param files every file that was read, in reading order
 * @param loadedModules the source file names of the modules in effect
 * @param allModulesAssumed true when the configuration loads no module itself (a fragment such as a
 *     single virtual host) and is read as if every known module were loaded
 * @param serverRoot the ServerRoot in effect at the end of reading
 */
public record ExpandedConfig(
    ImmutableList<ConfNode> nodes,
    ImmutableList<Path> files,
    ImmutableSet<String> loadedModules,
    boolean allModulesAssumed,
    Path serverRoot) {}
