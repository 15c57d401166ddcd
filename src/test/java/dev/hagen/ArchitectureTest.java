package dev.hagen;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's shape, as CONTRIBUTING draws it: each package imports only the ones before it in
 * {@link #ORDER}, and no two packages import each other. An import that runs back up the pipeline
 * (a check reading the plan, a plan calling a check) fails here, naming the class and line.
 */
class ArchitectureTest {
  /** The packages in pipeline order; "" is dev.hagen itself (the Pipeline). */
  static final List<String> ORDER =
      List.of(
          "diagnostic",
          "autobase",
          "blueprint",
          "postgresql",
          "check",
          "state",
          "plan",
          "steps",
          "change",
          "render",
          "",
          "emit",
          "cli");

  private static final JavaClasses HAGEN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.hagen");

  @Test
  void noPackageCycles() {
    slices().matching("dev.hagen.(*)..").should().beFreeOfCycles().check(HAGEN);
  }

  @Test
  void stagesImportOnlyEarlierStages() {
    Architectures.LayeredArchitecture layers =
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String p : ORDER) {
      layers = layers.layer(name(p)).definedBy(p.isEmpty() ? "dev.hagen" : "dev.hagen." + p + "..");
    }
    for (int i = 0; i < ORDER.size() - 1; i++) {
      String[] later =
          ORDER.subList(i + 1, ORDER.size()).stream()
              .map(ArchitectureTest::name)
              .toArray(String[]::new);
      layers = layers.whereLayer(name(ORDER.get(i))).mayOnlyBeAccessedByLayers(later);
    }
    layers = layers.whereLayer(name(ORDER.get(ORDER.size() - 1))).mayNotBeAccessedByAnyLayer();
    layers.check(HAGEN);
  }

  @Test
  void everyPackageHasItsPlace() {
    List<String> packages =
        HAGEN.stream()
            .map(c -> c.getPackageName().replaceFirst("^dev\\.hagen\\.?", ""))
            .map(p -> p.contains(".") ? p.substring(0, p.indexOf('.')) : p)
            .distinct()
            .filter(p -> !ORDER.contains(p))
            .toList();
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(), packages, "a new package takes its place in ORDER");
  }

  /** CONTRIBUTING names the same order. */
  @Test
  void contributingNamesTheOrder() throws java.io.IOException {
    String text =
        java.nio.file.Files.readString(java.nio.file.Path.of("CONTRIBUTING.md"))
            .replaceAll("\\s+", " ");
    String listed =
        String.join(
            ", ", ORDER.stream().map(p -> p.isEmpty() ? "`Pipeline`" : "`" + p + "`").toList());
    org.junit.jupiter.api.Assertions.assertTrue(text.contains(listed), listed);
  }

  private static String name(String p) {
    return p.isEmpty() ? "pipeline" : p;
  }
}
