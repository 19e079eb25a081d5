package org.wsgi4j.servlet;

import com.google.common.base.Splitter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.wsgi4j.model.FileEtag;
import org.wsgi4j.routing.MimeFacts;

/**
 * Sends a file as httpd's default handler does (recorded from Apache 2.4 with mod_mime): ETag in
 * FileETag's default form {@code "size-mtime"} (hex, mtime in microseconds; weak while the file is
 * less than a second old), Last-Modified, Accept-Ranges, the conditional requests of
 * ap_meets_conditions (If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since), If-Range,
 * single and multipart byte ranges, HEAD, OPTIONS and 405 for other methods.
 *
 * <p>The router chose the file from the canonical path; this class still refuses anything that is
 * not an absolute, normalised path of a regular file, so a bug upstream cannot turn into a
 * traversal.
 */
final class StaticFileResponder {
  /**
   * What httpd's default handler allows, in its order for OPTIONS and for 405, without the TRACE
   * httpd lists: wsgi4j refuses TRACE unless the configuration enables it.
   */
  static final String ALLOW = "GET,POST,OPTIONS,HEAD";

  static final String ALLOW_ON_405 = "OPTIONS,HEAD,GET,POST";

  private static final int CHUNK = 64 * 1024;
  private static final SecureRandom BOUNDARIES = new SecureRandom();

  private final Clock clock;

  StaticFileResponder(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param mime the content metadata in force for the file
   * @param rewriteType the type a RewriteRule {@code [T]} set, if any ({@code ForceType} still
   *     overrides it, as httpd's fix-up runs after mod_rewrite's type hook)
   */
  void respond(
      Path file,
      HttpServletRequest request,
      HttpServletResponse response,
      MimeFacts mime,
      Optional<String> rewriteType)
      throws IOException {
    if (!file.isAbsolute() || !file.normalize().equals(file)) {
      DecisionExecutor.page(response, 404, DecisionExecutor.publicDetail(404));
      return;
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      DecisionExecutor.page(response, 404, DecisionExecutor.publicDetail(404));
      return;
    }
    if (!attributes.isRegularFile() || !Files.isReadable(file)) {
      DecisionExecutor.page(response, 404, DecisionExecutor.publicDetail(404));
      return;
    }
    String method = request.getMethod();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET") && !method.equals("POST") && !method.equals("OPTIONS")) {
      response.setHeader("Allow", ALLOW_ON_405);
      DecisionExecutor.page(
          response, 405, "The requested method " + method + " is not allowed for this URL.");
      return;
    }
    StaticFileHeaders metadata =
        StaticFileHeaders.of(file.getFileName().toString(), mime, rewriteType);
    Optional<String> type = metadata.contentType();
    if (method.equals("OPTIONS")) {
      response.setStatus(200);
      response.setHeader("Allow", ALLOW);
      type.ifPresent(response::setContentType);
      response.setContentLength(0);
      return;
    }
    Validators validators =
        new Validators(
            file,
            attributes,
            inode(file, mime.etagComponents()),
            mime.etagComponents(),
            clock.millis());
    response.setHeader("Last-Modified", HttpDates.format(validators.lastModified));
    if (validators.etag != null) {
      response.setHeader("ETag", validators.etag);
    }
    response.setHeader("Accept-Ranges", "bytes");
    int condition = validators.conditions(request);
    if (condition == 304) {
      response.setStatus(304);
      // Committing now keeps containers from adding "Content-Length: 0" when the exchange ends.
      response.flushBuffer();
      return;
    }
    type.ifPresent(response::setContentType);
    metadata.encoding().ifPresent(encoding -> response.setHeader("Content-Encoding", encoding));
    if (!metadata.languages().isEmpty()) {
      // httpd joins the languages with a bare comma.
      response.setHeader("Content-Language", String.join(",", metadata.languages()));
    }
    if (condition == 412) {
      response.setStatus(412);
      response.setContentLength(0);
      return;
    }
    long size = attributes.size();
    ByteRanges.Plan plan = new ByteRanges.Full();
    String range = request.getHeader("Range");
    if (range != null && validators.ifRangeHolds(request.getHeader("If-Range"))) {
      plan = ByteRanges.plan(range, size);
    }
    if (plan instanceof ByteRanges.Unsatisfiable) {
      response.reset();
      DecisionExecutor.page(
          response,
          416,
          "None of the range-specifier values in the Range\nrequest-header field overlap the"
              + " current extent\nof the selected resource.");
      return;
    }
    if (plan instanceof ByteRanges.Partial partial && partial.ranges().size() == 1) {
      ByteRanges.Range only = partial.ranges().get(0);
      response.setStatus(206);
      response.setHeader("Content-Range", "bytes " + only.first() + "-" + only.last() + "/" + size);
      response.setContentLengthLong(only.length());
      if (!head) {
        send(file, List.of(only), response.getOutputStream());
      }
      return;
    }
    if (plan instanceof ByteRanges.Partial partial) {
      multipart(file, partial.ranges(), size, type, head, response);
      return;
    }
    response.setStatus(200);
    if (size > 0 || !head) {
      response.setContentLengthLong(size);
    } else {
      // httpd sends no Content-Length for HEAD of an empty file (its filter never sees a body).
      response.flushBuffer();
    }
    if (!head && size > 0) {
      send(file, List.of(new ByteRanges.Range(0, size - 1)), response.getOutputStream());
    }
  }

