#!/usr/bin/env bash
# Installs Debian's AWS CLI (/usr/bin/aws) for the emulator's AWS CLI test suite
# (tests/Ecs.BlueGreen.Testing.Tests/AwsCliTests.cs). Idempotent; needs root.
set -euo pipefail
if [ -x /usr/bin/aws ]; then
  echo "awscli already installed: $(/usr/bin/aws --version 2>&1)"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli
/usr/bin/aws --version
