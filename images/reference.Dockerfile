# The reference WFM or device image, built the ordinary way on a machine with a registry. It gives the
# same images as images/build-images.sh (which assembles them offline with docker import):
#   docker build -f images/reference.Dockerfile --build-arg ROLE=wfm    -t margo-reference-wfm:local .
#   docker build -f images/reference.Dockerfile --build-arg ROLE=device -t margo-reference-device:local .
# A vendor image needs only the launch contract (reference/wfm/README.md, reference/device/README.md):
# read the MARGO_* environment, listen on 127.0.0.1 (the suite runs it with --network host), print the
# {"ready":true,...} line on stdout, and exit on SIGTERM.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ARG ROLE=wfm
ENV NODE_ENV=production MARGO_ROLE=${ROLE}
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist dist
COPY --from=build /src/core core
COPY --from=build /src/suites suites
COPY --from=build /src/profiles profiles
COPY --from=build /src/reports reports
COPY --from=build /src/fixtures fixtures
# The suite may run this image as any uid and keeps the state in the container (MARGO_STATE_DIR=/margo/state).
RUN mkdir -p /margo/state && chmod 1777 /margo/state
# Shell form so the build argument picks the entry point; exec keeps node as PID 1 for SIGTERM.
ENTRYPOINT ["/bin/sh", "-c", "exec node /app/dist/reference/$MARGO_ROLE/main.js \"$@\"", "--"]
