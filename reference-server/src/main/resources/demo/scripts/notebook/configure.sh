#!/bin/sh
# Demo "configure" step of the notebook plan; configure commands run it again with new parameters.
set -eu
pause() { sleep 0.2 2>/dev/null || sleep 1; }

echo "${BERTH_ACTION}: writing the settings of notebook ${BERTH_DEPLOYMENT_ID}"
echo "berth:progress applying size ${BERTH_PARAM_SIZE:-small}"
pause
env | grep '^BERTH_PARAM_' | sort || true
echo "berth:progress settings written"
