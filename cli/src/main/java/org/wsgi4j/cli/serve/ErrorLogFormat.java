package org.wsgi4j.cli.serve;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code ErrorLogFormat} of httpd 2.4, parsed as httpd's core parses it and written as httpd
 * writes it. A format is a list of items: literal text, {@code %M} (the message) and {@code
 * %[flags][{arg}]X} items. A space (or {@code % }) starts a new field; an item that has no value
 * removes its whole field, unless it carries {@code -} (then {@code -} is written) or {@code +}
 * (then the whole line is not written); a number is the least log level at which the item is
 * written. {@code \n}, {@code \t}, {@code \r} and a backslash before any other character are
 * literal text.
 */
final class ErrorLogFormat {
  /** The item letters httpd knows ({@code %M} and {@code %%} aside). */
  private static final String KNOWN = "aAeEFiklLmnPtTvV";

  /** Items whose value wsgi4j does not know: written as empty (W150 names them). */
  static final ImmutableSet<Character> NOT_KNOWN = ImmutableSet.of('k', 'n');

  /**
   * One item of the format.
   *
   * @param letter the item's letter, {@code 0} for literal text ({@code arg})
   * @param arg the text in braces (or the literal text)
   * @param fieldStart whether a field starts here
   * @param required {@code +}: the line is not written without this item
   * @param hyphen {@code -}: an empty item is written as {@code -}
   * @param minLevel the least level (httpd's number, {@code 7} debug) at which it is written
   */
  record Item(
      char letter,
      String arg,
      boolean fieldStart,
      boolean required,
      boolean hyphen,
      int minLevel) {}

  private final ImmutableList<Item> items;

  private ErrorLogFormat(ImmutableList<Item> items) {
    this.items = items;
  }

  ImmutableList<Item> items() {
    return items;
  }

  /**
   * Parses {@code text} as httpd does.
   *
   * @throws IllegalArgumentException for what httpd refuses (an unknown item letter, a format that
   *     ends inside an item)
   */
  static ErrorLogFormat parse(String text) {
    List<Item> items = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      boolean fieldStart = false;
      // "% " marks the next item (literal or not) as the start of a field.
      while (at + 1 < text.length() && text.charAt(at) == '%' && text.charAt(at + 1) == ' ') {
        fieldStart = true;
        at += 2;
      }
      if (at >= text.length() || text.charAt(at) != '%') {
        fieldStart |= at < text.length() && text.charAt(at) == ' ';
        at = literal(text, at, fieldStart, items);
      } else {
        at = item(text, at + 1, fieldStart, items);
      }
    }
    return new ErrorLogFormat(ImmutableList.copyOf(items));
  }

  /**
   * Literal text from {@code at}: leading spaces belong to it, the next unescaped space or {@code
   * %} ends it.
   */
  private static int literal(String text, int at, boolean fieldStart, List<Item> items) {
    StringBuilder literal = new StringBuilder();
    boolean atStart = true;
    while (at < text.length() && text.charAt(at) != '%' && (text.charAt(at) != ' ' || atStart)) {
      char ch = text.charAt(at++);
      if (ch != '\\') {
        atStart &= ch == ' ';
        literal.append(ch);
      } else if (at >= text.length()) {
        literal.append('\\');
      } else {
        char escaped = text.charAt(at++);
        literal.append(
            switch (escaped) {
              case 'r' -> '\r';
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> escaped;
            });
      }
    }
    items.add(new Item('\0', literal.toString(), fieldStart, false, false, 0));
    return at;
  }

  /** The item after a {@code %} at {@code at}: flags, an argument, a level, then its letter. */
  private static int item(String text, int at, boolean fieldStart, List<Item> items) {
    if (at < text.length() && text.charAt(at) == '%') {
      items.add(new Item('\0', "%", fieldStart, false, false, 0));
      return at + 1;
    }
    String arg = "";
    boolean required = false;
    boolean hyphen = false;
    int minLevel = 0;
    while (at < text.length()) {
      char ch = text.charAt(at);
      if (ch == '{') {
        int close = text.indexOf('}', at + 1);
        arg = close < 0 ? text.substring(at + 1) : text.substring(at + 1, close);
        at = close < 0 ? text.length() : close + 1;
      } else if (ch == '+') {
        // Only for the once-per-connection and once-per-request formats, which wsgi4j does not
        // write (apachectl -t, recorded).
        throw new IllegalArgumentException(
            "The '+' flag cannot be used in the main error log format");
      } else if (ch == '-') {
        hyphen = true;
        at++;
      } else if (ch >= '0' && ch <= '9') {
        int level = 0;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
          level = level * 10 + text.charAt(at++) - '0';
        }
        minLevel = level;
      } else if (ch == 'M' || KNOWN.indexOf(ch) >= 0) {
        items.add(new Item(ch, arg, fieldStart, required, hyphen, minLevel));
        return at + 1;
      } else {
        throw new IllegalArgumentException("Unrecognized error log format directive %" + ch);
      }
    }
    throw new IllegalArgumentException(
        "Ran off end of error log format parsing args to some directive");
  }

  /** The item letters of this format that wsgi4j writes as empty. */
  ImmutableSet<Character> notKnown() {
    return items.stream()
        .map(Item::letter)
        .filter(NOT_KNOWN::contains)
        .collect(ImmutableSet.toImmutableSet());
  }

  /** The line, or empty when a required ({@code +}) item has no value. */
  Optional<String> render(ErrorLogLine line) {
    StringBuilder out = new StringBuilder();
    int fieldStart = 0;
    boolean skipping = false;
    for (Item item : items) {
      if (item.fieldStart()) {
        if (skipping) {
          skipping = false;
        } else {
          fieldStart = out.length();
        }
      }
      if (item.letter() == 'M') {
        // The message is written even inside a field that is being left out, as by httpd.
        out.append(ErrorLogLine.escape(line.message()));
      } else if (skipping) {
        // The rest of a left-out field.
      } else if (item.minLevel() > line.level()) {
        out.setLength(fieldStart);
        skipping = true;
      } else {
        String value = item.letter() == '\0' ? item.arg() : line.item(item.letter(), item.arg());
        if (value.isEmpty()) {
          if (item.required()) {
            return Optional.empty();
          } else if (item.hyphen()) {
            out.append('-');
          } else {
            out.setLength(fieldStart);
            skipping = true;
          }
        } else {
          out.append(value);
        }
      }
    }
    return Optional.of(out.toString());
  }
}
