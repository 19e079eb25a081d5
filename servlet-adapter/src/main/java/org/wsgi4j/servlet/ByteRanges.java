package org.wsgi4j.servlet;

import com.google.common.base.Ascii;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * A Range header read as httpd's byterange filter reads it: only {@code bytes=} (any case), no
 * white space, a reversed or malformed spec makes the whole header ignored (the full file is sent),
 * specs starting past the end are dropped (all dropped: 416), overlapping or adjacent neighbours
 * are merged in the order given, and more than {@code MaxRanges} (200) or more bytes than the file
 * (CVE-2011-3192) sends the full file.
 */
final class ByteRanges {
  static final int MAX_RANGES = 200;

  /** An inclusive byte range. */
  record Range(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /** What to send. */
  sealed interface Plan permits Full, Partial, Unsatisfiable {}

  record Full() implements Plan {}

  record Partial(ImmutableList<Range> ranges) implements Plan {}

  record Unsatisfiable() implements Plan {}

  private ByteRanges() {}

  static Plan plan(String header, long size) {
    if (size == 0
        || header.length() < 6
        || !Ascii.equalsIgnoreCase(header.substring(0, 6), "bytes=")) {
      return new Full();
    }
    List<Range> ranges = new ArrayList<>();
    boolean droppedAny = false;
    for (String spec : Splitter.on(',').split(header.substring(6))) {
      if (spec.isEmpty()) {
        continue;
      }
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return new Full();
      }
      String from = spec.substring(0, dash);
      String to = spec.substring(dash + 1);
      long first;
      long last;
      if (from.isEmpty()) {
        long suffix = number(to);
        if (suffix <= 0) {
          return new Full();
        }
        first = Math.max(0, size - suffix);
        last = size - 1;
      } else {
        first = number(from);
        last = to.isEmpty() ? Long.MAX_VALUE : number(to);
        if (first < 0 || last < 0 || last < first) {
          return new Full();
        }
        if (first >= size) {
          droppedAny = true;
          continue;
        }
        last = Math.min(last, size - 1);
      }
      ranges.add(new Range(first, last));
    }
    if (ranges.isEmpty()) {
      return droppedAny ? new Unsatisfiable() : new Full();
    }
    List<Range> merged = new ArrayList<>();
    Range open = ranges.get(0);
    for (Range next : ranges.subList(1, ranges.size())) {
      if (next.first() <= open.last() + 1 && next.last() >= open.first() - 1) {
        open = new Range(Math.min(open.first(), next.first()), Math.max(open.last(), next.last()));
      } else {
        merged.add(open);
        open = next;
      }
    }
    merged.add(open);
    long total = merged.stream().mapToLong(Range::length).sum();
    if (merged.size() > MAX_RANGES || total > size) {
      return new Full();
    }
    return new Partial(ImmutableList.copyOf(merged));
  }

  /** A non-negative decimal number, or -1. */
  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }
}
