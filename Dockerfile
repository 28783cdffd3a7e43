# One image for every Tandem service. The service is chosen by APP, either at build time
# (`docker build --build-arg APP=enrollment -t tandem-enrollment .`) or at run time
# (`docker run -e APP=recognition tandem`); Kubernetes uses a single image and sets APP per Deployment.
# APP is one of: enrollment, session-tracking, recognition, analytics, dashboard (the browser app's server: the
# built single-page app in dist/apps/dashboard/web and same-origin routes to the four services).

# ---- build: full dependency tree (dev included) + swc compile of the whole workspace to dist/ -------
FROM node:26-trixie-slim AS build
WORKDIR /src
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json .npmrc ./
RUN npm install --no-audit --no-fund
COPY . .
RUN node tools/build.js

# ---- deps: production node_modules only ----------------------------------------------------------
FROM node:26-trixie-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# No runtime dependency needs an install script (the only ones with scripts are a telemetry ping and
# @swc/core's binary check), so skip them all.
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime ---------------------------------------------------------------------------------------
FROM node:26-trixie-slim AS runtime
ARG APP=""
ENV APP=${APP} \
    NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOST=0.0.0.0
WORKDIR /app
# Files stay owned by root: the node user can read but not change them (works with a read-only root FS).
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
USER node
# Default ports: dashboard 3000, enrollment 3001, session-tracking 3002, recognition 3003, analytics 3004 (PORT overrides).
EXPOSE 3000-3004
STOPSIGNAL SIGTERM
# Liveness only (readiness also needs its database and a first start with Kafka). No curl in the slim image: Node's own fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={dashboard:3000,enrollment:3001,'session-tracking':3002,recognition:3003,analytics:3004};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.APP])+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# sh only checks APP and then *replaces itself* with node (exec): node runs as PID 1 and receives
# SIGTERM directly, so the services' graceful shutdown (SHUTDOWN_TIMEOUT_MS) runs on `docker stop` and
# on pod termination. Extra arguments (`docker run tandem --foo`) are passed through to node's script.
ENTRYPOINT ["/bin/sh", "-c", "main=\"dist/apps/${APP}/src/main.js\"; if [ -z \"$APP\" ] || [ ! -f \"$main\" ]; then echo \"tandem: APP must be one of: enrollment, session-tracking, recognition, analytics, dashboard (got '${APP}')\" >&2; exit 64; fi; exec node \"$main\" \"$@\"", "tandem"]
