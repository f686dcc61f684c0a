#!/bin/sh
# Demo removal step of the notebook plan.
set -eu
pause() { sleep 0.2 2>/dev/null || sleep 1; }

echo "${BERTH_ACTION}: stopping notebook ${BERTH_DEPLOYMENT_ID}"
echo "berth:progress stopping the notebook server"
pause
echo "berth:progress releasing the workspace"
echo "notebook ${BERTH_DEPLOYMENT_ID} removed"
