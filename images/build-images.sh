#!/usr/bin/env bash
# Builds the reference images and the suite's own image with no registry and no network:
#   margo-reference-wfm:local     ENTRYPOINT node /app/dist/reference/wfm/main.js
#   margo-reference-device:local  ENTRYPOINT node /app/dist/reference/device/main.js
#   margo-conformance:local       ENTRYPOINT node /app/dist/harness/cli/bin.js   (the CLI, as the root Dockerfile)
# The root filesystem is assembled from this machine: the node binary and the shared libraries it
# links to, the compiled project and only the npm packages the entry points load; then `docker import`.
# The two reference images share one filesystem tarball (one layer, stored once) and differ in their
# entrypoint. The suite's image adds the packages the CLI loads (testcontainers for --sut-image), a
# non-root default user margo (1000:1000) and a world-writable working directory /work, so any
# `--user "$(id -u):$(id -g)"` writes its reports into a mounted /work as that user.
# Usage: npm run images   (env: MARGO_IMAGE_TAG=local, DOCKER=docker, KEEP_STAGE=1 keeps the staging dir)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TAG="${MARGO_IMAGE_TAG:-local}"
DOCKER="${DOCKER:-docker}"
started=$(date +%s%N)

if ! "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  echo "build-images: no container engine answers ($DOCKER version failed). Start dockerd (sudo .ci/dockerd.sh start) and run again." >&2
  exit 2
fi
[ -d node_modules ] || { echo "build-images: node_modules is missing. Run npm ci first." >&2; exit 2; }

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/margo-images.XXXXXX")"
cleanup() { [ -n "${KEEP_STAGE:-}" ] && echo "build-images: staging kept at $STAGE" || rm -rf "$STAGE"; }
trap cleanup EXIT
FS="$STAGE/rootfs"
APP="$FS/app"
mkdir -p "$FS"/{tmp,etc,proc,sys,dev} "$APP"
chmod 1777 "$FS/tmp"

# 1. The project, compiled without tests, source maps or declarations.
npx --no-install tsc -p tsconfig.build.json --outDir "$APP/dist" --sourceMap false --declaration false
# Data files the code reads at run time through fromPackageRoot(): catalog, schemas, rules, profiles,
# report schema, and the fixtures (the reference WFM serves a packaged example application).
cp package.json "$APP/"
find core suites profiles reports -type f \( -name '*.yaml' -o -name '*.json' \) -print0 | xargs -0 cp --parents -t "$APP"
cp -a fixtures "$APP/"

# 2. Only the npm packages the two entry points load (import graph plus package.json closure), without
# their declaration files, source maps and documents, which nothing loads at run time.
copy_packages() {
  while read -r dir; do
    [ -e "$APP/$dir" ] && continue
    mkdir -p "$APP/$(dirname "$dir")"
    cp -a "$dir" "$APP/$dir"
  done
  find "$APP/node_modules" -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' -o -name '*.md' \) -delete
}
node images/runtime-packages.mjs "$ROOT" "$APP/dist" reference/wfm/main.js reference/device/main.js | copy_packages
# The YAML data every run reads, as JSON beside the code (what `npm run build` does for dist/).
node "$APP/dist/harness/build/compile-data.js" "$APP/dist"

# 3. Node and the shared libraries it links to, at the same paths, plus the dynamic loader.
NODE="$(readlink -f "$(command -v node)")"
mkdir -p "$FS/usr/bin"
cp "$NODE" "$FS/usr/bin/node"
# Merged /usr (Debian 12): /lib, /lib64, /bin are links into /usr; keep them links so each library is
# stored once.
for top in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$top" ]; then
    mkdir -p "$FS/$(readlink "/$top")"
    ln -s "$(readlink "/$top")" "$FS/$top"
  fi
done
ldd "$NODE" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u | while read -r lib; do
  for path in "$lib" "$(readlink -f "$lib")"; do
    mkdir -p "$FS$(dirname "$path")"
    cp -a "$path" "$FS$path"
  done
done
# Minimal identity files: node's os.userInfo() and libc look users up here.
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$FS/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$FS/etc/group"
mkdir -p "$FS/root"
# The suite runs a product container as the harness's own uid when that is not root, and points
# MARGO_STATE_DIR at /margo/state; the state lives in the container (it must survive a restart), so
# the directory must be writable by any uid.
mkdir -p "$FS/margo/state"
chmod 1777 "$FS/margo/state"

