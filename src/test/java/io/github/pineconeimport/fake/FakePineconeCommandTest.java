package io.github.pineconeimport.fake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakePineconeCommandTest {

  @Test
  void helpAndBadArgumentsAnswerWithoutStartingAServer() throws Exception {
    assertThat(FakePineconeCommand.run(new String[] {"--help"})).isZero();
    assertThat(FakePineconeCommand.run(new String[] {"--colour", "blue"})).isEqualTo(2);
    assertThat(FakePineconeCommand.run(new String[] {"--port"})).isEqualTo(2);
    assertThat(FakePineconeCommand.run(new String[] {"--port", "eighty"})).isEqualTo(2);
    assertThat(FakePineconeCommand.run(new String[] {"--scenario", "/no/such/file.yaml"}))
        .isEqualTo(2);
    assertThat(FakePineconeCommand.run(new String[] {"--max-running", "0"})).isEqualTo(2);
    assertThat(FakePineconeCommand.run(new String[] {"--max-running", "many"})).isEqualTo(2);
    assertThat(FakePineconeCommand.run(new String[] {"--refuse-api-version", "2024-07"}))
        .isEqualTo(2);
  }
}
