# margo-conformance as a container, for labs that run the suite without installing Node.
#   docker build -t margo-conformance .
# The same image without a registry: `npm run images` (images/build-images.sh) assembles it from this
# machine's node and the built project as margo-conformance:local. Both run `node /app/dist/harness/cli/bin.js`
# as the non-root user margo (1000:1000), in the working directory /work, with HOME=/tmp.
# Run it as yourself so the reports in the mounted directory are yours (any uid works):
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" margo-conformance package my-app/
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" margo-conformance compose deploy/compose.yaml --sarif results.sarif
# To test a product image (--sut-image), the suite starts containers itself: give it the engine's socket,
# the socket's group (--group-add) and the host network, so the product and the suite share 127.0.0.1:
#   docker run --rm --user "$(id -u):$(id -g)" --group-add "$(stat -c %g /var/run/docker.sock)" --network host \
#     -v /var/run/docker.sock:/var/run/docker.sock -v "$PWD:/work" margo-conformance run --profile wfm --sut-image acme/wfm:1.2
# Device profiles bind-mount a state directory from the suite's temporary directory into the device
# container; the engine resolves that path on the host, so share one at the same path:
#   mkdir -p /tmp/margo && docker run ... -e TMPDIR=/tmp/margo -v /tmp/margo:/tmp/margo ... run --profile device-compose --sut-image ...

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare script builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY instruments instruments
COPY harness harness
COPY suites suites
COPY reports reports
COPY profiles profiles
COPY reference reference
COPY fixtures fixtures
COPY bench bench
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist dist
# Data files read at run time (catalog, schemas, rules, profiles, report schema) and the fixtures.
COPY --from=build /src/core core
COPY --from=build /src/suites suites
COPY --from=build /src/profiles profiles
COPY --from=build /src/reports reports
COPY --from=build /src/fixtures fixtures
# The image's uid 1000 is named margo, as in the offline image; /work is writable by any uid.
RUN ln -s /app/dist/harness/cli/bin.js /usr/local/bin/margo-conformance && chmod +x dist/harness/cli/bin.js \
  && groupmod --new-name margo node && usermod --login margo --home /tmp --shell /usr/sbin/nologin node \
  && mkdir -p /work && chmod 1777 /work
# Any uid works (--user "$(id -u):$(id -g)"): /app is world-readable, HOME is a writable scratch directory,
# and the reports go to the working directory /work, the mounted one.
ENV HOME=/tmp
WORKDIR /work
USER margo
ENTRYPOINT ["node", "/app/dist/harness/cli/bin.js"]
CMD ["--help"]
