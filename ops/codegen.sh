#!/usr/bin/env bash
# Writes Wolverine's generated handler code into src/SamenSterker.Api/Internal/Generated (committed; the service
# loads it as compiled types and carries no C# compiler). Run after adding or changing a message handler.
#   ops/codegen.sh          regenerate
#   ops/codegen.sh --check  regenerate and fail if it differs from what is committed (ops/test.sh runs this)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
generated="$root/src/SamenSterker.Api/Internal/Generated"
rm -rf "$generated" # it would keep the files of removed handlers
# The host is built, not started: no database is reached, but the configuration must be complete.
SAMENSTERKER_DB="Host=127.0.0.1;Database=codegen-needs-no-database" ASPNETCORE_ENVIRONMENT=Development \
  dotnet run --project "$root/src/SamenSterker.Api" -v quiet -- codegen write >/dev/null
if [ "${1:-}" = "--check" ]; then
  cd "$root"
  if [ -n "$(git status --porcelain -- src/SamenSterker.Api/Internal/Generated)" ]; then
    git status --short -- src/SamenSterker.Api/Internal/Generated >&2
    echo "The generated handler code is stale: run ops/codegen.sh and commit src/SamenSterker.Api/Internal/Generated." >&2
    exit 1
  fi
fi
