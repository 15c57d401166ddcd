package dev.hagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hagen, run as users run it, with the password variables set and blueprints full of secret-looking
 * fields: no secret value appears in any generated file, snapshot, diagnostic (any format) or log
 * line.
 */
@Tag(Tools.TIER)
class SecretsTest {
  static final List<String> SECRETS =
      List.of(
          "Sup3r-S3cret-env-1",
          "Repl-S3cret-env-2",
          "Rest-S3cret-env-3",
          "Bouncer-S3cret-env-4",
          "Blueprint-S3cret-5",
          "Blueprint-S3cret-6",
          "Blueprint-S3cret-7",
          "Shop-user-S3cret-env-8",
          "Blueprint-user-S3cret-9",
          "S3-key-env-10",
          "S3-key-secret-env-11",
          "Blueprint-S3-key-12",
          "Blueprint-S3-key-secret-13");

  @TempDir Path tmp;

  private Tools.Run hagen(String... args) {
    List<String> command = new ArrayList<>(Tools.hagenJvm());
    command.addAll(List.of(args));
    return Tools.run(
        Path.of("."),
        Map.of(
            "HAGEN_SUPERUSER_PASSWORD",
            SECRETS.get(0),
            "HAGEN_REPLICATION_PASSWORD",
            SECRETS.get(1),
            "HAGEN_RESTAPI_PASSWORD",
            SECRETS.get(2),
            "HAGEN_PGBOUNCER_PASSWORD",
            SECRETS.get(3),
            // blueprints/shop-lab.yml's user: its password is looked up, never written.
            "HAGEN_USER_SHOP_PASSWORD",
            SECRETS.get(7),
            // blueprints/production.yml's backups go to S3: its keys are looked up too.
            "HAGEN_S3_KEY",
            SECRETS.get(9),
            "HAGEN_S3_KEY_SECRET",
            SECRETS.get(10)),
        null,
        command.toArray(String[]::new));
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertFalse(text.contains(secret), secret + " leaked into " + where + ":\n" + text);
    }
  }

  @Test
  void noSecretLeaksAnywhere() throws IOException {
    Path leaky = tmp.resolve("leaky.yml");
    Files.writeString(
        leaky,
        Blueprints.load(Blueprints.LAB)
                .text()
                .replace("  user: vagrant", "  user: vagrant\n  password: " + SECRETS.get(4))
            + "autobase_vars:\n  patroni_superuser_password: "
            + SECRETS.get(5)
            + "\n  pgbouncer_auth_password: \""
            + SECRETS.get(6)
            + "\"\npostgresql:\n  users:\n    - { name: app, password: "
            + SECRETS.get(8)
            + " }\nbackup:\n  repository: s3\n  s3:\n    endpoint: minio.example.net:9000\n"
            + "    bucket: lab-backups\n    region: us-east-1\n    key: "
            + SECRETS.get(11)
            + "\n    key_secret: \""
            + SECRETS.get(12)
            + "\"\n");
    Path out = tmp.resolve("out");
    List<Tools.Run> runs = new ArrayList<>();
    for (String format : List.of("text", "json", "sarif")) {
      runs.add(hagen("validate", "--format", format, leaky.toString()));
      runs.add(hagen("build", "--format", format, leaky.toString(), "-o", out.toString()));
    }
    for (Tools.Run run : runs) {
      assertEquals(1, run.exitCode(), "the secret-bearing blueprint is refused: " + run.stderr());
      assertNoSecret("a diagnostic", run.stdout() + run.stderr());
    }
    assertTrue(runs.get(0).stderr().contains("password: ********"), runs.get(0).stderr());

    Tools.Run build =
        hagen("build", "blueprints/", Blueprints.FIXTURES.toString(), "-o", out.toString());
    assertEquals(0, build.exitCode(), build.stderr());
    assertNoSecret("the build's output", build.stdout() + build.stderr());
    // The generated trees, the committed output and snapshots, and the launcher's build log.
    for (Path root :
        List.of(
            out,
            Path.of("generated"),
            Path.of("src/test/resources/approved"),
            Path.of("target/hagen-build.log"))) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          byte[] bytes = Files.readAllBytes(f);
          assertNoSecret(
              f.toString(), new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
    }
    assertTrue(
        Files.readString(out.resolve("postgres-cluster/ansible/inventories/group_vars/all.yml"))
            .contains("lookup('ansible.builtin.env', 'HAGEN_SUPERUSER_PASSWORD', default='')"),
        "the password is looked up at run time instead");
  }
}
