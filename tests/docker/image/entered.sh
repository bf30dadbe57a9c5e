#!/bin/sh
# Run by docker exec -d: a process whose parent is outside the container.
# On TERM it needs 0.5 s to finish, then writes /out/entered.
trap 'usleep 500000; echo done >/out/entered; exit 0' TERM
touch /out/entered-ready
# A trap runs between commands: short ones keep it prompt.
while :; do usleep 20000; done
