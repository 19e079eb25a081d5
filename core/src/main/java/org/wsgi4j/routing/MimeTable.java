package org.wsgi4j.routing;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.wsgi4j.model.MimeSettings;
import org.wsgi4j.model.MimeSettings.ExtensionRule;
import org.wsgi4j.routing.MimeFacts.ExtensionInfo;

/**
 * mod_mime's per-directory configuration and its merge ({@code merge_mime_dir_configs}): the
 * extension table, and the {@code RemoveCharset}/{@code RemoveEncoding}/{@code RemoveLanguage}
 * entries of a section, which apply when that section is merged onto what came before and are then
 * forgotten. So when several {@code <Location>} sections match, httpd merges them among themselves
 * first and their removals never reach the {@code <Directory>} mappings (recorded in the
 * filter-mime-types case).
 */
final class MimeTable {
  static final MimeTable EMPTY = new MimeTable(ImmutableMap.of(), ImmutableList.of());

  private final ImmutableMap<String, ExtensionInfo> mappings;
  private final ImmutableList<ExtensionRule> removals;

  private MimeTable(
      ImmutableMap<String, ExtensionInfo> mappings, ImmutableList<ExtensionRule> removals) {
    this.mappings = mappings;
    this.removals = removals;
  }

  /** One section's table as its directives build it, in order. */
  static MimeTable of(MimeSettings settings) {
    if (settings.extensionRules().isEmpty()) {
      return EMPTY;
    }
    Map<String, ExtensionInfo> table = new HashMap<>();
    ImmutableList.Builder<ExtensionRule> removals = ImmutableList.builder();
    for (ExtensionRule rule : settings.extensionRules()) {
      if (rule.remove()) {
        removals.add(rule);
        continue;
      }
      ExtensionInfo info = table.getOrDefault(rule.extension(), ExtensionInfo.EMPTY);
      table.put(rule.extension(), info.overlaidWith(single(rule)));
    }
    return new MimeTable(ImmutableMap.copyOf(table), removals.build());
  }

  private static ExtensionInfo single(ExtensionRule rule) {
    Optional<String> value = Optional.of(rule.value());
    Optional<String> none = Optional.empty();
    return switch (rule.field()) {
      case TYPE -> new ExtensionInfo(value, none, none, none);
      case CHARSET -> new ExtensionInfo(none, value, none, none);
      case ENCODING -> new ExtensionInfo(none, none, value, none);
      case LANGUAGE -> new ExtensionInfo(none, none, none, value);
    };
  }

  boolean isEmpty() {
    return mappings.isEmpty() && removals.isEmpty();
  }

  /** {@code add} merged onto this table: its mappings overlay, then its removals apply. */
  MimeTable merge(MimeTable add) {
    if (add.isEmpty()) {
      return removals.isEmpty() ? this : new MimeTable(mappings, ImmutableList.of());
    }
    Map<String, ExtensionInfo> merged = new HashMap<>(mappings);
    add.mappings.forEach(
        (extension, info) -> merged.merge(extension, info, ExtensionInfo::overlaidWith));
    for (ExtensionRule removal : add.removals) {
      ExtensionInfo info = merged.get(removal.extension());
      if (info != null) {
        merged.put(removal.extension(), without(info, removal));
      }
    }
    return new MimeTable(ImmutableMap.copyOf(merged), ImmutableList.of());
  }

  private static ExtensionInfo without(ExtensionInfo info, ExtensionRule removal) {
    Optional<String> none = Optional.empty();
    return switch (removal.field()) {
      case TYPE -> new ExtensionInfo(none, info.charset(), info.encoding(), info.language());
      case CHARSET -> new ExtensionInfo(info.type(), none, info.encoding(), info.language());
      case ENCODING -> new ExtensionInfo(info.type(), info.charset(), none, info.language());
      case LANGUAGE -> new ExtensionInfo(info.type(), info.charset(), info.encoding(), none);
    };
  }

  ImmutableMap<String, ExtensionInfo> mappings() {
    return mappings;
  }
}
