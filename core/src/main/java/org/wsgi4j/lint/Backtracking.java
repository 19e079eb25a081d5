package org.wsgi4j.lint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds nested unbounded quantifiers, {@code (a+)+} or {@code (.*)*}, whose inner and outer loops
 * can split one input in exponentially many ways. A group whose body starts or ends with a literal
 * that none of its inner loops can match, like {@code (/[^/]+)+}, splits unambiguously and is left
 * alone.
 */
final class Backtracking {
  private Backtracking() {}

  /** An atom and whether an unbounded quantifier follows it. */
  private static final class Group {
    final List<String> unboundedAtoms = new ArrayList<>();
    final List<String> atoms = new ArrayList<>();
    final List<Boolean> quantified = new ArrayList<>();
  }

  /** The offending group's text, if the regex has one. */
  static Optional<String> nestedQuantifier(String regex) {
    Deque<Group> stack = new ArrayDeque<>();
    Deque<Integer> starts = new ArrayDeque<>();
    stack.push(new Group());
    int i = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      String atom;
      int next;
      if (c == '\\' && i + 1 < n) {
        atom = regex.substring(i, i + 2);
        next = i + 2;
      } else if (c == '[') {
        int end = classEnd(regex, i);
        if (end < 0) {
          return Optional.empty();
        }
        atom = regex.substring(i, end + 1);
        next = end + 1;
      } else if (c == '(') {
        stack.push(new Group());
        starts.push(i);
        i = skipGroupPrefix(regex, i + 1);
        continue;
      } else if (c == ')') {
        if (starts.isEmpty()) {
          return Optional.empty();
        }
        Group inner = stack.pop();
        int start = starts.pop();
        next = i + 1;
        int after = quantifierEnd(regex, next);
        boolean unbounded = after > next && isUnbounded(regex.substring(next, after));
        if (unbounded && !inner.unboundedAtoms.isEmpty() && !separated(inner)) {
          return Optional.of(regex.substring(start, after));
        }
        Group outer = stack.peek();
        outer.unboundedAtoms.addAll(inner.unboundedAtoms);
        if (unbounded) {
          outer.unboundedAtoms.add(".");
        }
        outer.atoms.add("(group)");
        outer.quantified.add(after > next);
        i = after;
        continue;
      } else if (c == '|') {
        stack.peek().atoms.add("|");
        stack.peek().quantified.add(true);
        i++;
        continue;
      } else if (c == '^' || c == '$') {
        i++;
        continue;
      } else {
        atom = String.valueOf(c);
        next = i + 1;
      }
      int after = quantifierEnd(regex, next);
      Group current = stack.peek();
      current.atoms.add(atom);
      current.quantified.add(after > next);
      if (after > next && isUnbounded(regex.substring(next, after))) {
        current.unboundedAtoms.add(atom);
      }
      i = after;
    }
    return Optional.empty();
  }

  /** A mandatory first or last literal that no inner loop can consume makes the split unique. */
  private static boolean separated(Group group) {
    if (group.atoms.isEmpty() || group.atoms.contains("|")) {
      return false;
    }
    return boundary(group, 0) || boundary(group, group.atoms.size() - 1);
  }

  private static boolean boundary(Group group, int index) {
    String atom = group.atoms.get(index);
    if (group.quantified.get(index) || !isLiteral(atom)) {
      return false;
    }
    String literal = atom.length() == 2 ? atom.substring(1) : atom;
    for (String loop : group.unboundedAtoms) {
      if (canMatch(loop, literal)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLiteral(String atom) {
    if (atom.length() == 1) {
      return ".[](){}*+?|^$".indexOf(atom.charAt(0)) < 0;
    }
    return atom.length() == 2
        && atom.charAt(0) == '\\'
        && !Character.isLetterOrDigit(atom.charAt(1));
  }

  private static boolean canMatch(String atom, String literal) {
    try {
      return Pattern.compile(atom, Pattern.DOTALL).matcher(literal).matches();
    } catch (PatternSyntaxException e) {
      return true;
    }
  }

  private static int skipGroupPrefix(String regex, int i) {
    if (i < regex.length() && regex.charAt(i) == '?') {
      int j = i + 1;
      if (j < regex.length()
          && regex.charAt(j) == '<'
          && j + 1 < regex.length()
          && regex.charAt(j + 1) != '='
          && regex.charAt(j + 1) != '!') {
        int close = regex.indexOf('>', j);
        return close < 0 ? regex.length() : close + 1;
      }
      while (j < regex.length()
          && regex.charAt(j) != ':'
          && regex.charAt(j) != ')'
          && "=!<>".indexOf(regex.charAt(j)) < 0) {
        j++;
      }
      return j < regex.length() && regex.charAt(j) != ')' ? j + 1 : j;
    }
    return i;
  }

  private static int classEnd(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
        int close = regex.indexOf(":]", i + 2);
        i = close < 0 ? i + 1 : close + 2;
        continue;
      }
      if (c == ']') {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static int quantifierEnd(String regex, int i) {
    if (i >= regex.length()) {
      return i;
    }
    char c = regex.charAt(i);
    int end = i;
    if (c == '*' || c == '+' || c == '?') {
      end = i + 1;
    } else if (c == '{') {
      int close = regex.indexOf('}', i);
      if (close > 0 && regex.substring(i + 1, close).matches("[0-9]+(,[0-9]*)?")) {
        end = close + 1;
      }
    }
    if (end > i && end < regex.length() && (regex.charAt(end) == '?' || regex.charAt(end) == '+')) {
      end++;
    }
    return end;
  }

  private static boolean isUnbounded(String quantifier) {
    if (quantifier.endsWith("+") && quantifier.length() > 1) {
      return false; // possessive: never gives back
    }
    char c = quantifier.charAt(0);
    return c == '*' || c == '+' || (c == '{' && quantifier.matches("\\{[0-9]+,\\}.?"));
  }
}
