package io.github.pineconeimport.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.PineconeApiException;
import java.time.Instant;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever import Pinecone describes, the mapper gives a status a user can read ({@link
 * ReadableStatus}) and never throws, also when it follows another such status.
 */
class ImportStatusMapperPropertiesTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Property(tries = 1500)
  void anyDescribedImportGivesAReadableStatus(
      @ForAll("imports") BulkImport imp, @ForAll("imports") BulkImport before) {
    PineconeImportStatus previous =
        ImportStatusMapper.map(null, 1L, "101", new Observation.Described(before), NOW);
    ReadableStatus.assertReadable(previous);
    PineconeImportStatus next =
        ImportStatusMapper.map(previous, 2L, "101", new Observation.Described(imp), NOW);
    ReadableStatus.assertReadable(next);
    // one event for an end reached now, none for one already seen, nothing for progress
    boolean endsNow =
        BulkImport.isTerminal(imp.status()) && !Objects.equals(previous.getPhase(), imp.status());
    assertThat(Transition.events(previous, next))
        .allSatisfy(e -> assertThat(e.reason().inEvents()).isTrue())
        .allSatisfy(e -> assertThat(e.message()).isNotBlank())
        .hasSize(endsNow ? 1 : 0);
    assertThat(ImportStatusMapper.isFinishedFor(next, 2L))
        .isEqualTo(BulkImport.isTerminal(imp.status()));
  }

  @Property(tries = 300)
  void aProblemAfterAnyImportGivesAReadableStatus(
      @ForAll("imports") BulkImport before,
      @ForAll PineconeApiException.Kind kind,
      @ForAll("codes") int code) {
    PineconeImportStatus previous =
        ImportStatusMapper.map(null, 1L, "101", new Observation.Described(before), NOW);
    Problem problem =
        Problems.fromApi(
            new PineconeApiException(kind, code, null, null), "101", "idx.pinecone.io", "pinecone");
    ReadableStatus.assertReadable(ImportStatusMapper.map(previous, 1L, "101", problem, NOW));
  }

  @Provide
  Arbitrary<Integer> codes() {
    return Arbitraries.integers().between(0, 599);
  }

  @Provide
  Arbitrary<BulkImport> imports() {
    return Builders.withBuilder(
            () -> new BulkImport(null, null, null, null, null, null, null, null))
        .use(text())
        .in(
            (b, t) ->
                new BulkImport(
                    t,
                    b.uri(),
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.percentComplete(),
                    b.recordsImported(),
                    b.error()))
        .use(text())
        .in(
            (b, t) ->
                new BulkImport(
                    b.id(),
                    t,
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.percentComplete(),
                    b.recordsImported(),
                    b.error()))
        .use(statuses())
        .in(
            (b, t) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    t,
                    b.createdAt(),
                    b.finishedAt(),
                    b.percentComplete(),
                    b.recordsImported(),
                    b.error()))
        .use(dates())
        .in(
            (b, t) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    b.status(),
                    t,
                    b.finishedAt(),
                    b.percentComplete(),
                    b.recordsImported(),
                    b.error()))
        .use(dates())
        .in(
            (b, t) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    b.status(),
                    b.createdAt(),
                    t,
                    b.percentComplete(),
                    b.recordsImported(),
                    b.error()))
        .use(percentages())
        .in(
            (b, p) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    p,
                    b.recordsImported(),
                    b.error()))
        .use(records())
        .in(
            (b, r) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.percentComplete(),
                    r,
                    b.error()))
        .use(text())
        .in(
            (b, t) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.percentComplete(),
                    b.recordsImported(),
                    t))
        .use(validations())
        .in(
            (b, v) ->
                new BulkImport(
                    b.id(),
                    b.uri(),
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.percentComplete(),
                    b.recordsImported(),
                    b.error(),
                    v))
        .build();
  }

  /** 2026-07's validationResult: absent, or counts that may be missing, negative or huge. */
  static Arbitrary<BulkImport.ValidationResult> validations() {
    Arbitrary<Long> count =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-5, 2_000_000),
            Arbitraries.longs(),
            Arbitraries.just(null));
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        net.jqwik.api.Combinators.combine(count, count).as(BulkImport.ValidationResult::new));
  }

  /** Short, odd and very long text; null stands for a field Pinecone left out. */
  static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.strings().ofMaxLength(40)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.strings()
                .withChars("ab \n\t\u0000\u001b")
                .ofMinLength(2000)
                .ofMaxLength(5000)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(2040, 300_000).map("x"::repeat)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  static Arbitrary<String> statuses() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            BulkImport.PENDING,
            BulkImport.IN_PROGRESS,
            BulkImport.COMPLETED,
            BulkImport.FAILED,
            BulkImport.CANCELLED,
            "completed",
            "IN_PROGRESS",
            "",
            " "),
        text());
  }

  static Arbitrary<String> dates() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "2026-03-01T09:00:00Z",
            "2026-03-01T09:00:00.123456789+05:30",
            "2026-13-45T25:61:61Z",
            "1700000000000",
            "-1",
            "yesterday",
            "Sun, 01 Mar 2026 09:00:00 GMT",
            "0000-00-00",
            "+292278994-08-17T07:12:55.807Z",
            ""),
        text());
  }

  static Arbitrary<Double> percentages() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            0.0,
            100.0,
            100.0000001,
            -1e-300,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            99.96,
            1e21),
        Arbitraries.doubles().between(-1000, 1000),
        Arbitraries.doubles().between(0, 100),
        Arbitraries.just(null));
  }

  static Arbitrary<Long> records() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.of(-1L, 0L, Long.MIN_VALUE, Long.MAX_VALUE),
        Arbitraries.just(null));
  }
}
