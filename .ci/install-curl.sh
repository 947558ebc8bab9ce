#!/usr/bin/env bash
# Installs Debian's curl (/usr/bin/curl), with which the listener tests check that `curl -f` fails on a task that
# answers HTTP 500 (tests/Ecs.BlueGreen.Testing.Tests/NativeListenerTests.cs). Idempotent; needs root.
set -euo pipefail
if [ -x /usr/bin/curl ]; then
  echo "curl already installed: $(/usr/bin/curl --version | head -n 1)"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl
/usr/bin/curl --version | head -n 1