# 4. One tarball, two images. Owned by root, sorted and dated 0 so the layer is reproducible.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$FS" -cf "$STAGE/rootfs.tar" .
VERSION="$(node -p 'require("./package.json").version')"
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# Imports $STAGE/<tarball> as <image> with the given --change lines; drops the image a rebuild leaves
# untagged (kept if a container still uses it).
import_image() {
  local tarball="$1" image="$2" message="$3" previous current
  shift 3
  previous="$("$DOCKER" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  "$DOCKER" import "$@" --message "$message" "$STAGE/$tarball" "$image" >/dev/null
  current="$("$DOCKER" image inspect --format '{{.Id}}' "$image")"
  if [ -n "$previous" ] && [ "$previous" != "$current" ]; then "$DOCKER" image rm "$previous" >/dev/null 2>&1 || true; fi
}

# Runs the image with the given arguments; fails the build unless it exits with the expected code.
smoke() {
  local image="$1" expected="$2" what="$3" code
  shift 3
  set +e
  "$DOCKER" run --rm --label org.margo.conformance.build=1 "$@" >"$STAGE/smoke.out" 2>"$STAGE/smoke.err"
  code=$?
  set -e
  if [ "$code" != "$expected" ]; then
    echo "build-images: $image $what (expected exit $expected, got $code):" >&2
    cat "$STAGE/smoke.out" "$STAGE/smoke.err" >&2
    exit 1
  fi
}

report_size() {
  echo "build-images: $1 $(( $("$DOCKER" image inspect --format '{{.Size}}' "$1") / 1000 / 1000 )) MB"
}

for role in wfm device; do
  image="margo-reference-$role:$TAG"
  import_image rootfs.tar "$image" "margo-conformance reference $role ($VERSION, $REVISION)" \
    --change "ENTRYPOINT [\"/usr/bin/node\", \"/app/dist/reference/$role/main.js\"]" \
    --change 'WORKDIR /app' \
    --change 'ENV NODE_ENV=production' \
    --change "LABEL org.opencontainers.image.title=margo-reference-$role org.opencontainers.image.version=$VERSION org.opencontainers.image.revision=$REVISION"
  # The entrypoint runs and refuses a bad setting with exit 2 (launch contract).
  smoke "$image" 2 "does not start; a bad --edition" --network host "$image" --edition no-such-edition
  report_size "$image"
done

# 5. The suite's image: the same filesystem plus what the CLI loads (bin.js follows each command's lazy
# import), the margo user and /work. Same user, paths and entrypoint as the root Dockerfile.
node images/runtime-packages.mjs "$ROOT" "$APP/dist" harness/cli/bin.js | copy_packages
printf 'margo:x:1000:1000:margo:/tmp:/usr/sbin/nologin\n' >>"$FS/etc/passwd"
printf 'margo:x:1000:\n' >>"$FS/etc/group"
mkdir -p "$FS/work"
chmod 1777 "$FS/work"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$FS" -cf "$STAGE/suite.tar" .
image="margo-conformance:$TAG"
import_image suite.tar "$image" "margo-conformance $VERSION ($REVISION)" \
  --change 'ENTRYPOINT ["node", "/app/dist/harness/cli/bin.js"]' \
  --change 'CMD ["--help"]' \
  --change 'USER margo' \
  --change 'WORKDIR /work' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin NODE_ENV=production HOME=/tmp' \
  --change "LABEL org.opencontainers.image.title=margo-conformance org.opencontainers.image.version=$VERSION org.opencontainers.image.revision=$REVISION"
# The package command runs on a bundled example as the default user; testcontainers (for --sut-image) loads.
smoke "$image" 0 "does not check the bundled example package" --network none "$image" package /app/fixtures/packages/rc3/valid/line-monitor --out /tmp/report
smoke "$image" 0 "cannot load testcontainers" --network none --workdir /app --entrypoint node "$image" --input-type=module -e "await import('testcontainers')"
report_size "$image"
echo "build-images: done in $(( ($(date +%s%N) - started) / 1000000 )) ms"
