#!/bin/sh
# Demo "start" step of the notebook plan.
set -eu
pause() { sleep 0.2 2>/dev/null || sleep 1; }

echo "${BERTH_ACTION}: starting the notebook server of ${BERTH_DEPLOYMENT_ID}"
echo "berth:progress starting the notebook server"
pause
echo "notebook ${BERTH_DEPLOYMENT_ID} would now answer on its own address"
echo "berth:progress notebook server started"
