# syntax=docker/dockerfile:1
# The User Management System in two images from one build:
#   app  (the default target): the API and the console, Node 24 LTS, production dependencies only
#   web  (--target web): nginx with deploy/nginx.conf and the built console
# compose.yaml builds both. The npm commands here are the ones a test runs on every CI run
# (backend/test/deploy/production-install.test.ts), so a build that passes CI builds here.

# Pinned to 24.18: better-sqlite3 12 built against the headers of Node 24.19 or later aborts
# when a statement is garbage-collected (docs/decisions/0009-node-24-and-better-sqlite3.md).
ARG NODE_IMAGE=node:24.18-slim

# 1. Build: every dependency, then the console (Vite) and the server (tsc) into dist/.
FROM ${NODE_IMAGE} AS build
# Compilers for better-sqlite3, used only where no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci
COPY . .
RUN npm run build
RUN npm prune --omit=dev
RUN rm -rf backend/src backend/test backend/scripts frontend/src

# 2. nginx in front: the reverse proxy serving the console itself.
FROM nginx:1.27 AS web
COPY deploy/nginx/ /etc/nginx/ums/
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY deploy/nginx-tls.conf /etc/nginx/ums/tls.conf.example
COPY --from=build /app/frontend/dist /usr/share/nginx/html

# 3. The app: compiled JavaScript and production dependencies, run as the image's "node" user.
FROM ${NODE_IMAGE} AS app
# glibc's malloc keeps what argon2 frees (19 MiB a hash) in per-thread arenas: fewer arenas and
# a fixed mmap threshold hand it back (docs/deployment.md).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=1048576 \
    HOST=0.0.0.0 \
    PORT=5000 \
    DATABASE_URL=sqlite:/data/app.db
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/backend backend
COPY --from=build /app/frontend/package.json frontend/
COPY --from=build /app/frontend/dist frontend/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 5000
# Ready means the database answers too; Node 24 has fetch, so no curl in the image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||5000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A smaller young generation than V8's default, and an old generation that grows only to 1.3 times
# what is live, keep the peak RSS under load lower (docs/deployment.md, docs/performance.md).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=30", "backend/dist/src/server.js"]
