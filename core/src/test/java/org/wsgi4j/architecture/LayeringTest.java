package org.wsgi4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering rules of architecture.md, enforced on the compiled classes of core. */
@AnalyzeClasses(packages = "org.wsgi4j", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule modelIsFreeOfParserContainerAndRuntime =
      noClasses()
          .that()
          .resideInAnyPackage("org.wsgi4j.model..", "org.wsgi4j.source..", "org.wsgi4j.regex..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.antlr..", "jakarta..", "org.python..", "org.wsgi4j.grammar..");

  @ArchTest
  static final ArchRule onlySyntaxTouchesAntlr =
      noClasses()
          .that()
          .resideOutsideOfPackages("org.wsgi4j.syntax..", "org.wsgi4j.grammar..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.antlr..", "org.wsgi4j.grammar..");

  @ArchTest
  static final ArchRule onlyWsgiJythonTouchesJython =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.wsgi4j.wsgi.jython..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.python..");

  @ArchTest
  static final ArchRule coreKnowsNoContainerOrCommandLine =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta.servlet..", "org.wsgi4j.servlet..", "org.wsgi4j.cli..", "picocli..");

  @ArchTest
  static final ArchRule stagesDoNotDependOnLaterStages =
      noClasses()
          .that()
          .resideInAnyPackage(
              "org.wsgi4j.source..",
              "org.wsgi4j.syntax..",
              "org.wsgi4j.directive..",
              "org.wsgi4j.config..",
              "org.wsgi4j.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.wsgi4j.compile..");

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("org.wsgi4j.(*)..").should().beFreeOfCycles();
}
