#!/usr/bin/env bash
# The action's deploy step: maps the action's inputs to the command's flags (an empty input adds nothing) and runs it.
# The command writes the step's outputs and summary itself, and its exit code is the step's.
set -euo pipefail
args=()
add() { if [ -n "$2" ]; then args+=("$1" "$2"); fi; }
add -c "${INPUT_CLUSTER:-}"
add -n "${INPUT_SERVICE:-}"
add -i "${INPUT_IMAGE:-}"
add -d "${INPUT_TASK_DEFINITION:-}"
add -t "${INPUT_TIMEOUT:-}"
add --wait-until "${INPUT_WAIT_UNTIL:-}"
add --test-command "${INPUT_TEST_COMMAND:-}"
add --test-url "${INPUT_TEST_URL:-}"
add -r "${INPUT_REGION:-}"
add --endpoint-url "${INPUT_ENDPOINT_URL:-}"
case "${INPUT_ROLLBACK:-false}" in
  true) args+=(--enable-rollback) ;;
  false | "") ;;
  *) echo "::error title=ecs-bluegreen::The input rollback must be 'true' or 'false', not '${INPUT_ROLLBACK}'."; exit 3 ;;
esac
while IFS= read -r line; do
  if [ -n "$line" ]; then args+=("$line"); fi
done <<< "${INPUT_ARGS:-}"
exec ecs-bluegreen "${args[@]}"
