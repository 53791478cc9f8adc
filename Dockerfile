# Multi-stage build of Troncal: one image serving the SPA, /trpc, /v1 and /healthz.
# (No Docker engine runs on the development machines; this file is kept correct by reading.)
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@10
COPY . .
RUN pnpm install --frozen-lockfile \
 && TURBO_TELEMETRY_DISABLED=1 pnpm build \
 && pnpm --filter @troncal/server deploy --prod --legacy /out \
 && cp -r apps/web/dist /out/web

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 TRONCAL_WEB_DIST=/app/web TRONCAL_DATA_DIR=/data
WORKDIR /app
COPY --from=build /out /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
