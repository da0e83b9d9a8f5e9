#!/usr/bin/env bash
# Builds the reference WFM and reference device images with no registry and no network:
#   margo-reference-wfm:local     ENTRYPOINT node /app/dist/reference/wfm/main.js
#   margo-reference-device:local  ENTRYPOINT node /app/dist/reference/device/main.js
# The root filesystem is assembled from this machine: the node binary and the shared libraries it
# links to, the compiled project and only the npm packages the reference loads; then `docker import`.
# Both images share one filesystem tarball (one layer, stored once) and differ in their entrypoint.
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

# 2. Only the npm packages the two entry points load (import graph plus package.json closure).
node images/runtime-packages.mjs "$ROOT" "$APP/dist" reference/wfm/main.js reference/device/main.js >"$STAGE/packages.txt"
while read -r dir; do
  mkdir -p "$APP/$(dirname "$dir")"
  cp -a "$dir" "$APP/$dir"
done <"$STAGE/packages.txt"

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

# 4. One tarball, two images. Owned by root, sorted and dated 0 so the layer is reproducible.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$FS" -cf "$STAGE/rootfs.tar" .
VERSION="$(node -p 'require("./package.json").version')"
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
for role in wfm device; do
  image="margo-reference-$role:$TAG"
  previous="$("$DOCKER" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  "$DOCKER" import \
    --change "ENTRYPOINT [\"/usr/bin/node\", \"/app/dist/reference/$role/main.js\"]" \
    --change 'WORKDIR /app' \
    --change 'ENV NODE_ENV=production' \
    --change "LABEL org.opencontainers.image.title=margo-reference-$role org.opencontainers.image.version=$VERSION org.opencontainers.image.revision=$REVISION" \
    --message "margo-conformance reference $role ($VERSION, $REVISION)" \
    "$STAGE/rootfs.tar" "$image" >/dev/null
  # Smoke test: the entrypoint runs and refuses a bad setting with exit 2 (launch contract).
  set +e
  "$DOCKER" run --rm --network host --label org.margo.conformance.build=1 "$image" --edition no-such-edition >/dev/null 2>"$STAGE/smoke.err"
  code=$?
  set -e
  if [ "$code" != 2 ]; then
    echo "build-images: $image does not start (expected exit 2 for a bad --edition, got $code):" >&2
    cat "$STAGE/smoke.err" >&2
    exit 1
  fi
  # A rebuild moves the tag; drop the image it leaves untagged (kept if a container still uses it).
  current="$("$DOCKER" image inspect --format '{{.Id}}' "$image")"
  if [ -n "$previous" ] && [ "$previous" != "$current" ]; then "$DOCKER" image rm "$previous" >/dev/null 2>&1 || true; fi
  size="$("$DOCKER" image inspect --format '{{.Size}}' "$image")"
  echo "build-images: $image $((size / 1000 / 1000)) MB"
done
echo "build-images: done in $(( ($(date +%s%N) - started) / 1000000 )) ms"
