#!/usr/bin/env bash
# Installs GNU time (/usr/bin/time), which the benchmark runs every measured command under to read that one
# process's CPU time and peak memory (bench/Ecs.BlueGreen.Benchmarks/MeasuredProcess.cs). Idempotent; needs root.
set -euo pipefail
if [ -x /usr/bin/time ]; then
  echo "GNU time already installed"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
/usr/bin/time --version
