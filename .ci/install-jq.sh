#!/usr/bin/env bash
# Installs Debian's jq (/usr/bin/jq), with which the AWS CLI suite filters a described task definition as the
# ecs-deploy script does (tests/Ecs.BlueGreen.Testing.Tests/AwsCliTests.cs). Idempotent; needs root.
set -euo pipefail
if [ -x /usr/bin/jq ]; then
  echo "jq already installed: $(/usr/bin/jq --version)"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq
/usr/bin/jq --version