  private static void multipart(
      Path file,
      List<ByteRanges.Range> ranges,
      long size,
      Optional<String> type,
      boolean head,
      HttpServletResponse response)
      throws IOException {
    byte[] random = new byte[8];
    BOUNDARIES.nextBytes(random);
    String boundary = HexFormat.of().formatHex(random);
    byte[][] heads = new byte[ranges.size()][];
    long length = 0;
    for (int i = 0; i < ranges.size(); i++) {
      ByteRanges.Range r = ranges.get(i);
      String partHead =
          "\r\n--"
              + boundary
              + "\r\n"
              + type.map(t -> "Content-type: " + t + "\r\n").orElse("")
              + "Content-range: bytes "
              + r.first()
              + "-"
              + r.last()
              + "/"
              + size
              + "\r\n\r\n";
      heads[i] = partHead.getBytes(StandardCharsets.ISO_8859_1);
      length += heads[i].length + r.length();
    }
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    length += tail.length;
    response.setStatus(206);
    response.setContentType("multipart/byteranges; boundary=" + boundary);
    response.setContentLengthLong(length);
    if (head) {
      return;
    }
    OutputStream out = response.getOutputStream();
    for (int i = 0; i < ranges.size(); i++) {
      out.write(heads[i]);
      send(file, List.of(ranges.get(i)), out);
    }
    out.write(tail);
  }

  /** The inode number, when FileETag asks for it (Linux file systems report one). */
  private static OptionalLong inode(Path file, int components) {
    if ((components & FileEtag.INODE) == 0) {
      return OptionalLong.empty();
    }
    try {
      Object ino = Files.getAttribute(file, "unix:ino");
      return ino instanceof Long number ? OptionalLong.of(number) : OptionalLong.empty();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return OptionalLong.empty();
    }
  }

