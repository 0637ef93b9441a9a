package io.github.pineconeimport.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.status.ImportEvent;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of Kubernetes Events. Event names are derived from the resource's UID, reason and
 * message, so raising the same event again (say, after a status write that failed) bumps the count
 * of the existing Event instead of adding a second one.
 */
public class ImportEventRecorder {

  public static final String COMPONENT = "pinecone-import-operator";

  /** events.k8s.io caps notes at 1 KiB; core Events take more, kubectl shows less. */
  static final int MAX_MESSAGE = 1024;

  static final int MAX_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(ImportEventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final String operatorNamespace;
  private final List<BiConsumer<PineconeImport, ImportEvent>> listeners =
      new CopyOnWriteArrayList<>();

  public ImportEventRecorder(KubernetesClient client, Clock clock, String instance) {
    this(client, clock, instance, "");
  }

  /**
   * @param operatorNamespace the operator's own namespace, for what must outlive the namespace of
   *     an import (empty: not known, the log alone has it)
   */
  public ImportEventRecorder(
      KubernetesClient client, Clock clock, String instance, String operatorNamespace) {
    this.client = client;
    this.clock = clock;
    this.instance = instance == null || instance.isBlank() ? COMPONENT : instance;
    this.operatorNamespace = operatorNamespace == null ? "" : operatorNamespace;
  }

  /** Called after each event is written (tests, metrics). */
  public void addListener(BiConsumer<PineconeImport, ImportEvent> listener) {
    listeners.add(listener);
  }

  /**
   * Writes the event, best effort as Kubernetes' own events are: status is the record. A 409
   * (another writer created or bumped the same Event between our read and our write) is read again
   * and bumped, up to {@link #MAX_ATTEMPTS} tries; 429 and 5xx are already retried with backoff by
   * the Kubernetes client. What is finally dropped is logged, never thrown: losing an event must
   * not fail the reconcile that already wrote status.
   */
  public boolean record(PineconeImport resource, ImportEvent event) {
    var meta = resource.getMetadata();
    String message = truncate(event.message());
    String name = eventName(meta.getName(), meta.getUid(), event.reason().name(), message);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    boolean written =
        write(
            meta.getNamespace(),
            name,
            () -> newEvent(resource, event, message, name, now),
            now,
            event,
            message);
    if (written) {
      listeners.forEach(l -> l.accept(resource, event));
    }
    return written;
  }

  /**
   * An event about an import, in the operator's own namespace, involving the operator's Pod: for
   * what must be seen after the import's namespace is gone (or while it is terminating, when the
   * API server refuses new Events in it). Returns false when none could be written.
   */
  public boolean recordInOperatorNamespace(PineconeImport about, ImportEvent event) {
    if (operatorNamespace.isBlank()) {
      return false;
    }
    var meta = about.getMetadata();
    String message = truncate(meta.getNamespace() + "/" + meta.getName() + ": " + event.message());
    String name = eventName(instance, meta.getUid(), event.reason().name(), message);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    return write(
        operatorNamespace,
        name,
        () ->
            base(event, message, name, operatorNamespace, now)
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Pod")
                        .withName(instance)
                        .withNamespace(operatorNamespace)
                        .build())
                .build(),
        now,
        event,
        message);
  }

  private boolean write(
      String namespace,
      String name,
      Supplier<Event> created,
      String now,
      ImportEvent event,
      String message) {
    var events = client.v1().events().inNamespace(namespace);
    for (int attempt = 1; ; attempt++) {
      try {
        Event existing = events.withName(name).get();
        if (existing == null) {
          events.resource(created.get()).create();
        } else {
          existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
          existing.setLastTimestamp(now);
          events.resource(existing).update();
        }
        log.info("Event {} {}: {}", event.type(), event.reason(), message);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
          log.warn(
              "Dropped event {} {} after {} attempt(s) (HTTP {}): {}",
              event.type(),
              event.reason(),
              attempt,
              e.getCode(),
              message);
          return false;
        }
      }
    }
  }

  private Event newEvent(
      PineconeImport resource, ImportEvent event, String message, String name, String now) {
    var meta = resource.getMetadata();
    return base(event, message, name, meta.getNamespace(), now)
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withName(meta.getName())
                .withNamespace(meta.getNamespace())
                .withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion())
                .build())
        .build();
  }

  private EventBuilder base(
      ImportEvent event, String message, String name, String namespace, String now) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withType(event.type().name())
        .withReason(event.reason().name())
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance);
  }

  static String eventName(String resourceName, String uid, String reason, String message) {
    String prefix = resourceName.length() > 200 ? resourceName.substring(0, 200) : resourceName;
    return prefix + "." + hash(uid + "/" + reason + "/" + message);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String truncate(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
