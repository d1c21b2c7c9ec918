# syntax=docker/dockerfile:1
#
# IME booking portal: four stages.
#   deps   all dependencies (dev included: the build needs vite, svelte, tailwind)
#   build  compiles the SvelteKit app into build/, then drops the dev dependencies
#   tools  the source with tsx, for maintenance commands as one-off tasks (--target tools)
#   (final) the runtime: build output, production node_modules, migrations, scripts; runs as `node`
#
# Build:  docker build -t ime-booking .
# Run:    see docker-compose.yml and .env.example for the settings it needs.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The lockfile decides every version. The cache mount keeps npm's download cache between builds.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# Maintenance commands run as one-off tasks (npm run keys:rotate, audit:verify, cases:group): the
# source with tsx and every dependency. Not the default target:
#   docker build --target tools -t <repository>:tools-<tag> .
FROM deps AS tools
COPY . .
# tsconfig.json extends SvelteKit's generated one (the $lib alias the scripts' imports use).
RUN npx svelte-kit sync
ENV NODE_ENV=production
USER node
CMD ["node_modules/.bin/tsx", "scripts/audit-verify.ts"]

FROM ${NODE_IMAGE}
# BODY_SIZE_LIMIT: adapter-node's own cap (512 KB) would refuse documents before the app sees them;
# the app enforces DOCUMENT_MAX_BYTES on uploads while streaming, and 1 MB on every other request.
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    BODY_SIZE_LIMIT=Infinity
WORKDIR /app

# Migrations run at start when DB_MIGRATE_ON_START=true (see docker-compose.yml).
# Application files stay owned by root: the `node` user can read them but not change them.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/build ./build
# The one-off migration task (ECS: command ["node", "scripts/migrate.mjs"]): plain JavaScript on the
# production dependencies, with the one module it shares with the app (TLS options, migration lock).
COPY --from=build /app/scripts/migrate.mjs ./scripts/migrate.mjs
COPY --from=build /app/src/lib/server/db/postgres-tls.js ./src/lib/server/db/postgres-tls.js

# The only writable place. Ownership must be set before VOLUME: later changes to it are discarded.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node
EXPOSE 3000

# The slim image has no curl; Node 20 has fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

CMD ["node", "build"]
