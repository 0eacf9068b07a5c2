# Source this file (`. scripts/n8n-env.sh`) to put the cached Node.js 24 first
# on PATH and get N8N_RUNTIME_NODE / N8N_RUNTIME_N8N, after making sure
# scripts/n8n-runtime.sh has filled .cache/n8n-runtime.
_n8n_env_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
eval "$(bash "$_n8n_env_root/scripts/n8n-runtime.sh" --print-env)" || return 1
export PATH="$(dirname "$N8N_RUNTIME_NODE"):$(dirname "$N8N_RUNTIME_N8N"):$PATH"
unset _n8n_env_root
