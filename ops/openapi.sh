#!/usr/bin/env bash
# Publishes the document the API serves as docs/openapi.json (the generated client in tests/SamenSterker.Client is
# built from it; a test fails while the two differ). Runs that one test against a throw-away PostgreSQL.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SAMENSTERKER_UPDATE_OPENAPI=1 bash "$root/ops/test.sh" --filter "FullyQualifiedName~GeneratedClientTests.the_published_document_is_the_one_the_api_serves"
echo "docs/openapi.json updated; rebuild to regenerate the client." >&2
