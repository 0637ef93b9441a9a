package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.pinecone.ImportListTooLargeException;
import io.github.pineconeimport.status.Reason;
import org.junit.jupiter.api.Test;

class ImportFinderTest {

  /** A list too long to hold stops the start where a person looks; it is not retried blindly. */
  @Test
  void aListPastItsBudgetIsAStalledReasonThatSaysWhatToDo() {
    var problem =
        ImportFinder.tooLarge(
            new ImportListTooLargeException(ImportListTooLargeException.Limit.PAGES, 500),
            "idx.svc.env.pinecone.io");
    assertThat(problem.reason()).isEqualTo(Reason.ImportListTooLarge);
    assertThat(problem.needsUser()).as("Stalled, not a retry loop").isTrue();
    assertThat(problem.message())
        .contains("500 pages")
        .contains("idx.svc.env.pinecone.io")
        .contains("nothing was started")
        .contains("spec.importId");
  }
}
