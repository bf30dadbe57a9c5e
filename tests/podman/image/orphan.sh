#!/bin/sh
# The orphan of stop.sh. On TERM it writes /out/term at once, and
# /out/orphan 300 ms later: killed at once, it writes neither; killed
# without a TERM, it writes no /out/term.
on_term() {
	echo TERM >/out/term
	usleep 300000
	echo "done" >/out/orphan
	exit 0
}
trap on_term TERM
touch /out/orphan-ready
while :; do usleep 20000; done
