#!/usr/bin/env bash
# Source this: puts Node 22 first on PATH, installing it from the npm registry into
# ~/.cache/node22 when the machine's Node is older than the project needs (>= 22.18).
#   . scripts/ensure-node22.sh
node22_dir="${NODE22_PREFIX:-$HOME/.cache/node22}"

node_is_new_enough() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)'
}

if ! node_is_new_enough; then
  if [ ! -x "$node22_dir/node_modules/.bin/node" ]; then
    echo "ensure-node22: installing Node 22 into $node22_dir" >&2
    npm install --prefix "$node22_dir" --no-audit --no-fund node@22 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$node22_dir/node_modules/.bin:$PATH"
  hash -r
  node_is_new_enough || { echo "ensure-node22: Node 22 is still not first on PATH" >&2; return 1 2>/dev/null || exit 1; }
fi
echo "ensure-node22: using node $(node -v) at $(command -v node)" >&2
