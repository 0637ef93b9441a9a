package io.github.pineconeimport.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.github.pineconeimport.config.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in leader election: who it is, which Lease it campaigns for, whether it
 * leads, and what happens when it stops leading.
 *
 * <p>JOSDK's own answer to a lost lease is {@code System.exit(1)} from the elector's thread. In a
 * shutdown hook that call blocks forever (the pod then waits for SIGKILL), and in a test it ends
 * the JVM. So JOSDK is told not to exit; a lost lease completes {@link #lost()} instead, and the
 * operator stops itself cleanly on its own thread.
 */
public final class Leadership {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final String leaseName;
  private final String leaseNamespace;
  private final String identity;
  private final OperatorConfig.LeaseTiming timing;
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private volatile boolean leading;
  private volatile boolean steppingDown;

  Leadership(
      String leaseName, String leaseNamespace, String identity, OperatorConfig.LeaseTiming timing) {
    this.leaseName = leaseName;
    this.leaseNamespace = leaseNamespace;
    this.identity = identity;
    this.timing = timing;
  }

  /**
   * @throws IllegalArgumentException when no namespace for the Lease is set or can be inferred
   */
  public static Leadership from(OperatorConfig config, KubernetesClient client) {
    String namespace =
        config.leaderElectionNamespace().isBlank()
            ? client.getNamespace()
            : config.leaderElectionNamespace();
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException(
          OperatorConfig.LEADER_ELECTION_NAMESPACE
              + " is not set and the Kubernetes client has no namespace to put the Lease in");
    }
    // Two replicas with one identity would both think they lead, so never default to a constant.
    String identity =
        config.podName().isBlank()
            ? "pinecone-import-operator-" + UUID.randomUUID()
            : config.podName();
    return new Leadership(
        config.leaderElectionLeaseName(), namespace, identity, config.leaseTiming());
  }

  public LeaderElectionConfiguration configuration() {
    return new LeaderElectionConfiguration(
        leaseName,
        leaseNamespace,
        timing.duration(),
        timing.renewDeadline(),
        timing.retryPeriod(),
        identity,
        new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader),
        false);
  }

  private void startedLeading() {
    leading = true;
    log.info("{} leads (Lease {}/{}); reconciling", identity, leaseNamespace, leaseName);
  }

  private void stoppedLeading() {
    boolean wasLeading = leading;
    leading = false;
    if (steppingDown) {
      return;
    }
    if (wasLeading) {
      log.warn(
          "{} lost Lease {}/{}; stopping so that only the new leader reconciles",
          identity,
          leaseNamespace,
          leaseName);
    }
    lost.complete(null);
  }

  private void newLeader(String holder) {
    if (holder != null && !holder.isBlank() && !holder.equals(identity)) {
      log.info("{} is the leader; {} stands by", holder, identity);
    }
  }

  /** Completes when this replica stopped leading while it meant to keep running. */
  public CompletableFuture<Void> lost() {
    return lost;
  }

  public boolean isLeader() {
    return leading;
  }

  public String identity() {
    return identity;
  }

  public String leaseNamespace() {
    return leaseNamespace;
  }

  public String leaseName() {
    return leaseName;
  }

  /** From here on, losing the lease is the plan, not an accident. Call before stopping. */
  public void stepDown() {
    steppingDown = true;
  }

  /**
   * Hands the Lease over after the operator has stopped, so a standby takes over within one retry
   * period instead of waiting out the lease duration (client-go's ReleaseOnCancel, which JOSDK
   * leaves off). Safe only once no reconcile runs any more. A lost race is harmless: the Lease then
   * already belongs to someone else.
   */
  public void release(KubernetesClient client) {
    try {
      var lease = client.leases().inNamespace(leaseNamespace).withName(leaseName);
      Lease current = lease.get();
      if (current == null
          || current.getSpec() == null
          || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      // client-go's release: an empty holder is free for anyone; a 1s lease for older electors
      current.getSpec().setHolderIdentity("");
      current.getSpec().setLeaseDurationSeconds(1);
      current.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      client.resource(current).update();
      log.info("{} released Lease {}/{}", identity, leaseNamespace, leaseName);
    } catch (KubernetesClientException e) {
      log.info(
          "Lease {}/{} not released (HTTP {}); it expires on its own",
          leaseNamespace,
          leaseName,
          e.getCode());
    }
  }
}