  private static void send(Path file, List<ByteRanges.Range> ranges, OutputStream out)
      throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      for (ByteRanges.Range r : ranges) {
        long position = r.first();
        long left = r.length();
        while (left > 0) {
          buffer.clear().limit((int) Math.min(CHUNK, left));
          int read = channel.read(buffer, position);
          if (read < 0) {
            // The file shrank while being sent: end the body short, as httpd would.
            throw new IOException(file + " shrank while it was being sent");
          }
          out.write(buffer.array(), 0, read);
          position += read;
          left -= read;
        }
      }
    }
  }

  /** ETag and Last-Modified of one file at one moment, and the conditions measured against them. */
  private static final class Validators {
    final long lastModified;
    final long mtimeSeconds;
    final String etag;
    final boolean strong;
    final long nowSeconds;

    /**
     * @param inode the file's inode number, if FileETag asks for it and the file system has one
     * @param components {@link FileEtag#components()}: 0 for no ETag
     */
    Validators(
        Path file,
        BasicFileAttributes attributes,
        OptionalLong inode,
        int components,
        long nowMillis)
        throws IOException {
      long mtimeMicros = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
      this.mtimeSeconds = Math.floorDiv(mtimeMicros, 1_000_000L);
      this.nowSeconds = Math.floorDiv(nowMillis, 1000L);
      this.lastModified = Math.min(mtimeSeconds, nowSeconds);
      if (components != 0 && (components & FileEtag.DIGEST) != 0) {
        // FileETag Digest: the content's digest alone, whatever else is named, and strong even
        // for a file changed this second (recorded in filter-mime).
        this.strong = true;
        this.etag = digest(file);
        return;
      }
      // httpd: a validator is weak while the file could still change within the same second.
      this.strong = nowMillis * 1000L - mtimeMicros > 1_000_000L;
      String tag = tag(attributes.size(), mtimeMicros, inode, components);
      this.etag = tag == null ? null : strong ? tag : "W/" + tag;
    }

    /** httpd's digest ETag: the base64 (padded) SHA-1 of the file's content, quoted. */
    private static String digest(Path file) throws IOException {
      java.security.MessageDigest sha1;
      try {
        sha1 = java.security.MessageDigest.getInstance("SHA-1");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-1", e);
      }
      byte[] buffer = new byte[65536];
      try (java.io.InputStream in = Files.newInputStream(file)) {
        int read;
        while ((read = in.read(buffer)) > 0) {
          sha1.update(buffer, 0, read);
        }
      }
      return "\"" + java.util.Base64.getEncoder().encodeToString(sha1.digest()) + "\"";
    }

    /**
     * {@code ap_make_etag}: the chosen components in hex, inode, size and mtime in that order,
     * joined with '-'; null for FileETag None.
     */
    private static String tag(long size, long mtimeMicros, OptionalLong inode, int components) {
      if (components == 0) {
        return null;
      }
      List<String> parts = new java.util.ArrayList<>(3);
      if ((components & FileEtag.INODE) != 0 && inode.isPresent()) {
        parts.add(Long.toHexString(inode.getAsLong()));
      }
      if ((components & FileEtag.SIZE) != 0) {
        parts.add(Long.toHexString(size));
      }
      if ((components & FileEtag.MTIME) != 0) {
        parts.add(Long.toHexString(mtimeMicros));
      }
      return "\"" + String.join("-", parts) + "\"";
    }

    /** 0 to send the file, 304 or 412. */
    int conditions(HttpServletRequest request) {
      String method = request.getMethod();
      boolean getOrHead = method.equals("GET") || method.equals("HEAD");
      String ifMatch = request.getHeader("If-Match");
      if (ifMatch != null) {
        if (!ifMatch.trim().equals("*") && !listed(ifMatch, true)) {
          return 412;
        }
      } else {
        String ius = request.getHeader("If-Unmodified-Since");
        if (ius != null) {
          OptionalLong date = HttpDates.parse(ius);
          if (date.isPresent() && mtimeSeconds > date.getAsLong()) {
            return 412;
          }
        }
      }
      int notModified = -1;
      String ifNoneMatch = request.getHeader("If-None-Match");
      if (ifNoneMatch != null) {
        if (ifNoneMatch.trim().equals("*") || listed(ifNoneMatch, false)) {
          if (!getOrHead) {
            return 412;
          }
          notModified = 1;
        } else {
          notModified = 0;
        }
      }
      String ims = request.getHeader("If-Modified-Since");
      if (ims != null && getOrHead) {
        OptionalLong date = HttpDates.parse(ims);
        boolean holds =
            date.isPresent() && date.getAsLong() >= mtimeSeconds && date.getAsLong() <= nowSeconds;
        if (!holds) {
          notModified = 0;
        } else if (notModified != 0) {
          notModified = 1;
        }
      }
      return notModified == 1 ? 304 : 0;
    }

    /** Whether a listed entity tag matches ours, by strong or weak comparison. */
    private boolean listed(String header, boolean strongComparison) {
      if (etag == null || (strongComparison && !strong)) {
        return false;
      }
      String ours = opaque(etag);
      for (String candidate : Splitter.on(',').trimResults().omitEmptyStrings().split(header)) {
        if (strongComparison && candidate.startsWith("W/")) {
          continue;
        }
        if (opaque(candidate).equals(ours)) {
          return true;
        }
      }
      return false;
    }

    private static String opaque(String tag) {
      return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** If-Range: an entity tag must match strongly, a date must equal a strong Last-Modified. */
    boolean ifRangeHolds(String ifRange) {
      if (ifRange == null) {
        return true;
      }
      String value = ifRange.trim();
      if (value.startsWith("\"")) {
        return strong && etag != null && value.equals(etag);
      }
      if (value.startsWith("W/")) {
        return false;
      }
      OptionalLong date = HttpDates.parse(value);
      return strong && date.isPresent() && date.getAsLong() == lastModified;
    }
  }
}
