#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping whatever is already there.
# Idempotent and non-interactive (works as root on a fresh Debian, CI=true, no stdin).
# One line per step: "ok: …" when skipped, "installing …" when it does something.
set -euo pipefail
cd "$(dirname "$0")/.."

# cargo install puts tools in $CARGO_HOME/bin (default ~/.cargo/bin).
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 # we use Debian's /usr/bin/chromium

TRUNK_VERSION=0.21.14
DEFAULT_WASM_BINDGEN=0.2.130

die() { echo "setup.sh: error: $*" >&2; exit 1; }

# --- Debian packages --------------------------------------------------------------
# gcc/make/libc6-dev: C code in crates built by `cargo install`; make runs the Makefile.
# libreoffice-writer-nogui: the e2e suite converts the generated .docx back to text and PDF;
# poppler-utils: it counts and reads the pages of printed PDFs (pdfinfo, pdftotext).
APT_PKGS=(chromium chromium-driver fonts-noto-cjk libreoffice-writer-nogui poppler-utils pkg-config libssl-dev ca-certificates curl
          gcc libc6-dev make)
# Keep an existing Node.js (e.g. from NodeSource); Debian's is only used if there is none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  APT_PKGS+=(nodejs npm)
fi
missing=()
for p in "${APT_PKGS[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "ok: apt packages already installed (${APT_PKGS[*]})"
else
  echo "installing apt packages: ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || die "need root to apt-get install: ${missing[*]}"
  # Lock timeout: wait for another apt run instead of failing at once.
  apt-get -o DPkg::Lock::Timeout=600 update -q </dev/null
  apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" </dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is required by @playwright/test (found $(node --version 2>/dev/null || echo none))"

# --- Rust toolchain ------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs) first"

if command -v rustup >/dev/null; then
  # (captured first: `grep -q` in a pipe can SIGPIPE rustup and trip pipefail)
  installed_targets=$(rustup target list --installed)
  if grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
    echo "ok: rust target wasm32-unknown-unknown already installed"
  else
    echo "installing rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
elif [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
  echo "ok: rust target wasm32-unknown-unknown already installed (no rustup)"
else
  die "rust target wasm32-unknown-unknown missing and rustup not found"
fi

# --- trunk ---------------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" = "$TRUNK_VERSION" ]; then
  echo "ok: trunk $TRUNK_VERSION already installed"
else
  echo "installing trunk $TRUNK_VERSION (cargo install, takes several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen-cli (also provides wasm-bindgen-test-runner) -------------------------
# Its version must equal the wasm-bindgen crate pinned in Cargo.toml, e.g.
#   wasm-bindgen = "=0.2.130"   or   wasm-bindgen = { version = "=0.2.130", ... }
WB_VERSION=$(grep -E '^[[:space:]]*wasm-bindgen[[:space:]]*=' Cargo.toml 2>/dev/null \
  | head -n1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)
WB_VERSION=${WB_VERSION:-$DEFAULT_WASM_BINDGEN}
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WB_VERSION" ] &&
   [ "$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" = "$WB_VERSION" ]; then
  echo "ok: wasm-bindgen-cli $WB_VERSION already installed"
else
  echo "installing wasm-bindgen-cli $WB_VERSION (cargo install, takes several minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi
if ! grep -qE "^wasm_bindgen[[:space:]]*=[[:space:]]*\"$WB_VERSION\"" Trunk.toml 2>/dev/null; then
  echo "warning: Trunk.toml [tools] wasm_bindgen should be \"$WB_VERSION\" to match Cargo.toml" >&2
fi

# --- wasm-split-cli (crate wasm_split_cli_support): splits the release wasm into modules ------
# scripts/build_wasm.mjs runs it between cargo and wasm-bindgen (docs/PERFORMANCE.md, issue 18).
SPLIT_VERSION=0.2.4
if cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$SPLIT_VERSION:" && command -v wasm-split-cli >/dev/null; then
  echo "ok: wasm-split-cli $SPLIT_VERSION already installed"
else
  echo "installing wasm-split-cli $SPLIT_VERSION (cargo install, takes a few minutes)"
  cargo install wasm_split_cli_support --version "$SPLIT_VERSION" --features build-binary --locked
fi

# --- npm packages (Playwright, binaryen's wasm-opt, pouchdb-server for the sync tests) -----------------------------------------
STAMP=node_modules/.package-lock.sha256
lock_sum=$(sha256sum package-lock.json | awk '{print $1}')
if [ -d node_modules ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$lock_sum" ]; then
  echo "ok: npm packages already installed (package-lock.json unchanged)"
else
  echo "installing npm packages (npm ci)"
  # No install scripts: only pouchdb-server's leveldown and sqlite3 have any, and the tests run it
  # --in-memory (npm 11 skips them anyway; older npm would try to build them).
  npm ci --ignore-scripts --no-audit --no-fund </dev/null
  echo "$lock_sum" > "$STAMP"
fi

# --- crates for offline builds (`trunk build --offline` passes --offline to cargo) ------------
if [ ! -f Cargo.toml ]; then
  echo "ok: no Cargo.toml yet, nothing to fetch"
elif cargo fetch --offline --locked -q >/dev/null 2>&1; then # never rewrites Cargo.lock
  echo "ok: crates already fetched"
else
  echo "installing crates (cargo fetch)"
  cargo fetch -q
fi
