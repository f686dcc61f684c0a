#!/bin/sh
# Demo "prepare" step of the notebook plan: prints what a real installation would do.
set -eu
pause() { sleep 0.2 2>/dev/null || sleep 1; }

echo "${BERTH_ACTION}: preparing notebook ${BERTH_DEPLOYMENT_ID} for account ${BERTH_OWNER_ID}"
echo "berth:progress reserving a workspace"
pause
echo "workspace size: ${BERTH_PARAM_SIZE:-small} (attempt ${BERTH_ATTEMPT})"
echo "berth:progress workspace ready"
