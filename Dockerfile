# One image for all of peerfix: the bot (`peerfix serve`), the per-node agent (`peerfix agent ...`)
# and the probe pods (`peerfix probe ...`); the entry point is the `peerfix` launcher.
#
#   docker build -t peerfix .           (or: buildah build -t peerfix .)
#
# Where no image registry can be reached, infra/image/build.sh makes both base images from Debian
# packages and builds this file with buildah.
ARG BUILD_IMAGE=maven:3-eclipse-temurin-17
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
# Extra Maven flags, e.g. "-o" when the build is given a filled Maven repository.
ARG MAVEN_FLAGS=
WORKDIR /src
COPY pom.xml ./
COPY bot/pom.xml bot/
COPY bin bin
COPY docs/examples docs/examples
COPY bot/src bot/src
RUN mvn -B -q ${MAVEN_FLAGS} -DskipTests package
# A Java runtime of only the modules peerfix needs, without the JDK's own class-data archive: every
# command runs through bin/peerfix, which maps peerfix's static archive (the JDK's classes included)
# made below. (--strip-java-debug-attributes, not --strip-debug, which also strips native symbols
# with objcopy: a JDK without binutils, such as Debian's, fails on that.)
ARG JRE_MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.naming.dns,jdk.unsupported,jdk.zipfs
RUN jlink --add-modules "${JRE_MODULES}" --strip-java-debug-attributes --no-man-pages --no-header-files \
      --compress=2 --output /jre

FROM ${RUNTIME_IMAGE}
# Both iptables back ends (iptables-legacy-* and iptables-nft-*, one Debian package): the agent
# detects which one the node uses at run time. ipset and ip for the node's other facts.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iptables ipset iproute2 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log
# The bot and the probe pods run as this user (the manifests pin the same ids); the agent runs as
# root with only NET_ADMIN and NET_RAW.
RUN echo 'peerfix:x:65532:65532:peerfix:/nonexistent:/usr/sbin/nologin' >>/etc/passwd \
 && echo 'peerfix:x:65532:' >>/etc/group
COPY --from=build /jre /opt/peerfix/jre
COPY --from=build /src/bot/target/peerfix.jar /opt/peerfix/lib/peerfix.jar
COPY bin/peerfix bin/peerfix-cds /opt/peerfix/bin/
COPY docs/examples/seed-incident-nat.txt /opt/peerfix/docs/examples/
ENV JAVA_HOME=/opt/peerfix/jre \
    PEERFIX_JAR=/opt/peerfix/lib/peerfix.jar \
    PATH=/opt/peerfix/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# peerfix's class-data archive, made by training runs with this image's own JVM and jar (an archive
# only maps into the JVM that wrote it), then a smoke run through the launcher. Not the lab's
# member daemons' archive: the image runs no lab.
RUN peerfix-cds --no-daemons && peerfix --version
USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["peerfix"]
CMD ["--help"]
