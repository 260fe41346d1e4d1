# NANO in a container: Debian 13 (trixie) slim with Node.js 24.
#   docker build -t nano .
#   docker run --rm -p 3000:3000 -v "$PWD/my-app:/srv/app:ro" nano
# Configuration is the NANO_* variables (README, "Run in a container"). Node runs TypeScript directly,
# so there is no build step: the first stage only installs the production dependencies (isolated-vm
# and uWebSockets.js ship prebuilt binaries for linux x64/arm64 glibc, so no compiler is needed).

ARG NODE_IMAGE=node:24-trixie-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /opt/nano
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# tini as PID 1: forwards SIGTERM to NANO's supervisor and reaps zombies (reliability notes, scenario 25).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/nano
COPY --from=dependencies /opt/nano/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY pool ./pool
COPY apis ./apis
# A default app, replaced by mounting or copying yours at /srv/app.
COPY examples/hello /srv/app

ENV NODE_ENV=production \
    NANO_APP=/srv/app \
    NANO_HOST=0.0.0.0 \
    NANO_PORT=3000 \
    NANO_LOG_FORMAT=json \
    NANO_SHUTDOWN_DELAY=5 \
    NANO_DRAIN_TIMEOUT=20

# The image's own `node` user (uid 1000): no root at run time.
USER node
EXPOSE 3000

# Liveness of the process, not of any app. The slim image has no curl: Node's fetch does it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.NANO_PORT}${process.env.NANO_BUILTINS_PREFIX ?? ''}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--no-node-snapshot", "--disable-warning=ExperimentalWarning", "bin/nano.ts", "serve"]
