# The scaletrace image: the CLI (run, watch, demo-target, replay, …) on Node 20, non-root.
# Used by k8s/ (generator Job, watch Deployment, demo target) and docker-compose.yaml.
#   docker build -t scaletrace/scaletrace:0.1.0 .
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source change does not re-download them. --ignore-scripts: the root
# `prepare` would build before the sources are here; the build runs below.
COPY package.json package-lock.json tsconfig.json ./
COPY generator/package.json generator/tsconfig.build.json generator/
# The other workspace's manifest, so `npm ci` matches the lockfile; the image needs only the CLI.
COPY dashboards/package.json dashboards/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY generator/bin generator/bin
COPY generator/src generator/src
COPY generator/scenarios generator/scenarios
RUN npm run build --workspace generator && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/generator/package.json generator/package.json
COPY --from=build /app/generator/bin generator/bin
COPY --from=build /app/generator/dist generator/dist
COPY --from=build /app/generator/scenarios generator/scenarios
# The uid k8s/ runs as (runAsUser: 10001); no home, no shell needed. Results and spill files go to
# a mounted volume (--out), the root filesystem stays read-only.
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["node", "/app/generator/bin/scaletrace.js"]
CMD ["--help"]
