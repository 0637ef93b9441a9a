package io.github.pineconeimport.pinecone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body handler that keeps at most {@code maxBytes} and fails beyond, so a huge answer cannot fill
 * the heap.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** Thrown (inside the future) when the body is larger than allowed. */
  static final class TooLarge extends IOException {
    TooLarge(int max) {
      super("response body larger than " + max + " bytes");
    }
  }

  private final int maxBytes;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private LimitedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
    return info -> new LimitedBody(maxBytes);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (buffer.size() + b.remaining() > maxBytes) {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(maxBytes));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      buffer.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }
}
