package org.wsgi4j.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.Optional;

/**
 * The content metadata one section sets for the files it covers: mod_mime's per-extension mappings
 * and core's {@code AddDefaultCharset}, {@code ForceType} and {@code FileETag}. Empty values mean
 * "not set here", so merging can tell inherit from override.
 *
 * @param extensionRules {@code AddType}, {@code AddCharset}, {@code AddEncoding}, {@code
 *     AddLanguage}, their {@code Remove*} counterparts, in configuration order
 * @param defaultCharset {@code AddDefaultCharset}: the charset name ({@code On} is {@code
 *     iso-8859-1}), or the empty string for {@code Off}
 * @param forceType {@code ForceType} in lower case ({@code none} cancels an inherited one)
 * @param fileEtag {@code FileETag}
 * @param defaultLanguage {@code DefaultLanguage} as written (httpd keeps its case, and {@code none}
 *     is a language like any other: recorded)
 */
public record MimeSettings(
    ImmutableList<ExtensionRule> extensionRules,
    Optional<String> defaultCharset,
    Optional<String> forceType,
    FileEtag fileEtag,
    Optional<String> defaultLanguage) {

  private static final MimeSettings UNSET =
      new MimeSettings(
          ImmutableList.of(), Optional.empty(), Optional.empty(), FileEtag.UNSET, Optional.empty());

  public MimeSettings {
    Objects.requireNonNull(extensionRules, "extensionRules");
    Objects.requireNonNull(defaultCharset, "defaultCharset");
    Objects.requireNonNull(forceType, "forceType");
    Objects.requireNonNull(fileEtag, "fileEtag");
    Objects.requireNonNull(defaultLanguage, "defaultLanguage");
  }

  public static MimeSettings unset() {
    return UNSET;
  }

  public boolean isUnset() {
    return equals(UNSET);
  }

  /** Which metadata of an extension a rule sets or removes. */
  public enum Field {
    TYPE,
    CHARSET,
    ENCODING,
    LANGUAGE
  }

  /**
   * One extension's mapping as written: {@code AddCharset utf-8 .txt} is {@code (CHARSET, false,
   * "utf-8", "txt")}. {@code RemoveType} is an {@code AddType} of the empty type (httpd 2.4 does
   * the same, so that it also hides the types file's mapping); the other {@code Remove*} directives
   * remove the field when the section is merged.
   *
   * @param field what the rule sets
   * @param remove true for {@code RemoveCharset}, {@code RemoveEncoding} and {@code RemoveLanguage}
   * @param value the value in lower case (empty for a removal)
   * @param extension the extension in lower case, without a leading dot
   */
  public record ExtensionRule(Field field, boolean remove, String value, String extension) {
    public ExtensionRule {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(extension, "extension");
    }
  }
}
