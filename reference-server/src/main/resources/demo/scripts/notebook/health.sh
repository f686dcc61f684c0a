#!/bin/sh
# Demo health check of the notebook plan: a real check would ask the notebook server.
set -eu
echo "notebook ${BERTH_DEPLOYMENT_ID} is healthy"
