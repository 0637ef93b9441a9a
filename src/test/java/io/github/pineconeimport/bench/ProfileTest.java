package io.github.pineconeimport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.fake.ImportScript;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The profile's arithmetic must agree with the fake's script, or lag and ideal are wrong. */
class ProfileTest {

  final Profile profile = Profile.realistic(Duration.ofSeconds(1));

  @Test
  void eachStateBeginsExactlyWhenTheFakeFirstServesIt() {
    for (int index : new int[] {0, 1, 7, 4321}) {
      ImportScript script = profile.script(index);
      for (int state = 1; state < profile.states(); state++) {
        Duration begins = profile.changeOffset(index, state);
        assertThat(stateOf(script, begins)).as("import %d state %d", index, state).isEqualTo(state);
        assertThat(stateOf(script, begins.minusMillis(1))).isEqualTo(state - 1);
      }
    }
  }

  @Test
  void theRealisticProfileHasEightVisibleChangesAndOneTransition() {
    assertThat(profile.visibleChanges()).isEqualTo(8);
    assertThat(profile.transitions()).isEqualTo(1);
  }

  @Test
  void anIdealPollerLooksOncePerPollUntilTheFirstLookAtTheEnd() {
    // import 0 lives exactly 26 polls: looks at 0..26 s, the one at 26 s sees the end
    assertThat(profile.idealRequests(0)).isEqualTo(27);
    // others live 26 polls and a fraction: the poll at 27 s is the first to see the end
    assertThat(profile.idealRequests(1)).isEqualTo(28);
    assertThat(profile.idealRequests(0, 3)).isEqualTo(27 + 28 + 28);
  }

  @Test
  void oneImportInTenFails() {
    long failed = java.util.stream.IntStream.range(0, 1000).filter(profile::fails).count();
    assertThat(failed).isEqualTo(100);
    assertThat(profile.script(9).outcome()).isEqualTo("Failed");
  }

  @Test
  void pollsFinerThanWholeSecondsAreRefused() {
    assertThatThrownBy(() -> Profile.realistic(Duration.ofMillis(500)))
        .hasMessageContaining("whole seconds");
  }

  private int stateOf(ImportScript script, Duration elapsed) {
    ImportScript.Snapshot s = script.at(elapsed);
    var status = new PineconeImportStatus();
    status.setPhase(s.status());
    status.setPercentComplete(s.percentComplete());
    return profile.stateOf(status);
  }
}
