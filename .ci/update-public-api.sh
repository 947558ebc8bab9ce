#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of the packable libraries from their code, after a deliberate change to
# their public surface: the PublicApiAnalyzers' own code fixes (RS0016 adds, RS0017 removes) do the writing,
# so the files keep the analyzer's format. Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/Ecs.BlueGreen.Core src/Ecs.BlueGreen.Testing; do
  printf '#nullable enable\n' > "$project/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 RS0037 --severity info
done
