#!/usr/bin/env bash
# The action's first step: installs ecs-bluegreen (the native executable where a package for this platform exists)
# into the runner's temporary folder and puts it on the job's PATH.
set -euo pipefail
folder="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ecs-bluegreen-tool"
rm -rf "$folder"
install=(dotnet tool install --tool-path "$folder" ecs-bluegreen)
[ -n "${ECS_BLUEGREEN_VERSION:-}" ] && install+=(--version "$ECS_BLUEGREEN_VERSION")
[ -n "${ECS_BLUEGREEN_SOURCE:-}" ] && install+=(--add-source "$ECS_BLUEGREEN_SOURCE")
echo "ecs-bluegreen action: ${install[*]}"
if ! "${install[@]}"; then
  echo "::error title=ecs-bluegreen::The ecs-bluegreen tool could not be installed (dotnet tool install failed; is the .NET 10 SDK set up?)."
  exit 1
fi
echo "$folder" >> "$GITHUB_PATH"
