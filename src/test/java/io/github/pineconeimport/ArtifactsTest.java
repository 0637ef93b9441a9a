package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jars as {@code mvn package} built them (this class runs in the package phase, after the shade
 * and assembly plugins): the operator jar, which the image ships, holds the operator and its
 * runtime only; the tools jar holds the demo, the fake Pinecone and the bench.
 */
class ArtifactsTest {

  static final Path OPERATOR = Path.of("target", "pinecone-import-operator.jar");
  static final Path TOOLS = Path.of("target", "pinecone-import-operator-tools.jar");

  /** Libraries no pod runs: mock API server, its web server stack, the chart library. */
  static final List<String> NOT_IN_THE_OPERATOR =
      List.of(
          "io.fabric8/kubernetes-server-mock",
          "io.fabric8/mockwebserver",
          "io.vertx/",
          "io.netty/",
          "org.bouncycastle/",
          "org.jfree/",
          "org.junit",
          "io.fabric8/kube-api-test");

  /** Class trees of the same, and our own tools. */
  static final List<String> NO_CLASSES_UNDER =
      List.of(
          "io/github/pineconeimport/demo/",
          "io/github/pineconeimport/fake/",
          "io/github/pineconeimport/bench/",
          "io/github/pineconeimport/tools/",
          "io/fabric8/kubernetes/client/server/mock/",
          "io/fabric8/mockwebserver/",
          "io/vertx/",
          "io/netty/",
          "org/bouncycastle/",
          "org/jfree/",
          "examples/");

  @Test
  void theOperatorJarHoldsTheOperatorAndItsRuntimeOnly() throws IOException {
    try (var jar = new JarFile(OPERATOR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      // what shade embedded: the runtime dependency tree, one pom.properties per artifact
      List<String> artifacts =
          names.stream()
              .filter(n -> n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties"))
              .map(
                  n ->
                      n.substring(
                          "META-INF/maven/".length(), n.length() - "/pom.properties".length()))
              .toList();
      System.out.printf(
          "operator jar: %d bytes, %d artifacts%n", Files.size(OPERATOR), artifacts.size());

      assertThat(artifacts)
          .contains(
              "io.javaoperatorsdk/operator-framework-core",
              "io.fabric8/kubernetes-client",
              "io.fabric8/kubernetes-httpclient-jdk");
      NOT_IN_THE_OPERATOR.forEach(
          lib -> assertThat(artifacts).as("artifacts").noneMatch(a -> a.startsWith(lib)));
      NO_CLASSES_UNDER.forEach(
          tree -> assertThat(names).as("entries").noneMatch(n -> n.startsWith(tree)));
      assertThat(names)
          .contains(
              "io/github/pineconeimport/Main.class",
              "io/github/pineconeimport/reconciler/PineconeImportReconciler.class");
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(Main.class.getName());
    }
  }

  @Test
  void theOperatorJarRunsAndPointsToolCommandsToTheToolsJar() throws Exception {
    assertThat(java(OPERATOR, "help")).isZero();
    assertThat(java(OPERATOR, "demo")).isEqualTo(2);
  }

  @Test
  void theToolsJarHoldsTheDemoTheFakesAndTheBench() throws Exception {
    try (var jar = new JarFile(TOOLS.toFile())) {
      System.out.printf("tools jar: %d bytes%n", Files.size(TOOLS));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.github.pineconeimport.tools.Tools");
      assertThat(jar.getEntry("io/github/pineconeimport/demo/Demo.class")).isNotNull();
      assertThat(jar.getEntry("io/github/pineconeimport/fake/FakePineconeServer.class"))
          .isNotNull();
      assertThat(jar.getEntry("io/github/pineconeimport/bench/Benchmark.class")).isNotNull();
      assertThat(jar.getEntry("examples/catalog-import.yaml")).isNotNull();
    }
    assertThat(java(TOOLS, "help")).isZero();
  }

  private static int java(Path jar, String command) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
