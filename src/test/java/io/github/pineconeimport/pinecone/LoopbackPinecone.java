package io.github.pineconeimport.pinecone;

import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The fake Pinecone on loopback and a client for it, as the property tests share them. */
final class LoopbackPinecone implements AutoCloseable {

  final FakePineconeServer fake;
  final PineconeClient client;

  private LoopbackPinecone(FakePineconeServer fake, PineconeClient client) {
    this.fake = fake;
    this.client = client;
  }

  /**
   * The fake accepts only {@code key}; the client gives up after 2 s to connect and 2 s to answer.
   */
  static LoopbackPinecone start(String key) throws IOException {
    var clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    return new LoopbackPinecone(
        FakePineconeServer.start(0, key, clock), client(Duration.ofSeconds(2), 64 * 1024, clock));
  }

  /** A client that reports to no one; {@code timeout} for connecting and for the answer each. */
  static PineconeClient client(Duration timeout, int maxBodyBytes, Clock clock) {
    return new PineconeClient(
        new PineconeClient.Settings(timeout, timeout, maxBodyBytes),
        clock,
        (op, code, latency) -> {});
  }

  /** The fake over plain http, as an allowlist entry of http://127.0.0.1:port lets through. */
  IndexEndpoint endpoint() {
    return new IndexEndpoint("http", "127.0.0.1", fake.port());
  }

  @Override
  public void close() {
    fake.close();
  }
}
