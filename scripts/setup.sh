#!/usr/bin/env bash
# Installs what building and testing provlens needs, and only what is missing.
# Safe to run again: when everything is in place it changes nothing.
#
# Everything comes from package registries (crates.io, npm, Debian); nothing is
# downloaded from anywhere else. See /work/shared/TOOLCHAIN.md for why each
# tool is installed the way it is.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
E2E_DIR=tests/e2e

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Prefix for commands that need root.
as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

command -v cargo >/dev/null && command -v rustup >/dev/null ||
    die "cargo and rustup are required (install Rust with rustup first)"

# 1. The wasm target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
else
    say "wasm32-unknown-unknown target: adding"
    rustup target add wasm32-unknown-unknown
fi

# 2. Crate sources, so that cargo and Trunk can build offline. This also
#    writes Cargo.lock when there is none yet.
say "cargo fetch"
cargo fetch --quiet

# 3. Trunk, at the version known to build with this toolchain.
if [[ $(trunk --version 2>/dev/null) == "trunk $TRUNK_VERSION" ]]; then
    say "trunk $TRUNK_VERSION: present"
else
    say "trunk $TRUNK_VERSION: installing (takes several minutes)"
    cargo install --locked --force "trunk@$TRUNK_VERSION"
fi

# 4. wasm-bindgen CLI at exactly the version of the wasm-bindgen crate in
#    Cargo.lock: Trunk only uses the one on PATH when the versions match.
#    Without --locked: its own lockfile wants a crate version crates.io lacks.
wbg_version=$(awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    /^$/ { found = 0 }
' Cargo.lock)
[[ -n $wbg_version ]] || die "no wasm-bindgen package in Cargo.lock"
if [[ $(wasm-bindgen --version 2>/dev/null) == "wasm-bindgen $wbg_version" ]]; then
    say "wasm-bindgen-cli $wbg_version: present"
else
    say "wasm-bindgen-cli $wbg_version: installing (takes a couple of minutes)"
    cargo install --force "wasm-bindgen-cli@$wbg_version"
fi

# 5. Node tooling for the e2e tests: playwright-core (the browser driver) and
#    binaryen (wasm-opt for release builds; Debian's is too old).
command -v node >/dev/null && command -v npm >/dev/null ||
    die "Node.js >= 20 and npm are required (playwright-core needs node 20)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "Node.js >= 20 is required, found $(node --version)"
installed_lock=$E2E_DIR/node_modules/.package-lock.json
if [[ -x $E2E_DIR/node_modules/.bin/wasm-opt && -f $E2E_DIR/node_modules/playwright-core/package.json &&
    -f $installed_lock && ! $E2E_DIR/package-lock.json -nt $installed_lock && ! $E2E_DIR/package.json -nt $installed_lock ]]; then
    say "npm packages in $E2E_DIR: present"
elif [[ -f $E2E_DIR/package-lock.json ]]; then
    say "npm packages in $E2E_DIR: installing (npm ci)"
    (cd "$E2E_DIR" && npm ci --no-audit --no-fund --no-update-notifier)
else
    say "npm packages in $E2E_DIR: installing (npm install, no lockfile yet)"
    (cd "$E2E_DIR" && npm install --no-audit --no-fund --no-update-notifier)
fi

# 6. Chromium for the e2e tests, from Debian (browser downloads by tools fail here).
if [[ -x /usr/bin/chromium ]]; then
    say "chromium: present"
else
    say "chromium: installing from Debian"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

say "done"
