package io.github.pineconeimport.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log line (message, MDC and stack traces) so tests can search them. */
public final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ch.qos.logback.classic.Level previous;

  public LogCapture() {
    previous = root.getLevel();
    // DEBUG everywhere of ours, so a leak at any level is caught
    ((Logger) LoggerFactory.getLogger("io.github.pineconeimport"))
        .setLevel(ch.qos.logback.classic.Level.DEBUG);
    appender.start();
    root.addAppender(appender);
  }

  /** Every captured event as logback holds it (level, logger, MDC, thread). */
  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Every captured line, with its MDC and any exception text. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(appender.list)) {
      StringBuilder b =
          new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
      }
      out.add(b.toString());
    }
    return out;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
  }
}
