package io.github.pineconeimport.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare TCP listener on 127.0.0.1 (port 0) that counts connections and answers each request with
 * whatever bytes a {@link Reply} writes: for answers an HTTP server would not give (a trickle, an
 * endless body, broken framing, bytes that are not UTF-8), and as a place that must never be
 * reached. One request per connection; the connection is closed after the reply.
 */
public final class LoopbackListener implements AutoCloseable {

  /** Writes the answer to one request; {@code requestHead} is the request line and headers. */
  @FunctionalInterface
  public interface Reply {
    void write(String requestHead, OutputStream out) throws IOException, InterruptedException;
  }

  private static final int MAX_HEAD = 256 * 1024;

  private final ServerSocket socket;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "loopback-listener");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> requestHeads = new CopyOnWriteArrayList<>();

  /** Open connections, closed with the listener: a blocked write does not answer to interrupts. */
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private volatile Reply reply;

  private LoopbackListener(ServerSocket socket, Reply reply) {
    this.socket = socket;
    this.reply = reply;
  }

  public static LoopbackListener start(Reply reply) throws IOException {
    var listener =
        new LoopbackListener(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), reply);
    listener.threads.execute(listener::acceptLoop);
    return listener;
  }

  /** Answers from now on with this reply. */
  public void reply(Reply next) {
    this.reply = next;
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Connections accepted so far, whether or not a request came over them. */
  public int connections() {
    return connections.get();
  }

  public List<String> requestHeads() {
    return List.copyOf(requestHeads);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        open.add(s);
        threads.execute(() -> serve(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(5_000);
      String head = readHead(s.getInputStream());
      requestHeads.add(head);
      OutputStream out = s.getOutputStream();
      reply.write(head, out);
      out.flush();
    } catch (IOException | InterruptedException gone) {
      // the client went away or the listener closed: nothing to answer any more
    } finally {
      open.remove(s);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length && head.size() < MAX_HEAD) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    closeQuietly(socket);
    open.forEach(LoopbackListener::closeQuietly);
    threads.shutdownNow();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
