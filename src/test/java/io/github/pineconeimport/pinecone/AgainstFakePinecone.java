package io.github.pineconeimport.pinecone;

import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Client tests against the fake Pinecone: a fresh fake on a manual clock per test, and a client
 * with timeouts short enough for a test to outlast (connect 2 s, request 700 ms, body 64 KiB).
 */
abstract class AgainstFakePinecone {

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  FakePineconeServer fake;
  PineconeClient client;
  IndexEndpoint endpoint;

  /** The only key the fake accepts. */
  abstract String key();

  /** What the client's listener heard, for tests that count requests. */
  abstract void heard(String operation, int statusCode);

  @BeforeEach
  void startFake() throws Exception {
    fake = FakePineconeServer.start(0, key(), clock);
    client =
        new PineconeClient(
            new PineconeClient.Settings(Duration.ofSeconds(2), Duration.ofMillis(700), 64 * 1024),
            clock,
            (op, code, latency) -> heard(op, code));
    endpoint = new IndexEndpoint("http", "127.0.0.1", fake.port());
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }
}
