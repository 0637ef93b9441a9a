package io.github.pineconeimport.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's and Prometheus' door into the operator, on one port: {@code /healthz} (liveness),
 * {@code /readyz} (readiness) and {@code /metrics} (Prometheus text format).
 *
 * <p>One thread with a selector reads every connection without blocking, so a client that sends
 * half a request (or nothing) holds no thread: a probe that arrives meanwhile is answered at once.
 * Each connection has {@link #DEADLINE} to send its request and read the answer, a request head is
 * at most {@link #MAX_HEAD} bytes, and past {@link #MAX_CONNECTIONS} open connections the oldest is
 * dropped. The JDK's HttpServer, used before, reads requests on its executor's threads: two slow
 * clients stopped {@code /healthz}, and the kubelet restarted the pod.
 */
public final class HealthServer implements AutoCloseable {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final Duration DEADLINE = Duration.ofSeconds(5);
  static final int MAX_HEAD = 8 * 1024;
  static final int MAX_CONNECTIONS = 128;

  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
  private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One client: what it sent so far, then what it is sent. */
  private static final class Connection {
    final SocketChannel channel;
    final long deadlineNanos;
    final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
    ByteBuffer out;

    Connection(SocketChannel channel, long deadlineNanos) {
      this.channel = channel;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final ServerSocketChannel server;
  private final Selector selector;
  private final BooleanSupplier live;
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;
  private final Deque<Connection> open = new ArrayDeque<>();
  private final Thread thread;

  private HealthServer(
      ServerSocketChannel server,
      Selector selector,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> metrics) {
    this.server = server;
    this.selector = selector;
    this.live = live;
    this.ready = ready;
    this.metrics = metrics;
    this.thread = new Thread(this::run, "health-server");
    this.thread.setDaemon(true);
  }

  /**
   * @param port 0 picks a free port (tests)
   * @param live answers /healthz; false makes the kubelet restart the container
   * @param ready answers /readyz
   * @param metrics the body of /metrics
   */
  public static HealthServer start(
      int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    // all interfaces: the kubelet and Prometheus reach the pod on its own IP
    server.bind(new InetSocketAddress(port), MAX_CONNECTIONS);
    server.configureBlocking(false);
    Selector selector = Selector.open();
    server.register(selector, SelectionKey.OP_ACCEPT);
    HealthServer health = new HealthServer(server, selector, live, ready, metrics);
    health.thread.start();
    return health;
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  private void run() {
    try {
      while (selector.isOpen()) {
        selector.select(250);
        for (SelectionKey key : selector.selectedKeys()) {
          try {
            if (!key.isValid()) {
              continue;
            }
            if (key.isAcceptable()) {
              accept();
            } else if (key.isReadable()) {
              read(key);
            } else if (key.isWritable()) {
              write(key);
            }
          } catch (IOException | RuntimeException e) {
            // one client's trouble is that client's alone
            drop((Connection) key.attachment());
          }
        }
        selector.selectedKeys().clear();
        expire();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (selector.isOpen()) {
        log.warn("Health server stopped: {}", e.toString());
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      if (open.size() >= MAX_CONNECTIONS) {
        drop(open.peekFirst());
      }
      channel.configureBlocking(false);
      var connection = new Connection(channel, System.nanoTime() + DEADLINE.toNanos());
      channel.register(selector, SelectionKey.OP_READ, connection);
      open.addLast(connection);
    }
  }

  private void read(SelectionKey key) throws IOException {
    Connection c = (Connection) key.attachment();
    if (c.channel.read(c.in) < 0) {
      drop(c);
      return;
    }
    int end = indexOf(c.in, HEAD_END);
    if (end < 0) {
      if (!c.in.hasRemaining()) {
        respond(key, c, "431 Request Header Fields Too Large", "text/plain", "", false);
      }
      return;
    }
    String head = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
    String[] requestLine = head.split("\r\n", 2)[0].split(" ");
    if (requestLine.length != 3) {
      respond(key, c, "400 Bad Request", "text/plain", "", false);
      return;
    }
    handle(key, c, requestLine[0], requestLine[1]);
  }

  private void handle(SelectionKey key, Connection c, String method, String target) {
    String path = target.split("\\?", 2)[0];
    if (!path.equals("/healthz") && !path.equals("/readyz") && !path.equals("/metrics")) {
      respond(key, c, "404 Not Found", "text/plain; charset=utf-8", "not found\n", false);
      return;
    }
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      respond(key, c, "405 Method Not Allowed\r\nAllow: GET, HEAD", "text/plain", "", false);
      return;
    }
    if (path.equals("/metrics")) {
      respond(key, c, "200 OK", PROMETHEUS_TEXT, metrics.get(), head);
      return;
    }
    boolean ok;
    try {
      ok = (path.equals("/healthz") ? live : ready).getAsBoolean();
    } catch (RuntimeException e) {
      ok = false;
    }
    respond(
        key,
        c,
        ok ? "200 OK" : "503 Service Unavailable",
        "text/plain; charset=utf-8",
        ok ? "ok\n" : "not ok\n",
        head);
  }

  private void respond(
      SelectionKey key,
      Connection c,
      String status,
      String contentType,
      String body,
      boolean headOnly) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String header =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: "
            + contentType
            + "\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(h.length + (headOnly ? 0 : bytes.length));
    out.put(h);
    if (!headOnly) {
      out.put(bytes);
    }
    c.out = out.flip();
    key.interestOps(SelectionKey.OP_WRITE);
  }

  private void write(SelectionKey key) throws IOException {
    Connection c = (Connection) key.attachment();
    c.channel.write(c.out);
    if (!c.out.hasRemaining()) {
      drop(c);
    }
  }

  /** Connections past their deadline go, so a slow client holds at most a slot, briefly. */
  private void expire() {
    long now = System.nanoTime();
    while (!open.isEmpty() && now - open.peekFirst().deadlineNanos > 0) {
      drop(open.peekFirst());
    }
  }

  private void drop(Connection c) {
    if (c == null) {
      return;
    }
    open.remove(c);
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // closing; nothing left to tell the client
    }
  }

  private static int indexOf(ByteBuffer buffer, byte[] needle) {
    byte[] a = buffer.array();
    for (int i = 0; i + needle.length <= buffer.position(); i++) {
      int j = 0;
      while (j < needle.length && a[i + j] == needle[j]) {
        j++;
      }
      if (j == needle.length) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      selector.close();
      server.close();
      thread.join(Duration.ofSeconds(5).toMillis());
      open.forEach(
          c -> {
            try {
              c.channel.close();
            } catch (IOException ignored) {
              // closing
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
