package org.wsgi4j.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where {@link CredentialStore} gets the bytes of {@code AuthUserFile}/{@code AuthGroupFile} from.
 * An interface so that the authentication logic stays free of I/O policy and tests can use
 * in-memory files.
 */
public interface AuthFileSource {

  /**
   * The current version of the file, cheap to call on every request.
   *
   * @throws IOException when the file cannot be examined (httpd then answers 500)
   */
  FileStamp stamp(Path path) throws IOException;

  /**
   * The whole content of the file.
   *
   * @throws IOException when the file cannot be read (httpd then answers 500)
   */
  byte[] read(Path path) throws IOException;

  /** The real file system, following symbolic links as httpd's {@code open()} does. */
  static AuthFileSource fileSystem() {
    return new AuthFileSource() {
      @Override
      public FileStamp stamp(Path path) throws IOException {
        BasicFileAttributes attrs =
            Files.readAttributes(path, BasicFileAttributes.class, new LinkOption[0]);
        if (!attrs.isRegularFile()) {
          throw new IOException("not a regular file: " + path);
        }
        Object key = attrs.fileKey();
        return new FileStamp(attrs.size(), attrs.lastModifiedTime(), key == null ? "" : key);
      }

      @Override
      public byte[] read(Path path) throws IOException {
        return Files.readAllBytes(path);
      }
    };
  }
}
