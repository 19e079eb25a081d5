package org.wsgi4j.wsgi;

/** A process group could not take a request: its queue is full (503) or the wait was too long. */
public final class WsgiUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public WsgiUnavailableException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
