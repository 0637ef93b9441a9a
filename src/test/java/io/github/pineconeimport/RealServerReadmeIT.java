package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.LocalTool;
import io.github.pineconeimport.testing.Readme;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.TestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands of README.md and docs/operations.md, read from those files and run as
 * written with the kubectl that comes with the real API server: each must exit 0, as it would for a
 * user.
 */
class RealServerReadmeIT {

  static final String HOW_TO = "Run it against a cluster";
  static final Map<String, String> PLACEHOLDERS =
      Map.of("<your Pinecone API key>", TestResources.API_KEY);

  final RealKube kube = RealKube.get();
  final LocalTool kubectl = kube.kubectl();
  final List<String> ran = new ArrayList<>();

  /**
   * The README's how-to end to end: the operator step runs in-process (the jar is built after the
   * tests) against a fake Pinecone, as docs/operations.md ("Try it without a Pinecone account")
   * describes, and the example import is applied edited as the README asks (indexHost of the fake;
   * its uri stays, and the fake completes any start at once, since the example polls every 30s).
   * That the examples as committed are valid is RealServerCrdIT's job: indexHost is immutable, so
   * the same resource cannot be applied twice with two hosts. {@code -w} is dropped from {@code
   * kubectl get}, since a watch never exits.
   */
  @Test
  void theClusterHowToRunsAsWrittenAndTheImportBecomesReady(@TempDir Path tmp) throws Exception {
    var clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (var pinecone = FakePineconeServer.start(0, TestResources.API_KEY, clock)) {
      pinecone.seed("101", TestResources.SCRIPT);
      pinecone.startScript(
          new ImportScript(
              Duration.ZERO,
              Duration.ZERO,
              Duration.ZERO,
              1,
              1_000_000,
              BulkImport.COMPLETED,
              null));
      clock.advance(Duration.ofMinutes(5));
      PineconeImportOperator operator = null;
      KubernetesClient operatorClient = null;
      try {
        for (String line : Readme.README.bashLines(HOW_TO)) {
          List<String> words = Readme.words(line, PLACEHOLDERS);
          if (words.get(0).equals("kubectl")) {
            String out =
                kubectl(
                    editedExample(words, pinecone, tmp)
                        .orElse(words.stream().filter(w -> !w.equals("-w")).toList()));
            if (words.contains("get")) {
              assertThat(out.lines().findFirst().orElseThrow().split("\\s+"))
                  .as("the columns the README shows")
                  .containsExactly(readmeHeader());
            }
          } else if (line.startsWith("java -jar target/pinecone-import-operator.jar")) {
            operatorClient = kube.newClient(c -> {});
            operator =
                PineconeImportOperator.start(
                    operatorClient,
                    OperatorConfig.fromEnv(
                        Map.of(
                            OperatorConfig.ALLOWED_HOSTS,
                            "*.pinecone.io," + pinecone.allowedHostEntry(),
                            OperatorConfig.WATCH_NAMESPACES,
                            "ml",
                            OperatorConfig.HEALTH_PORT,
                            "0")),
                    Clock.systemUTC(),
                    new SimpleMeterRegistry());
            ran.add(String.join(" ", words) + "   (in-process)");
          } else {
            throw new AssertionError("the test does not know how to run README line: " + line);
          }
        }
        List<String> inline = Readme.README.inlineKubectl(HOW_TO);
        assertThat(inline).hasSize(3);
        String wait = kubectl(Readme.words(inline.get(2), PLACEHOLDERS));
        assertThat(wait).contains("pineconeimport.pinecone.io/products-2024-08 condition met");
        String wide = kubectl(Readme.words(inline.get(0), PLACEHOLDERS));
        assertThat(wide.lines().findFirst().orElseThrow().split("\\s{2,}"))
            .containsExactly(
                "NAME",
                "STATUS",
                "PROGRESS",
                "RECORDS",
                "READY",
                "AGE",
                "IMPORT ID",
                "ETA",
                "INVALID",
                "HOST",
                "MESSAGE");
        assertThat(wide).contains("Completed").contains(pinecone.hostAndPort());
        String describe = kubectl(Readme.words(inline.get(1), PLACEHOLDERS));
        assertThat(describe).contains("ImportCompleted").contains("Conditions:");
      } finally {
        if (operator != null) {
          operator.close();
          operatorClient.close();
        }
      }
    }
    System.out.println(
        "Documented commands run on the real API server:\n  " + String.join("\n  ", ran));
  }

  /** The production install commands (kustomize) of docs/operations.md apply cleanly. */
  @Test
  void theInstallCommandsApplyCleanly() {
    List<String> applies =
        Readme.OPERATIONS.bashLines("Install").stream()
            .filter(l -> l.startsWith("kubectl apply"))
            .toList();
    assertThat(applies)
        .containsExactly("kubectl apply -k deploy/", "kubectl apply -k deploy/overlays/namespaced");
    for (String line : applies) {
      kubectl(Readme.words(line, PLACEHOLDERS));
    }
  }

  /** The Argo CD command of docs/operations.md registers the health script in Argo CD's map. */
  @Test
  void theArgoCdRegistrationCommandPatchesArgoCdsConfigMap() {
    List<String> lines = Readme.OPERATIONS.bashLines("Argo CD");
    assertThat(lines).singleElement().asString().startsWith("kubectl -n argocd patch configmap");
    kubectl(List.of("kubectl", "create", "namespace", "argocd"));
    kubectl(List.of("kubectl", "-n", "argocd", "create", "configmap", "argocd-cm"));
    kubectl(Readme.words(lines.get(0), PLACEHOLDERS));
    assertThat(
            kube.client().configMaps().inNamespace("argocd").withName("argocd-cm").get().getData())
        .containsKey("resource.customizations.health.pinecone.io_PineconeImport");
  }

  /** Runs a documented command with the real kubectl; it must exit 0. */
  private String kubectl(List<String> words) {
    assertThat(words.get(0)).isEqualTo("kubectl");
    var result = kubectl.run(Path.of("."), words.subList(1, words.size()).toArray(String[]::new));
    String command = String.join(" ", words);
    assertThat(result.exitCode())
        .as("%s\n%s%s", command, result.stdout(), result.stderr())
        .isZero();
    ran.add(command);
    return result.stdout();
  }

  /**
   * For {@code kubectl apply -f deploy/examples/...}: the same command on a copy edited as the
   * README asks (indexHost of the fake Pinecone, which starts the import from its uri).
   */
  private static java.util.Optional<List<String>> editedExample(
      List<String> words, FakePineconeServer pinecone, Path tmp) throws java.io.IOException {
    int f = words.indexOf("-f");
    if (!words.contains("apply") || f < 0 || !words.get(f + 1).startsWith("deploy/examples/")) {
      return java.util.Optional.empty();
    }
    Path example = Path.of(words.get(f + 1));
    String yaml = Files.readString(example);
    String edited = yaml.replaceFirst("(?m)^(\\s*indexHost:).*$", "$1 " + pinecone.hostAndPort());
    assertThat(edited).as("%s has an indexHost to edit", example).isNotEqualTo(yaml);
    Path copy = Files.writeString(tmp.resolve(example.getFileName()), edited);
    List<String> out = new ArrayList<>(words);
    out.set(f + 1, copy.toString());
    return java.util.Optional.of(out);
  }

  /** The header of the sample output the README shows under the how-to. */
  private static String[] readmeHeader() {
    String section = Readme.README.section(HOW_TO);
    return section
        .lines()
        .filter(l -> l.startsWith("NAME "))
        .findFirst()
        .orElseThrow()
        .trim()
        .split("\\s+");
  }
}
