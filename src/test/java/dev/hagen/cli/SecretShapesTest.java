package dev.hagen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hagen.Blueprints;
import dev.hagen.blueprint.SecretValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of the shapes a secret takes in a blueprint: every YAML spelling of its key, any depth
 * of autobase_vars, autobase's option/value lists, key material under any name, a file that does
 * not parse. Each is refused, and its value appears in no diagnostic of any format, in no output of
 * explain, and in no file (nothing is written).
 */
class SecretShapesTest {
  @TempDir Path tmp;

  /**
   * A shape: the text added to the lab blueprint, the secret it holds, the code that refuses it.
   */
  record Shape(String name, String yaml, String secret, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Shape> shapes() {
    return List.of(
        new Shape(
            "a blueprint user's password, flow",
            "postgresql:\n  users: [{ name: app, password: Shape-20-hunter2 }]\n",
            "Shape-20-hunter2",
            "HG807"),
        new Shape(
            "a blueprint user's password, block",
            "postgresql:\n  users:\n    - name: app\n      password: \"Shape-21-hunter2\"\n",
            "Shape-21-hunter2",
            "HG807"),
        new Shape(
            "an LDAP bind password in a pg_hba rule's options",
            "postgresql:\n  pg_hba:\n    - { address: 10.1.0.0/16, method: ldap,"
                + " options: \"ldapserver=ldap.example.com ldapbinddn=cn=pg ldapbindpasswd=Shape-22-hunter2\" }\n",
            "Shape-22-hunter2",
            "HG807"),
        new Shape(
            "top-level password",
            "autobase_vars:\n  patroni_superuser_password: Shape-01-hunter2\n",
            "Shape-01-hunter2",
            "HG507"),
        new Shape(
            "single-quoted key",
            "autobase_vars:\n  'patroni_superuser_password': Shape-02-hunter2\n",
            "Shape-02-hunter2",
            "HG507"),
        new Shape(
            "double-quoted key and value",
            "autobase_vars:\n  \"pgbouncer_auth_password\": \"Shape-03-hunter2\"\n",
            "Shape-03-hunter2",
            "HG507"),
        new Shape(
            "explicit key",
            "autobase_vars:\n  ? patroni_restapi_password\n  : Shape-04-hunter2\n",
            "Shape-04-hunter2",
            "HG507"),
        new Shape(
            "flow mapping",
            "autobase_vars: { patroni_replication_password: Shape-05-hunter2 }\n",
            "Shape-05-hunter2",
            "HG507"),
        new Shape(
            "user list, flow",
            "autobase_vars:\n  postgresql_users: [{ name: app, password: Shape-06-hunter2, flags: LOGIN }]\n",
            "Shape-06-hunter2",
            "HG507"),
        new Shape(
            "user list, block",
            "autobase_vars:\n  postgresql_users:\n    - name: app\n      password: Shape-07-hunter2\n",
            "Shape-07-hunter2",
            "HG507"),
        new Shape(
            "pgbackrest option/value",
            "autobase_vars:\n  pgbackrest_conf:\n    global:\n"
                + "      - { option: repo1-s3-key-secret, value: Shape-08-hunter2 }\n",
            "Shape-08-hunter2",
            "HG507"),
        new Shape(
            "pgbackrest option/value, block",
            "autobase_vars:\n  pgbackrest_conf:\n    global:\n"
                + "      - option: repo1-s3-key\n        value: Shape-09-AKIAEXAMPLE\n",
            "Shape-09-AKIAEXAMPLE",
            "HG507"),
        new Shape(
            "pgpass",
            "autobase_vars:\n  postgresql_pgpass:\n    - \"localhost:5432:*:app:Shape-10-hunter2\"\n",
            "Shape-10-hunter2",
            "HG507"),
        new Shape(
            "access key",
            "autobase_vars:\n  digital_ocean_spaces_access_key: Shape-11-DOACCESS\n",
            "Shape-11-DOACCESS",
            "HG507"),
        new Shape(
            "secret key",
            "autobase_vars:\n  hetzner_object_storage_secret_key: Shape-12-secret\n",
            "Shape-12-secret",
            "HG507"),
        new Shape(
            "token",
            "autobase_vars:\n  consul_acl_token: Shape-13-token\n",
            "Shape-13-token",
            "HG507"),
        new Shape(
            "private key material",
            "autobase_vars:\n  tls_cert: \"-----BEGIN PRIVATE KEY-----\\nShape-14-MIIEvQ\\n"
                + "-----END PRIVATE KEY-----\"\n",
            "Shape-14-MIIEvQ",
            "HG507"),
        new Shape(
            "block scalar",
            "autobase_vars:\n  patroni_superuser_password: |\n    Shape-15-hunter2\n",
            "Shape-15-hunter2",
            "HG507"),
        new Shape(
            "anchor and alias",
            "autobase_vars:\n  pg_probackup_add_keys: &pw Shape-16-hunter2\n"
                + "  patroni_superuser_password: *pw\n",
            "Shape-16-hunter2",
            "HG507"),
        new Shape(
            "escaped key",
            "autobase_vars:\n  postgresql_users: [{ name: app, \"pass\\x77ord\": Shape-17-hunter2 }]\n",
            "Shape-17-hunter2",
            "HG507"),
        new Shape(
            "camelCase",
            "autobase_vars:\n  pgbackrest_conf: { global: [{ option: secretAccessKey, value: Shape-18-x }] }\n",
            "Shape-18-x",
            "HG507"),
        new Shape(
            "a number",
            "autobase_vars:\n  patroni_superuser_password: 918273645546372819\n",
            "918273645546372819",
            "HG507"),
        new Shape(
            "an unknown top-level key",
            "password: Shape-20-hunter2\n",
            "Shape-20-hunter2",
            "HG103"),
        new Shape("an unknown key in ssh", "", "Shape-21-hunter2", "HG103"),
        new Shape(
            "a line that does not parse",
            "autobase_vars:\n  patroni_superuser_password: 'Shape-22-hunter2\n",
            "Shape-22-hunter2",
            "HG101"),
        new Shape(
            "a number that is not one",
            "autobase_vars:\n  postgresql_users: [{ name: app, password: 0x1Fshape23 }]\n",
            "0x1Fshape23",
            "HG507"),
        new Shape(
            "a quoted option name in a pg_hba rule (PostgreSQL drops the quotes)",
            "postgresql:\n  pg_hba:\n    - { address: 10.0.0.0/8, method: ldap,"
                + " options: 'ldapserver=l \"ldapbindpasswd\"=Shape-24-S3cret' }\n",
            "Shape-24-S3cret",
            "HG807"),
        new Shape(
            "an S3 key misspelt by case",
            "backup:\n  repository: s3\n  s3:\n    endpoint: minio.example.net:9000\n"
                + "    bucket: lab-backups\n    region: us-east-1\n    Key: Shape-25-AKIAEXAMPLE\n",
            "Shape-25-AKIAEXAMPLE",
            "HG103"),
        new Shape(
            "an unknown key in backup.s3",
            "backup:\n  repository: s3\n  s3:\n    endpoint: minio.example.net:9000\n"
                + "    bucket: lab-backups\n    region: us-east-1\n"
                + "    sse_customer_key: Shape-26-wJalrXUtn\n",
            "Shape-26-wJalrXUtn",
            "HG103"),
        new Shape(
            "a user's password under a separated name",
            "postgresql:\n  users:\n    - { name: app, pass_word: Shape-27-Hunter2pw }\n",
            "Shape-27-Hunter2pw",
            "HG103"),
        new Shape(
            "a password= pair inside a refused variable's text",
            "autobase_vars:\n  pgbouncer_auth_query: \"host=x password=Shape-28-Sup3r dbname=y\"\n",
            "Shape-28-Sup3r",
            "HG505"),
        new Shape(
            "a password= pair in an autobase_vars list hagen writes",
            "autobase_vars:\n  postgresql_parameters: \"pw password=Shape-29-Hunter3\"\n",
            "Shape-29-Hunter3",
            "HG506"));
  }

  private Path blueprint(Shape shape) throws IOException {
    String lab = Blueprints.load(Blueprints.LAB).text();
    String text =
        shape.name().equals("an unknown key in ssh")
            ? lab.replace(
                "  user: vagrant\n", "  user: vagrant\n  \"password\": " + shape.secret() + "\n")
            : lab + shape.yaml();
    Path file = tmp.resolve("leaky.yml");
    Files.writeString(file, text);
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void theSecretIsRefusedAndNeverShown(Shape shape) throws IOException {
    Path file = blueprint(shape);
    Path out = tmp.resolve("out");
    List<Cli.Run> runs = new ArrayList<>();
    for (String format : List.of("text", "json", "sarif")) {
      runs.add(Cli.hagen("validate", "--format", format, file.toString()));
      runs.add(Cli.hagen("build", "--format", format, file.toString(), "-o", out.toString()));
    }
    runs.add(Cli.hagen("explain", file.toString()));
    runs.add(Cli.hagen("explain", "--format", "json", file.toString()));
    for (Cli.Run run : runs) {
      assertEquals(ExitCode.INVALID_BLUEPRINT, run.code(), shape + " is refused: " + run.err());
      assertFalse(
          run.out().contains(shape.secret()) || run.err().contains(shape.secret()),
          shape + " leaked:\n" + run.out() + run.err());
    }
    assertTrue(runs.get(0).err().contains("error[" + shape.code() + "]"), runs.get(0).err());
    assertFalse(Files.exists(out), "nothing is written");
  }

  /** Names that sound secret but are not: refusing them would refuse autobase's own settings. */
  @Test
  void settingsThatOnlySoundSecretPass() throws IOException {
    Path file = tmp.resolve("fine.yml");
    Files.writeString(
        file,
        Blueprints.load(Blueprints.LAB).text()
            + "autobase_vars:\n"
            + "  postgresql_password_encryption_algorithm: scram-sha-256\n"
            + "  tls_ca_key: ca.key\n"
            + "  patroni_etcd_key: /etc/patroni/tls/etcd/server.key\n"
            + "  consul_acl_token_persistence: true\n"
            + "postgresql:\n"
            + "  parameters: { ssl_passphrase_command_supports_reload: on }\n"
            + "  users: [{ name: secret_keeper, member_of: pg_read_all_settings }]\n");
    Cli.Run run = Cli.hagen("validate", file.toString());
    assertEquals(ExitCode.OK, run.code(), run.err());
  }

  @Test
  void theRuleOfNames() {
    for (String secret :
        List.of(
            "patroni_superuser_password",
            "repo1-s3-key-secret",
            "repo1-cipher-pass",
            "postgresql_pgpass",
            "consul_acl_token",
            "digital_ocean_spaces_access_key",
            "secretAccessKey",
            "apiKey",
            "password_hash",
            "PASSWORD",
            "db.passwd",
            "repo1-s3-key",
            "client_credentials",
            "private_key_content",
            "pass_word",
            "Pass-Word",
            "ldapbindpasswd",
            "radiussecrets",
            "sse_customer_key")) {
      assertTrue(SecretValues.isSecretName(secret), secret);
    }
    for (String plain :
        List.of(
            "postgresql_password_encryption_algorithm",
            "tls_ca_key",
            "etcd_tls_server_key",
            "patroni_etcd_key",
            "consul_acl_token_persistence",
            "ssh_key_state",
            "password_file",
            "ssh_public_keys",
            "pg_probackup_add_keys",
            "patroni_ttl",
            "bypass",
            "keys",
            "ssh_key_content")) {
      assertFalse(SecretValues.isSecretName(plain), plain);
    }
  }

  /** A secret's name=value pair inside a text, however its name is written or quoted. */
  @Test
  void pairsInsideATextAreFound() {
    for (String text :
        List.of(
            "host=db password=x",
            "ldapserver=l \"ldapbindpasswd\"=x",
            "ldapserver=l 'LDAPBINDPASSWD' = x",
            "radiussecrets=a,b",
            "{\"token\": \"abc\"}",
            "api_key=abc")) {
      assertTrue(SecretValues.hasSecretPair(text), text);
    }
    for (String text :
        List.of(
            "ldapserver=ldap.example.com ldapbinddn=cn=pg",
            "clientcert=verify-full",
            "password_encryption=scram-sha-256 is fine",
            "%t [%p-%l] %r %q%u@%d ",
            "bypass=1",
            "token count: 5")) {
      assertFalse(SecretValues.hasSecretPair(text), text);
    }
  }

  @Test
  void explainMasksWhateverReachesIt() {
    Object redacted =
        SecretValues.redacted(
            Map.of(
                "users",
                List.of(Map.of("name", "app", "password", "x")),
                "conf",
                List.of(Map.of("option", "repo1-s3-key-secret", "value", "y"))));
    assertEquals(
        Map.of(
            "users",
            List.of(Map.of("name", "app", "password", SecretValues.MASK)),
            "conf",
            List.of(Map.of("option", "repo1-s3-key-secret", "value", SecretValues.MASK))),
        redacted);
  }

  @Test
  void echoedLinesAreMaskedWhateverTheSpelling() {
    Cli.Run run =
        Cli.hagen(
            "validate",
            Blueprints.FIXTURES.resolve("../invalid/56-autobase-vars-secret.yml").toString());
    assertTrue(run.err().contains("    patroni_superuser_password: ********\n"), run.err());
  }
}
