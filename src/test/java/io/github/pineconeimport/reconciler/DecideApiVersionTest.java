package io.github.pineconeimport.reconciler;

import static io.github.pineconeimport.reconciler.DecideTest.ID;
import static io.github.pineconeimport.reconciler.DecideTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.ApiVersion;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** status.pineconeApiVersion: the version the poll used, written with the rest of the status. */
class DecideApiVersionTest {

  final Decide decide =
      new Decide(new PollSchedule(Duration.ofMinutes(5), Duration.ofMinutes(10), () -> 0L));

  static PineconeAccess.Granted granted(ApiVersion version) {
    return new PineconeAccess.Granted(
        new IndexEndpoint("https", "idx.pinecone.io", 443), new ApiKey("k"), version);
  }

  static Seen looked(PineconeImportStatus before, Observation o, PineconeAccess.Granted access) {
    var resource = DecideTest.starting(false, before);
    return new Seen.Polled(resource, ID, o, access, new ImportMemory.Inputs(1L, "1"), 0);
  }

  @ParameterizedTest(name = "recorded {0}, sent {1} (pinned {2}): writes {3}")
  @CsvSource(
      nullValues = "none",
      value = {
        "none,    2026-04, false, 2026-04",
        "none,    2025-10, true,  2025-10",
        "2025-01, 2026-04, false, 2026-04",
        "2026-04, 2026-04, false, none",
      })
  void theVersionInUseIsRecordedOnceAndOnlyWhenItChanges(
      String recorded, String sent, boolean pinned, String written) {
    var before = DecideTest.status("InProgress");
    before.setPineconeApiVersion(recorded);
    Decision d =
        decide.next(
            looked(
                before, DecideTest.described("InProgress"), granted(new ApiVersion(sent, pinned))),
            NOW);
    if (written == null) {
      assertThat(d.status()).as("nothing a user can see changed: no write").isNull();
    } else {
      assertThat(d.status().getPineconeApiVersion()).isEqualTo(written);
      assertThat(d.status().getPhase()).isEqualTo("InProgress");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"HostNotAllowed", "SecretNotFound"})
  void aLookThatNeverReachedPineconeKeepsTheVersionLastUsed(Reason reason) {
    var before = DecideTest.status("InProgress");
    before.setPineconeApiVersion("2026-04");
    Decision d = decide.next(looked(before, new Problem(reason, "fix it"), null), NOW);
    assertThat(d.status().getPineconeApiVersion()).isEqualTo("2026-04");
    assertThat(d.status().getConditions())
        .allSatisfy(c -> assertThat(c.getReason()).isEqualTo(reason.name()));
  }
}
