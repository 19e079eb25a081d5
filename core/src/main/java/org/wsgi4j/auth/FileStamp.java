package org.wsgi4j.auth;

import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What identifies one version of an auth file: if any part changes, the cached parse is stale. The
 * file key (device and inode on Linux) catches an atomic replace by rename that keeps size and
 * modification time.
 *
 * @param size the size in bytes
 * @param lastModified the modification time at the file system's resolution
 * @param fileKey {@code BasicFileAttributes.fileKey()} (compared with {@code equals}), or an empty
 *     string when unknown
 */
public record FileStamp(long size, FileTime lastModified, Object fileKey) {
  public FileStamp {
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(fileKey, "fileKey");
  }
}
