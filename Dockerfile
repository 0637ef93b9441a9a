# The operator image. No container engine runs on the project's machines, so this file is kept
# plain and checked by ManifestsTest rather than by a build; build it with
#   docker build -t pinecone-import-operator:0.1.0 .

# Base images: pin each by the digest of its multi-arch index, so that a rebuild gets the same
# bytes and a tag moved upstream (or a compromised mirror) cannot change what ships. The digests
# could not be read on the machines this project is built on (no registry access), so the tags
# below are not yet pinned. To pin or bump, on a machine with registry access:
#   docker buildx imagetools inspect maven:3.9-eclipse-temurin-17 --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect eclipse-temurin:17-jre --format '{{json .Manifest.Digest}}'
#   (or: crane digest <image>; skopeo inspect --format '{{.Digest}}' docker://<image>)
# and write FROM <image>:<tag>@sha256:<digest>; keep the tag for readers. Renovate's or
# Dependabot's docker manager then proposes bumps as pull requests.

# Build stage: the same command as the README's, on the JDK and Maven the project uses.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# the tools jar (built too, not shipped) carries the examples for its demo command
COPY deploy/examples ./deploy/examples
RUN mvn -B -q -DskipTests package

# Runtime: a JRE and the operator jar only (the operator and its runtime libraries; the demo, the
# fakes, the bench and Fabric8's mock API server are in the tools jar, which stays behind). The UID is fixed so that the Deployment's runAsUser names it and
# runAsNonRoot can verify it (65532 is the distroless "nonroot" convention).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 65532 operator \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin operator
WORKDIR /app
COPY --from=build /src/target/pinecone-import-operator.jar /app/pinecone-import-operator.jar
USER 65532:65532
EXPOSE 8080
# exec form: java is PID 1 and gets SIGTERM, which the operator turns into a graceful stop.
# The heap follows the container's memory limit instead of the node's memory. Out of memory, the
# JVM exits (and the kubelet restarts the pod) instead of limping on with threads that died.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/pinecone-import-operator.jar"]
