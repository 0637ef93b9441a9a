# The operator image. No container engine runs on the project's machines, so this file is kept
# plain and checked by ManifestsTest rather than by a build; build it with
#   docker build -t pinecone-import-operator:0.1.0 .

# Base images are pinned by the digest of their multi-arch index, so a rebuild gets the same bytes
# and a tag moved upstream (or a compromised mirror) cannot change what ships; the tag stays for
# readers. The digests are the ones Docker's official-images bookkeeping published for these tags
# (github.com/docker-library/repo-info: repos/maven/remote/3.9-eclipse-temurin-17.md and
# repos/eclipse-temurin/remote/17-jre.md, September 2026: JDK/JRE 17.0.20+8). To bump, on a machine
# with registry access:
#   docker buildx imagetools inspect maven:3.9-eclipse-temurin-17 --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect eclipse-temurin:17-jre --format '{{json .Manifest.Digest}}'
#   (or: crane digest <image>; or read the first "docker pull ...@sha256:" line of those repo-info
#   pages) and replace the @sha256:... below; Renovate's or Dependabot's docker manager can propose
#   the bumps as pull requests.

# Build stage: the same command as the README's, on the JDK and Maven the project uses.
FROM maven:3.9-eclipse-temurin-17@sha256:42a3ac393abbc64dae6c96703e5ead2e921fe9103371ac58b5b404b0d6a26502 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# the tools jar (built too, not shipped) carries the examples for its demo command
COPY deploy/examples ./deploy/examples
RUN mvn -B -q -DskipTests package

# Runtime: a JRE and the operator jar only (the operator and its runtime libraries; the demo, the
# fakes, the bench and Fabric8's mock API server are in the tools jar, which stays behind). The UID is fixed so that the Deployment's runAsUser names it and
# runAsNonRoot can verify it (65532 is the distroless "nonroot" convention).
FROM eclipse-temurin:17-jre@sha256:c6f2875c05ea10f16398bdc5f73405c384991506f2f1ead8bcc6582ae8adea79
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
