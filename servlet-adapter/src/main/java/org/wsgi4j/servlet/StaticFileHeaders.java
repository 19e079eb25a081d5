package org.wsgi4j.servlet;

import com.google.common.collect.ImmutableList;
import java.util.Optional;
import org.wsgi4j.routing.MimeFacts;

/**
 * The content headers httpd's default handler sends for a file: mod_mime's type (with the types
 * file), encoding and languages for its name, {@code ForceType} over RewriteRule {@code [T]} over
 * the extensions' type, then {@code AddDefaultCharset}.
 *
 * @param contentType Content-Type, if any
 * @param encoding Content-Encoding, if any
 * @param languages Content-Language values (joined with {@code ,} when sent)
 */
public record StaticFileHeaders(
    Optional<String> contentType, Optional<String> encoding, ImmutableList<String> languages) {

  /**
   * The headers for one file.
   *
   * @param fileName the file's name (its last path segment)
   * @param mime the metadata in force for the file
   * @param rewriteType the type a RewriteRule {@code [T]} forces, if any
   */
  public static StaticFileHeaders of(
      String fileName, MimeFacts mime, Optional<String> rewriteType) {
    MimeTypes types = MimeTypes.forConfig(mime.typesConfig());
    MimeFacts.FileMetadata metadata = mime.describe(fileName, types::typeOfExtension);
    Optional<String> type =
        (mime.forceType().isPresent()
                ? metadata.contentType()
                : rewriteType.or(metadata::contentType))
            .map(mime::withDefaultCharset);
    return new StaticFileHeaders(type, metadata.encoding(), metadata.languages());
  }
}
