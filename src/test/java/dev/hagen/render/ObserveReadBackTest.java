package dev.hagen.render;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.Pipeline;
import dev.hagen.plan.ClusterPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The read-back holds observe.yml to reading: a task on a cluster host that could change it, a read
 * that may change state, or a second write on the controller, and the build stops.
 */
class ObserveReadBackTest {
  private static final ClusterPlan PLAN =
      Pipeline.compile(Blueprints.load(Blueprints.LAB)).plan().orElseThrow();

  private static List<GeneratedFile> with(String from, String to) {
    List<GeneratedFile> files = new ArrayList<>();
    for (GeneratedFile f : Renderer.render(PLAN)) {
      if (f.path().equals(OutputFile.OBSERVE.path)) {
        assertTrue(f.content().contains(from), from);
        files.add(
            new GeneratedFile(
                f.path(),
                f.content()
                    .replaceFirst(
                        java.util.regex.Pattern.quote(from),
                        java.util.regex.Matcher.quoteReplacement(to))));
      } else {
        files.add(f);
      }
    }
    return files;
  }

  private static void verify(List<GeneratedFile> files) {
    ReadBack.verify(files, PLAN, dev.hagen.steps.ChangePlan.NONE, PLAN.state());
  }

  @Test
  void asWrittenItReadsBack() {
    assertDoesNotThrow(() -> verify(with("observe", "observe")));
  }

  @Test
  void aModuleThatChangesAHostIsRefused() {
    assertThrows(
        UnreadableOutputException.class,
        () ->
            verify(
                with(
                    "ansible.builtin.set_fact:\n        hagen_seen_etcd",
                    "ansible.builtin.shell:\n        hagen_seen_etcd")));
  }

  @Test
  void aCommandThatMayChangeStateIsRefused() {
    assertThrows(
        UnreadableOutputException.class,
        () -> verify(with("      changed_when: false", "      changed_when: true")));
  }

  @Test
  void aSecondWriteOnTheControllerIsRefused() {
    assertThrows(
        UnreadableOutputException.class,
        () ->
            verify(
                with(
                    "    - name: Gather what each host showed\n      ansible.builtin.set_fact:",
                    "    - name: Gather what each host showed\n      ansible.builtin.copy:")));
  }

  @Test
  void anExpressionTheBlueprintDoesNotMakeAutobasesIsRefused() {
    assertThrows(
        UnreadableOutputException.class,
        () ->
            verify(
                with(
                    "    hagen_autobase_expressions:\n",
                    "    hagen_autobase_expressions:\n"
                        + "      - { expression: !unsafe \"{{ x }}\", value: \"{{ x }}\" }\n")));
  }

  /** A blueprint's value that holds Jinja2 markers is data: observe.yml never evaluates it. */
  @Test
  void aBlueprintsJinjaIsNeverEvaluated() {
    ClusterPlan plan =
        Pipeline.compile(Blueprints.load(Blueprints.FIXTURES.resolve("pass-through.yml")))
            .plan()
            .orElseThrow();
    String observe =
        Renderer.render(plan).stream()
            .filter(f -> f.path().equals(OutputFile.OBSERVE.path))
            .findFirst()
            .orElseThrow()
            .content();
    assertTrue(
        plan.state()
            .settings()
            .orElseThrow()
            .parameters()
            .get("log_line_prefix")
            .contains("{{ x }}"));
    assertFalse(observe.contains("{{ x }}"), observe);
  }
}
