package org.wsgi4j.files;

/**
 * What the router may ask of the file system: existence and kind of a path. Behind an interface so
 * that routing stays a pure function in tests and can run against a snapshot.
 */
public interface FileSystemView {
  boolean isRegularFile(String path);

  boolean isDirectory(String path);

  boolean exists(String path);

  long size(String path);

  boolean isSymbolicLink(String path);

  boolean isExecutable(String path);
}
