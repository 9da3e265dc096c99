#!/bin/bash
# User data of the servers the supernode scale-up adds: joins them to the training cluster.
# __JOIN_TOKEN__ is replaced by the program with the secret joinToken config value.
set -euo pipefail
echo "__JOIN_TOKEN__" > /etc/training/join-token
systemctl enable --now training-agent
