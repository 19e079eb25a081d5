package org.wsgi4j.routing;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.wsgi4j.model.FileEtag;

/**
 * The content metadata in force for one request after httpd's section merge: mod_mime's extension
 * table, {@code ForceType}, {@code AddDefaultCharset}, {@code FileETag} and the main server's
 * {@code TypesConfig}. {@link #describe} gives a file its headers as mod_mime's {@code find_ct} and
 * core's {@code ForceType} fix-up do; {@link #withDefaultCharset} is {@code ap_make_content_type},
 * which httpd applies to every answer's type (WSGI answers included).
 *
 * @param extensions the merged mappings by lower-case extension
 * @param defaultCharset the charset {@code AddDefaultCharset} adds, when it is on
 * @param forceType the type {@code ForceType} forces, when set (and not {@code None})
 * @param etagComponents {@link FileEtag#components()} of the merged {@code FileETag}
 * @param typesConfig the main server's {@code TypesConfig} file, if the configuration names one
 * @param defaultLanguage {@code DefaultLanguage}: the Content-Language of a file (and of a WSGI
 *     answer) whose extensions give none
 */
public record MimeFacts(
    ImmutableMap<String, ExtensionInfo> extensions,
    Optional<String> defaultCharset,
    Optional<String> forceType,
    int etagComponents,
    Optional<String> typesConfig,
    Optional<String> defaultLanguage) {

  /** Nothing configured: the types file alone, no charset, the default ETag. */
  public static final MimeFacts NONE =
      new MimeFacts(
          ImmutableMap.of(),
          Optional.empty(),
          Optional.empty(),
          FileEtag.DEFAULT,
          Optional.empty(),
          Optional.empty());

  private static final Splitter DOT = Splitter.on('.');

  public MimeFacts {
    Objects.requireNonNull(extensions, "extensions");
    Objects.requireNonNull(defaultCharset, "defaultCharset");
    Objects.requireNonNull(forceType, "forceType");
    Objects.requireNonNull(typesConfig, "typesConfig");
    Objects.requireNonNull(defaultLanguage, "defaultLanguage");
  }

  MimeFacts withTypesConfig(Optional<String> file) {
    return file.equals(typesConfig)
        ? this
        : new MimeFacts(
            extensions, defaultCharset, forceType, etagComponents, file, defaultLanguage);
  }

  /**
   * What mod_mime knows about one extension; each part is absent when no section set it. A type
   * that is present but empty comes from {@code RemoveType}: it hides the types file's mapping.
   */
  public record ExtensionInfo(
      Optional<String> type,
      Optional<String> charset,
      Optional<String> encoding,
      Optional<String> language) {
    static final ExtensionInfo EMPTY =
        new ExtensionInfo(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** {@code overlay_extension_mappings}: the parts {@code add} sets win. */
    ExtensionInfo overlaidWith(ExtensionInfo add) {
      return new ExtensionInfo(
          add.type.or(() -> type),
          add.charset.or(() -> charset),
          add.encoding.or(() -> encoding),
          add.language.or(() -> language));
    }
  }

  /**
   * The headers httpd's default handler sends for a file.
   *
   * @param contentType the Content-Type before {@code AddDefaultCharset}, if any
   * @param encoding Content-Encoding ({@code AddEncoding}s joined with {@code ", "})
   * @param languages Content-Language values in extension order (httpd joins them with {@code ,})
   */
  public record FileMetadata(
      Optional<String> contentType, Optional<String> encoding, ImmutableList<String> languages) {}

  /**
   * mod_mime's {@code find_ct} for a file name, then {@code ForceType}: every extension after the
   * first dot, in order, is looked up in lower case; a configured type wins over the types file's,
   * the last extension with a type decides, charsets and encodings likewise, languages add up.
   *
   * @param typesFile the types file's type for a lower-case extension, or null
   */
  public FileMetadata describe(String fileName, Function<String, String> typesFile) {
    List<String> parts = DOT.splitToList(fileName);
    String type = null;
    String charset = null;
    String encoding = null;
    ImmutableList.Builder<String> languages = ImmutableList.builder();
    for (int i = 1; i < parts.size(); i++) {
      String extension = parts.get(i).toLowerCase(Locale.ROOT);
      if (extension.isEmpty()) {
        continue;
      }
      ExtensionInfo info = extensions.get(extension);
      if (info == null || info.type().isEmpty()) {
        String found = typesFile.apply(extension);
        if (found != null) {
          type = found;
        }
      }
      if (info != null) {
        if (info.type().isPresent()) {
          type = info.type().get();
        }
        if (info.charset().isPresent()) {
          charset = info.charset().get();
        }
        if (info.language().isPresent()) {
          languages.add(info.language().get());
        }
        if (info.encoding().isPresent()) {
          encoding =
              encoding == null ? info.encoding().get() : encoding + ", " + info.encoding().get();
        }
      }
    }
    Optional<String> contentType = forceType;
    if (contentType.isEmpty() && type != null) {
      contentType = Optional.of(withParameters(type, charset));
    }
    ImmutableList<String> found = languages.build();
    if (found.isEmpty() && defaultLanguage.isPresent()) {
      // mod_mime's find_ct: DefaultLanguage when no extension gave a language.
      found = ImmutableList.of(defaultLanguage.get());
    }
    return new FileMetadata(
        contentType.filter(t -> !t.isEmpty()), Optional.ofNullable(encoding), found);
  }

  /**
   * The type as mod_mime rewrites it once known: {@code type/subtype}, each parameter as {@code ;
   * name=value}, and the extension's charset replacing a {@code charset} parameter or appended. A
   * type without a subtype stays as it is, without charset (httpd cannot parse it either).
   */
  static String withParameters(String type, String charset) {
    List<String> pieces = Splitter.on(';').trimResults().splitToList(type);
    String base = pieces.get(0);
    int slash = base.indexOf('/');
    if (slash <= 0 || slash == base.length() - 1) {
      return type;
    }
    StringBuilder out = new StringBuilder(base);
    boolean replaced = false;
    for (int i = 1; i < pieces.size(); i++) {
      String parameter = pieces.get(i);
      int equals = parameter.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = parameter.substring(0, equals).trim();
      String value = parameter.substring(equals + 1).trim();
      if (charset != null && name.equals("charset")) {
        if (!replaced) {
          out.append("; charset=").append(charset);
          replaced = true;
        }
      } else {
        out.append("; ").append(name).append('=').append(value);
      }
    }
    if (charset != null && !replaced) {
      out.append("; charset=").append(charset);
    }
    return out.toString();
  }

  /**
   * {@code ap_make_content_type}: with {@code AddDefaultCharset} on, a type that contains {@code
   * text/plain} or {@code text/html} (anywhere, any case) and no {@code charset=} gets {@code ;
   * charset=NAME} appended. Everything else is returned as it is.
   */
  public String withDefaultCharset(String contentType) {
    if (defaultCharset.isEmpty() || contentType.isEmpty()) {
      return contentType;
    }
    String lower = contentType.toLowerCase(Locale.ROOT);
    if (lower.contains("charset=")) {
      return contentType;
    }
    if (lower.contains("text/plain") || lower.contains("text/html")) {
      return contentType + "; charset=" + defaultCharset.get();
    }
    return contentType;
  }
}
