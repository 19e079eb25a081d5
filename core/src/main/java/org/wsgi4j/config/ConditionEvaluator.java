package org.wsgi4j.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.wsgi4j.syntax.Arg;
import org.wsgi4j.syntax.Section;

/**
 * Decides the condition of {@code <IfModule>}, {@code <IfDefine>}, {@code <IfVersion>}, {@code
 * <IfFile>}, {@code <IfDirective>} and {@code <IfSection>} as httpd does while reading. Only the
 * first argument counts, and a leading {@code !} negates it.
 */
final class ConditionEvaluator {
  /** The outcome: true or false, or a message saying why the condition is malformed. */
  record Outcome(boolean holds, String problem) {
    static Outcome of(boolean holds) {
      return new Outcome(holds, "");
    }

    static Outcome invalid(String problem) {
      return new Outcome(false, problem);
    }

    boolean invalid() {
      return !problem.isEmpty();
    }
  }

  interface Facts {
    boolean moduleLoaded(String idOrSourceFile);

    boolean defined(String name);

    boolean directiveKnown(String name);

    Path serverRoot();

    String httpdVersion();
  }

  private static final String VERSION_FORMAT =
      "Version appears to be invalid. It must have the format major[.minor[.patch]] where major,"
          + " minor and patch are numbers.";

  private ConditionEvaluator() {}

  static Outcome evaluate(Section section, Facts facts) {
    String kind = section.name().toLowerCase(Locale.ROOT);
    if (kind.equals("ifversion")) {
      return ifVersion(section, facts.httpdVersion());
    }
    if (section.args().isEmpty()) {
      return Outcome.invalid("<" + section.name() + "> directive requires additional arguments");
    }
    String word = section.args().get(0).value();
    boolean negated = word.startsWith("!");
    String subject = negated ? word.substring(1) : word;
    Predicate<String> test =
        switch (kind) {
          case "ifmodule" -> facts::moduleLoaded;
          case "ifdefine" -> facts::defined;
          case "iffile" -> name -> Files.exists(facts.serverRoot().resolve(unquote(name)));
          case "ifdirective" -> facts::directiveKnown;
          case "ifsection" -> name -> facts.directiveKnown("<" + name);
          default -> name -> false;
        };
    return Outcome.of(test.test(subject) != negated);
  }

  private static String unquote(String name) {
    return name;
  }

  /** {@code <IfVersion [[!]op] version>} with op one of = == < <= > >= ~, or /regex/. */
  private static Outcome ifVersion(Section section, String running) {
    if (section.args().isEmpty()) {
      return Outcome.invalid(VERSION_FORMAT);
    }
    String op = "=";
    String version;
    if (section.args().size() >= 2) {
      op = section.args().get(0).value();
      version = section.args().get(1).value();
    } else {
      Arg only = section.args().get(0);
      version = only.value();
    }
    boolean negated = op.startsWith("!");
    if (negated) {
      op = op.substring(1);
    }
    boolean regex =
        op.equals("~")
            || (version.startsWith("/") && version.endsWith("/") && version.length() > 1);
    if (regex) {
      String pattern = op.equals("~") ? version : version.substring(1, version.length() - 1);
      try {
        return Outcome.of(Pattern.compile(pattern).matcher(running).find() != negated);
      } catch (PatternSyntaxException e) {
        return Outcome.invalid("Cannot compile regular expression '" + pattern + "'");
      }
    }
    int[] wanted = parseVersion(version);
    if (wanted.length == 0) {
      return Outcome.invalid(VERSION_FORMAT);
    }
    int compared = compare(parseVersion(running), wanted);
    boolean holds =
        switch (op) {
          case "=", "==" -> compared == 0;
          case "<" -> compared < 0;
          case "<=" -> compared <= 0;
          case ">" -> compared > 0;
          case ">=" -> compared >= 0;
          default -> false;
        };
    if (!op.matches("==?|<=?|>=?")) {
      return Outcome.invalid("unrecognized operator '" + op + "'");
    }
    return Outcome.of(holds != negated);
  }

  /** Missing minor and patch parts compare as equal to anything, as httpd's match does. */
  private static int compare(int[] running, int[] wanted) {
    for (int i = 0; i < wanted.length; i++) {
      int difference = Integer.compare(running[i], wanted[i]);
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }

  private static int[] parseVersion(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 3) {
      return new int[0];
    }
    int[] numbers = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matches("[0-9]+")) {
        return new int[0];
      }
      numbers[i] = Integer.parseInt(parts[i]);
    }
    return numbers;
  }
}
