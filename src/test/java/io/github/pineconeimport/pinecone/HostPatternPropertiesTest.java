package io.github.pineconeimport.pinecone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The allowlist's pattern matcher against an oracle written apart from it: a pattern becomes a
 * regular expression in which {@code *} is one label, hosts and ports are compared after the
 * normalisation users are promised (lower case, no {@code :443}). The coverage checks make a
 * matcher that refuses (or allows) everything fail, not pass.
 */
class HostPatternPropertiesTest {

  /** Few labels, so that generated hosts and patterns meet often. */
  static final List<String> LABELS =
      List.of("idx-abc", "svc", "private", "aped-4627", "pinecone", "io", "example", "com");

  static final String LABEL_REGEX = "[a-z0-9]([a-z0-9-]*[a-z0-9])?";

  record Case(String pattern, String host) {}

  /** Whether {@code pattern} admits {@code host}, by regular expression. */
  static boolean oracle(String pattern, String host) {
    String[] p = splitPort(pattern.toLowerCase(Locale.ROOT));
    String[] h = splitPort(host.toLowerCase(Locale.ROOT));
    String regex =
        java.util.Arrays.stream(p[0].split("\\.", -1))
            .map(label -> label.equals("*") ? LABEL_REGEX : Pattern.quote(label))
            .collect(Collectors.joining("\\."));
    return h[0].matches(regex) && p[1].equals(h[1]);
  }

  /** [host, port] with 443 and no port the same. */
  static String[] splitPort(String written) {
    int colon = written.lastIndexOf(':');
    String host = colon < 0 ? written : written.substring(0, colon);
    String port = colon < 0 ? "443" : written.substring(colon + 1);
    return new String[] {host, port};
  }

  static boolean validPattern(String pattern) {
    String[] labels = splitPort(pattern)[0].split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i].equals("*") && i >= labels.length - 2) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 3000)
  void aPatternAdmitsExactlyTheHostsItsOracleAdmits(@ForAll("cases") Case c) {
    Optional<IndexEndpoint> host = IndexEndpoint.parse(c.host());
    assertThat(host).as("generated hosts are hosts: %s", c.host()).isPresent();
    HostPolicy policy;
    try {
      policy = HostPolicy.parse(c.pattern());
    } catch (IllegalArgumentException refused) {
      Statistics.label("verdict").collect("pattern refused");
      assertThat(validPattern(c.pattern())).as("refused %s: %s", c.pattern(), refused).isFalse();
      coverage();
      return;
    }
    assertThat(validPattern(c.pattern())).as("accepted %s", c.pattern()).isTrue();
    boolean admitted = policy.resolve(host.get()).isPresent();
    Statistics.label("verdict").collect(admitted ? "admitted" : "refused");
    assertThat(admitted)
        .as("%s admits %s", c.pattern(), c.host())
        .isEqualTo(oracle(c.pattern(), c.host()));
    assertThat(policy.names(host.get())).isEqualTo(admitted);
    coverage();
  }

  /** Each verdict shows up often enough that a matcher stuck on one answer fails. */
  static void coverage() {
    Statistics.label("verdict")
        .coverage(
            checker -> {
              checker.check("admitted").percentage(p -> p >= 15);
              checker.check("refused").percentage(p -> p >= 15);
              checker.check("pattern refused").percentage(p -> p >= 5);
            });
  }

  @Property(tries = 1000)
  void theSameHostWrittenAnotherWayIsTheSameHost(@ForAll("cases") Case c) {
    IndexEndpoint plain = IndexEndpoint.parse(c.host()).orElseThrow();
    String[] hp = splitPort(c.host());
    String other =
        "https://" + hp[0].toUpperCase(Locale.ROOT) + (hp[1].equals("443") ? ":443" : ":" + hp[1]);
    IndexEndpoint written = IndexEndpoint.parse(other).orElseThrow();
    Statistics.label("port").collect(hp[1].equals("443") ? "default" : "other");
    assertThat(written.key()).isEqualTo(plain.key());
    Statistics.label("port").coverage(k -> k.check("default").percentage(p -> p >= 20));
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<List<String>> labels = Arbitraries.of(LABELS).list().ofMinSize(2).ofMaxSize(6);
    Arbitrary<String> port = Arbitraries.of("", "", "", ":443", ":8443");
    return Combinators.combine(
            labels,
            Arbitraries.integers().between(0, 100).list().ofSize(6),
            port,
            port,
            Arbitraries.integers().between(0, 9))
        .as(
            (hostLabels, dice, hostPort, patternPort, shape) -> {
              List<String> pattern = new ArrayList<>(hostLabels);
              for (int i = 0; i < pattern.size(); i++) {
                // now and then a wildcard in the last two labels, which must be refused
                int cutoff = i < pattern.size() - 2 ? 45 : 4;
                if (dice.get(i) < cutoff) {
                  pattern.set(i, "*");
                }
              }
              List<String> host = new ArrayList<>(hostLabels);
              switch (shape) {
                case 0 -> host.add(0, "extra"); // one label deeper
                case 1 -> host.remove(0); // one label shallower
                case 2 -> host.set(host.size() - 1, "evil"); // another domain
                case 3 -> host.set(0, host.get(0).toUpperCase(Locale.ROOT));
                default -> {}
              }
              if (host.size() < 2) {
                host.add("io");
              }
              return new Case(
                  String.join(".", pattern) + patternPort, String.join(".", host) + hostPort);
            });
  }
}
