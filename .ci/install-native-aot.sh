#!/usr/bin/env bash
# Installs what Native AOT links the tool with on Linux: a C toolchain (clang, or gcc, whichever the ILCompiler
# finds first), objcopy to strip the symbols, and zlib's headers, the prerequisites listed at
# https://learn.microsoft.com/dotnet/core/deploying/native-aot/#prerequisites. The tool's end-to-end tests and the
# benchmark pack the native package (src/Ecs.BlueGreen.Tool). Idempotent; needs root.
set -euo pipefail
missing=()
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  missing+=(clang)
fi
command -v objcopy >/dev/null 2>&1 || missing+=(binutils)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -eq 0 ]; then
  echo "native AOT toolchain already installed: $( (command -v clang || command -v gcc) ), $(command -v objcopy)"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
