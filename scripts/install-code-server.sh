#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release for Node 20) from the npm
# registry into a cache outside the repository, for the in-VS Code test suites
# (test/vscode/). Idempotent: a finished install is marked and reused. The recipe and why each
# step is needed: ../shared/notes/vscode-in-ci.md (a plain `npm install code-server` fails here:
# root needs --unsafe-perm, and @vscode/ripgrep's postinstall downloads from GitHub).
#
# Needs (apt): build-essential python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep
# Prints the install directory (…/code-server) on success.
set -euo pipefail

VERSION=4.100.3
CACHE="${ARMVIRT_CACHE:-$HOME/.cache/armvirt}"
DEST="$CACHE/code-server-$VERSION"
DONE="$DEST/.installed"
if [ -f "$DONE" ] && [ -f "$DEST/code-server/out/node/entry.js" ]; then
  echo "$DEST/code-server"
  exit 0
fi

RG="$(command -v rg || true)"
if [ -z "$RG" ]; then echo "install-code-server: ripgrep (rg) is not installed (apt-get install ripgrep)" >&2; exit 1; fi

log() { echo "install-code-server: $*" >&2; }
rm -rf "$DEST"
mkdir -p "$DEST"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

log "npm pack code-server@$VERSION"
(cd "$TMP" && npm pack "code-server@$VERSION" --silent >/dev/null)
tar -xzf "$TMP/code-server-$VERSION.tgz" -C "$TMP"
mv "$TMP/package" "$DEST/code-server"
cd "$DEST/code-server"

# Root asks for --unsafe-perm and third-party postinstalls download from GitHub: skip scripts,
# then rebuild only the native module the server needs.
log "npm install (server)"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
npm rebuild argon2 --loglevel=error >&2

log "npm install (lib/vscode)"
(cd lib/vscode && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
# @vscode/ripgrep's postinstall would fetch rg from GitHub: use Debian's.
mkdir -p lib/vscode/node_modules/@vscode/ripgrep/bin
ln -sfn "$RG" lib/vscode/node_modules/@vscode/ripgrep/bin/rg
# Native modules (node-pty, spdlog, …) build from source; node-pty's install asks without this.
(cd lib/vscode && npm_config_yes=true npm rebuild --loglevel=error >&2)

# What code-server's own postinstall.sh does.
(cd lib/vscode && ln -sfn node_modules node_modules.asar)
ln -sfn code-linux.sh lib/vscode/bin/remote-cli/code-server
ln -sfn browser-linux.sh lib/vscode/bin/helpers/browser.sh
log "npm install (built-in extensions)"
(cd lib/vscode/extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error >&2)

node out/node/entry.js --version >&2
touch "$DONE"
echo "$DEST/code-server"
