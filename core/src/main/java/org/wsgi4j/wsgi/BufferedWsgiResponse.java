package org.wsgi4j.wsgi;

import com.google.common.collect.ImmutableList;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link WsgiResponse} kept in memory, for tools and tests. Not thread-safe. */
public final class BufferedWsgiResponse implements WsgiResponse {
  private int status;
  private String reason = "";
  private ImmutableList<Map.Entry<String, String>> headers = ImmutableList.of();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean committed;
  private boolean aborted;

  @Override
  public void sendHeaders(int status, String reason, List<Map.Entry<String, String>> headers) {
    if (committed) {
      throw new IllegalStateException("headers already sent");
    }
    this.status = status;
    this.reason = reason;
    this.headers = ImmutableList.copyOf(headers);
    committed = true;
  }

  @Override
  public OutputStream body() {
    if (!committed) {
      throw new IllegalStateException("body before headers");
    }
    return body;
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void abort() {
    aborted = true;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public ImmutableList<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    return headers.stream()
        .filter(h -> h.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  public byte[] bodyBytes() {
    return body.toByteArray();
  }

  /** The body as latin-1 text. */
  public String bodyText() {
    return body.toString(StandardCharsets.ISO_8859_1);
  }

  public boolean aborted() {
    return aborted;
  }
}
