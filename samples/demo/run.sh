#!/usr/bin/env bash
# The ecs-bluegreen demo: starts the ECS emulator on 127.0.0.1 with a cluster "demo" and a service "web"
# (samples/demo/scenario.json), then runs the real command twice: a healthy deployment, and a crash-looping
# image that fails and is rolled back. Needs only the .NET 10 SDK; nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# Builds one project with its progress shown (a first build restores packages: a minute or two on a fresh
# machine), and stops the demo with the build's own errors when it fails.
build() {
  local project=$1 started=$SECONDS
  echo "demo: building $project ..."
  if ! dotnet build "$project" -nologo -v minimal 2>&1 | sed -u 's/^/demo:   /'; then
    echo "demo: FAILED to build $project (its errors are above); nothing was started." >&2
    exit 1
  fi
  echo "demo: built $project in $((SECONDS - started)) s"
}
build src/Ecs.BlueGreen.Emulator
build src/Ecs.BlueGreen.Tool

work=$(mktemp -d)
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Simulated time runs 30 times faster, so a minute-long rollout takes a couple of seconds.
dotnet src/Ecs.BlueGreen.Emulator/bin/Debug/net10.0/ecs-emulator.dll --port 0 --scenario samples/demo/scenario.json --speed 30 >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
  grep -q '^Listening on ' "$work/emulator.log" 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
endpoint=$(sed -n 's/^Listening on //p' "$work/emulator.log")
if [ -z "$endpoint" ]; then
  echo "demo: the emulator did not start:" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi
echo "demo: ECS emulator on $endpoint (cluster demo, service web with 3 tasks of registry.example.com/shop/web:1.0)"

# Only the emulator is called: dummy keys through -k/-s, no shared AWS files, no instance metadata.
unset AWS_PROFILE AWS_DEFAULT_PROFILE
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
ecs_bluegreen() {
  dotnet src/Ecs.BlueGreen.Tool/bin/Debug/net10.0/ecs-bluegreen.dll -k demo -s demo -r us-east-1 --endpoint-url "$endpoint" "$@"
}

echo
echo "demo: 1. a healthy deployment"
echo "\$ ecs-bluegreen -c demo -n web -i registry.example.com/shop/web:1.1 --enable-rollback"
status=0
ecs_bluegreen -c demo -n web -i registry.example.com/shop/web:1.1 --enable-rollback || status=$?
echo "demo: exit code $status (0: deployed)"

echo
echo "demo: 2. an image that crashes on start"
echo "\$ ecs-bluegreen -c demo -n web -i registry.example.com/shop/web:1.2-broken --enable-rollback"
status=0
ecs_bluegreen -c demo -n web -i registry.example.com/shop/web:1.2-broken --enable-rollback || status=$?
echo "demo: exit code $status (20: the deployment failed; the service was rolled back to web:2)"
