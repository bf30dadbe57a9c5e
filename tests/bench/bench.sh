#!/bin/bash
# make bench: sexton, normal and static, side by side with tini,
# tini-static, dumb-init and catatonit, each as PID 1 of a fresh PID
# namespace, taking turns in one run. Prints a markdown table and writes
# it, with the machine and the date, to tests/bench/RESULTS.md.
# REPS (default 5) sets the repetitions; a cell is their median and range.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${REPS:-5}
B=.build/bench
LOAD=$B/load
mkdir -p "$B"

tests/deps.sh tini dumb-init catatonit valgrind binutils procps util-linux
names=(sexton sexton-static tini tini-static dumb-init catatonit)
declare -A cmd=(
	[sexton]="./sexton --" [sexton-static]="./sexton-static --"
	[tini]="/usr/bin/tini --" [tini-static]="/usr/bin/tini-static --"
	[dumb-init]="/usr/bin/dumb-init" [catatonit]="/usr/bin/catatonit --")
declare -A bin=(
	[sexton]=./sexton [sexton-static]=./sexton-static
	[tini]=/usr/bin/tini [tini-static]=/usr/bin/tini-static
	[dumb-init]=/usr/bin/dumb-init [catatonit]=/usr/bin/catatonit)
# A pod with service links: 700 variables.
ENV700=(PATH=/usr/bin:/bin)
for i in $(seq 699); do ENV700+=("SVC_${i}_SERVICE_HOST=10.0.$((i / 256)).$((i % 256))"); done
# An interactive shell's: the 37 names of the one issue 15 measured in.
ENV37=(SHELL=/bin/bash IS_SANDBOX=yes PYTHONUNBUFFERED=1
	TF_CLI_CONFIG_FILE=/etc/tf.rc NODE_EXTRA_CA_CERTS=/etc/ssl/ca.pem
	CONTAINER_NAME=bench PWD=/root HOME=/root GIT_SSL_CAINFO=/etc/ssl/ca.pem
	LANG=C.UTF-8 CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE=/etc/ssl/ca.pem
	SSL_CERT_DIR=/etc/ssl/certs NIX_SSL_CERT_FILE=/etc/ssl/ca.pem
	PIP_DEFAULT_TIMEOUT=60 TERM=xterm RUSTUP_AUTO_INSTALL=0
	CURL_CA_BUNDLE=/etc/ssl/ca.pem PIP_DISABLE_PIP_VERSION_CHECK=1
	LIBRARY_PATH=/usr/lib SHLVL=1 PYTHONDONTWRITEBYTECODE=1
	CLOUD_SDK_VERSION=400.0.0 SSL_CERT_FILE=/etc/ssl/ca.pem
	NVPL_BLAS_DEBUG_CPU_TYPE=0 PYENV_ROOT=/root/.pyenv PIP_CERT=/etc/ssl/ca.pem
	REQUESTS_CA_BUNDLE=/etc/ssl/ca.pem CUDA_HOME=/usr/local/cuda
	AWS_CA_BUNDLE=/etc/ssl/ca.pem PIP_FIND_LINKS=/root/wheels
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	HTTPLIB2_CA_CERTS=/etc/ssl/ca.pem RUST_BACKTRACE=1
	GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=/etc/ssl/ca.pem
	DEBIAN_FRONTEND=noninteractive OLDPWD=/ _=/usr/bin/env)
# What Docker gives a container, so that no init pays for this shell's.
CENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	HOSTNAME=bench HOME=/root)
declare -A val	# "metric init" -> values, one per repetition
PIN="taskset -c 0"

add() { val["$1 $2"]="${val["$1 $2"]:-} $3"; }
# The value of "name value" line name in text.
pick() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }

# Median and range of the values of metric for init.
cell() {
	local v
	v=$(tr ' ' '\n' <<<"${val["$1 $2"]:-}" | grep . | sort -g)
	[ -n "$v" ] || { echo "–"; return; }
	awk -v dec="$3" '{ a[NR] = $1 } END {
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		f = "%." dec "f"
		if (a[1] == a[NR]) printf f, m
		else printf f " (" f "–" f ")", m, a[1], a[NR] }' <<<"$v"
}

median() { cell "$1" "$2" "$3" | cut -d' ' -f1; }

echo "bench: building"
make -s sexton static >/dev/null
# The arm64 board's binary, for its size goal (cross-built with musl).
tests/cross.sh arm64 gcc-aarch64-linux-gnu musl-dev:arm64 >/dev/null
make -s static ARCH=aarch64 >/dev/null
AARCH_SIZE=$(stat -c %s sexton-static-aarch64)
cc -O2 -Wall -Wextra -o "$LOAD" tests/bench/load.c
make -s .build/libsexton.a
cc -std=gnu11 -D_GNU_SOURCE -O2 -Iinclude -o $B/scancost \
	tests/bench/scancost.c .build/libsexton.a

for n in "${names[@]}"; do
	# sexton-static has no section headers left for strip to read.
	strip -o "$B/$n.stripped" "${bin[$n]}" 2>/dev/null ||
		cp "${bin[$n]}" "$B/$n.stripped"
	add size "$n" "$(stat -c %s "$B/$n.stripped")"
done

# PID 1 of the namespace that unshare($1) made.
pid1() {
	local p=
	while [ -z "$p" ]; do p=$(pgrep -P "$1" || true); done
	echo "$p"
}
status() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

for rep in $(seq "$REPS"); do
	echo "bench: repetition $rep of $REPS"
	# Idle, all at once: RSS and voluntary context switches over 5 s.
	declare -A u=() p=() c=()
	for n in "${names[@]}"; do
		unshare -pf --mount-proc ${cmd[$n]} /bin/sleep 1000 2>/dev/null &
		u[$n]=$!
	done
	for n in "${names[@]}"; do
		p[$n]=$(pid1 "${u[$n]}")
		until pgrep -P "${p[$n]}" >/dev/null; do sleep 0.01; done
	done
	sleep 0.5
	for n in "${names[@]}"; do
		add rss "$n" "$(status "${p[$n]}" VmRSS)"
		c[$n]=$(status "${p[$n]}" voluntary_ctxt_switches)
	done
	sleep 5
	for n in "${names[@]}"; do
		add idle "$n" $(($(status "${p[$n]}" voluntary_ctxt_switches) - c[$n]))
		kill -KILL "${p[$n]}"
		wait "${u[$n]}" || true
	done

	for n in "${names[@]}"; do
		out=$("${CENV[@]}" unshare -pf valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null ${cmd[$n]} /bin/true 2>&1)
		add instr "$n" "$(sed -n 's/.*Collected : //p' <<<"$out")"
		# Not PID 1 (a pod's shared namespace, a shell): the end.
		out=$("${CENV[@]}" valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null ${cmd[$n]} /bin/true 2>&1)
		add instr_sub "$n" "$(sed -n 's/.*Collected : //p' <<<"$out")"
		# The same with a shell's 37 variables.
		out=$(env -i "${ENV37[@]}" unshare -pf valgrind \
			--tool=callgrind --callgrind-out-file=/dev/null \
			${cmd[$n]} /bin/true 2>&1)
		add instr_env37 "$n" "$(sed -n 's/.*Collected : //p' <<<"$out")"
		# The same with Kubernetes' service links: 700 variables.
		out=$(env -i "${ENV700[@]}" unshare -pf valgrind \
			--tool=callgrind --callgrind-out-file=/dev/null \
			${cmd[$n]} /bin/true 2>&1)
		add instr_env "$n" "$(sed -n 's/.*Collected : //p' <<<"$out")"
		out=$("$LOAD" launch 200 ${cmd[$n]} /bin/true)
		add launch "$n" "$(pick launch_ratio "$out")"
		# On one CPU, so that the init's work is in the time, and
		# right after the same program reaping for itself.
		self=$($PIN unshare -pf --mount-proc "$LOAD" storm 20000 self)
		self_ms=$(pick storm_ms "$self")
		add storm_ms self "$self_ms"
		out=$($PIN unshare -pf --mount-proc ${cmd[$n]} "$LOAD" storm 20000)
		add storm_ms "$n" "$(pick storm_ms "$out")"
		add storm "$n" "$(awk -v a="$(pick storm_ms "$out")" \
			-v b="$self_ms" 'BEGIN { printf "%.3f", a / b }')"
		add storm_z "$n" "$(pick storm_zombies "$out")"
		out=$(unshare -pf --mount-proc ${cmd[$n]} "$LOAD" burst 5000)
		add burst "$n" "$(pick burst_ms "$out")"
		add burst_z "$n" "$(pick burst_zombies "$out")"
	done
	# A round trip takes microseconds, and this machine's speed drifts
	# over seconds: five turns of every init, one after another.
	for turn in 1 2 3 4 5; do
		for n in "${names[@]}"; do
			out=$($PIN unshare -pf --mount-proc ${cmd[$n]} "$LOAD" \
				roundtrip 20000)
			add rt "$n" "$(pick roundtrip_us "$out")"
		done
	done
	# sexton's own costs, which the peers do not have: the end of a
	# subreaper with 10 descendants left, among 100 or 10,000 others;
	# a zombie-watch scan; a signal's round trip during scans.
	# Idle with the stop delay, and with the orphan policy, which looks
	# at sexton's children once an AGE.
	for opt in --stop-delay=1s --orphans=term,1s; do
		unshare -pf --mount-proc ./sexton-static $opt -- /bin/sleep 1000 \
			2>/dev/null &
		uo=$!
		po=$(pid1 "$uo")
		until pgrep -P "$po" >/dev/null; do sleep 0.01; done
		sleep 0.5
		co=$(status "$po" voluntary_ctxt_switches)
		sleep 5
		add "idle${opt%%=*}" sexton-static \
			$(($(status "$po" voluntary_ctxt_switches) - co))
		kill -KILL "$po"
		wait "$uo" || true
	done
	for crowd in 100 10000; do
		out=$(unshare -pf --mount-proc "$LOAD" crowd $crowd \
			/usr/bin/valgrind --tool=callgrind \
			--callgrind-out-file=/dev/null ./sexton-static -t 5s -- \
			"$LOAD" leave 10 2>&1)
		add "end$crowd" sexton-static "$(sed -n 's/.*Collected : //p' <<<"$out")"
	done
	for procs in 666 3333 6666 10666; do
		out=$(unshare -pf --mount-proc $B/scancost $procs)
		add "scan$procs" sexton "$(pick scan_ms "$out")"
		add "scanr$procs" sexton "$(pick scan_ratio "$out")"
		add "step$procs" sexton "$(pick step_p99_ms "$out")"
	done
	for w in off on; do
		wz=; [ $w = on ] && wz=--watch-zombies=1000000,1ms
		out=$($PIN unshare -pf --mount-proc ./sexton-static $wz -- \
			"$LOAD" roundtrip 2000 10000)
		add "rt_$w" sexton-static "$(pick roundtrip_us "$out")"
		add "rtmax_$w" sexton-static "$(pick roundtrip_max_us "$out")"
	done
done

row() {	# label metric decimals
	local line="| $1 |"
	for n in "${names[@]}"; do line+=" $(cell "$2" "$n" "$3") |"; done
	echo "$line"
}

table() {
	local head="| metric |"
	for n in "${names[@]}"; do head+=" $n |"; done
	echo "$head"
	echo "|---|$(printf -- '---|%.0s' "${names[@]}")"
	row "binary, stripped (bytes)" size 0
	row "RSS of idle PID 1 (KiB)" rss 0
	row "launch: instructions, \`INIT -- /bin/true\`" instr 0
	row "launch: wall time / bare \`/bin/true\`, 200 runs" launch 2
	row "idle: voluntary context switches in 5 s" idle 0
	row "storm: 20,000 orphans, time / self-reaping" storm 3
	row "storm: zombies left" storm_z 0
	row "burst: 5,000 orphans, one SIGKILL (ms)" burst 1
	row "burst: zombies left" burst_z 0
	row "signal round trip (µs)" rt 1
	row "launch with a shell's 37 variables: instructions" instr_env37 0
	row "launch with 700 variables: instructions" instr_env 0
	per_variable
	row "not PID 1, nothing left: instructions, \`INIT -- /bin/true\`" instr_sub 0
}

# What each variable past Docker's 3 adds, from the medians of 700 and 3.
per_variable() {
	local line="| launch: instructions per extra variable (700 vs 3) |"
	for n in "${names[@]}"; do
		line+=" $(awk -v a="$(median instr "$n" 0)" \
			-v b="$(median instr_env "$n" 0)" \
			'BEGIN { printf "%.1f", (b - a) / 697 }') |"
	done
	echo "$line"
}

# sexton's own costs: no peer has a subreaper's end, a zombie watch or
# scans to serve signals around.
own() {
	echo "| sexton's own cost | measured |"
	echo "|---|---|"
	echo "| end as a subreaper, 10 descendants left, 100 others in the namespace: instructions | $(cell end100 sexton-static 0) |"
	echo "| the same, 10,000 others | $(cell end10000 sexton-static 0) |"
	echo "| idle with \`--stop-delay=1s\`: voluntary context switches in 5 s | $(cell idle--stop-delay sexton-static 0) |"
	echo "| idle with \`--orphans=term,1s\`, no orphan alive: the same | $(cell idle--orphans sexton-static 0) |"
	for procs in 666 3333 6666 10666; do
		echo "| watch scan of $((procs + 1 + procs / 2)) processes: ms / reading each stat once / 99th percentile step (ms) | $(cell "scan$procs" sexton 1) / $(cell "scanr$procs" sexton 2) / $(cell "step$procs" sexton 2) |"
	done
	echo "| signal round trip among 10,000 processes, watch off: mean / slowest (µs) | $(cell rt_off sexton-static 1) / $(cell rtmax_off sexton-static 0) |"
	echo "| the same, a scan every 1 ms | $(cell rt_on sexton-static 1) / $(cell rtmax_on sexton-static 0) |"
}

verdict() {	# label ok measured goal
	if [ "$2" = 1 ]; then echo "| $1 | $4 | $3 | met |"
	else echo "| $1 | $4 | $3 | **missed** |"; fi
}

le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? 1 : 0 }'; }

goals() {
	local s i r st rt fastest=
	s=$(median size sexton-static 0)
	r=$(median rss sexton-static 0)
	i=$(median instr sexton-static 0)
	st=$(median storm sexton 3)
	rt=$(median rt sexton 1)
	for n in tini tini-static dumb-init catatonit; do
		m=$(median rt "$n" 1)
		if [ -z "$fastest" ] || [ "$(le "$m" "$fastest")" = 1 ]; then
			fastest=$m
		fi
	done
	echo "| goal | target | sexton | |"
	echo "|---|---|---|---|"
	# 24 KiB, plus 2 KiB for what tests/bench/analysis.md says it bought:
	# the terminal hand-off, the halt requests, the wait for
	# entered processes and a log that never blocks.
	verdict "static binary, x86_64" "$(le "$s" 26624)" "$s bytes" "26 KiB (26,624 bytes) or less"
	verdict "static binary, aarch64" "$(le "$AARCH_SIZE" 34816)" "$AARCH_SIZE bytes" "34 KiB (34,816 bytes) or less"
	verdict "RSS, static build" "$(le "$r" 64)" "$r KiB (glibc build: $(median rss sexton 0) KiB)" "64 KiB or less"
	verdict "launch, static build" "$(le "$i" 5000)" "$i instructions" "5,000 instructions or fewer"
	i=$(median instr_env37 sexton-static 0)
	verdict "launch with a shell's 37 variables" "$(le "$i" 3000)" "$i instructions" "3,000 instructions or fewer"
	verdict "idle" "$(le "$(median idle sexton 0)" 0)" "$(median idle sexton 0) wake-ups" "0 wake-ups"
	verdict "storm ratio" "$(le "$st" 1.03)" "$st" "1.03 or less"
	verdict "signal round trip" "$(le "$rt" "$fastest")" "$rt µs (fastest peer: $fastest µs)" "no slower than the fastest peer"
	i=$(median instr_sub sexton-static 0)
	c=$(median instr_sub catatonit 0)
	verdict "end when not PID 1, nothing left" "$(le "$i" "$c")" "$i instructions (catatonit: $c)" "no more than catatonit"
	a=$(median end100 sexton-static 0)
	b=$(median end10000 sexton-static 0)
	verdict "end among 10,000 others vs 100" "$(le "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')" 1.10)" "$a vs $b instructions" "within 10%"
	i=$(median scanr10666 sexton 2)
	verdict "scan of 16,000 / reading each stat once" "$(le "$i" 1.5)" "$i" "1.5 or less"
}

{
	echo "# Benchmark results"
	echo
	echo "Made by \`make bench\` on $(date -u +%Y-%m-%d), $REPS repetitions:"
	echo "each cell is the median, with the range when the runs differed."
	echo
	echo "- machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- kernel: $(uname -r)"
	echo "- libc: $(ldd --version | head -1); musl $(dpkg-query -W -f='${Version}' musl 2>/dev/null || echo '?') for sexton-static"
	echo "- peers: tini $(dpkg-query -W -f='${Version}' tini), dumb-init $(dpkg-query -W -f='${Version}' dumb-init), catatonit $(dpkg-query -W -f='${Version}' catatonit), from Debian"
	echo
	table
	echo
	echo "## sexton's own costs"
	echo
	own
	echo
	echo "## Goals"
	echo
	goals
	echo
	echo "## How each figure is made"
	echo
	echo "- size: \`strip\` on a copy, then \`stat\`; sexton-static as built (its"
	echo "  section headers are gone already: \`llvm-objcopy --strip-sections\`)."
	echo "- RSS, idle: every init at once over \`/bin/sleep\`, as PID 1 of its"
	echo "  own namespace; VmRSS and voluntary_ctxt_switches from /proc, the"
	echo "  second over 5 s."
	echo "- instructions: \`valgrind --tool=callgrind\`, PID 1's whole run from"
	echo "  exec to exit, with Docker's environment of 3 variables (PATH,"
	echo "  HOSTNAME, HOME). The count grows with the environment, for every init."
	echo "- wall time: \`tests/bench/load.c launch\`, 200 runs of each, taking"
	echo "  turns with bare \`/bin/true\` in a new PID namespace each time."
	echo "- storm: \`load storm 20000\` makes orphans one after another, then"
	echo "  waits until none is left; divided by the time the same program"
	echo "  takes as PID 1 reaping them itself, run just before (median"
	echo "  $(median storm_ms self 0) ms). Both on one CPU (\`taskset -c 0\`), so that"
	echo "  the init's work adds to the time instead of hiding on the other core."
	echo "- burst: \`load burst 5000\`: live orphans in one group, one SIGKILL,"
	echo "  time until /proc shows none left."
	echo "- round trip: \`load roundtrip 20000\`: the child sends SIGUSR1 to"
	echo "  PID 1 and waits for the forwarded copy with sigwaitinfo; on one CPU,"
	echo "  which measures the init's own path. Five turns of every init, one"
	echo "  after another, in each repetition: the cell is the median of them"
	echo "  all. Spread over both CPUs, an earlier run gave 33 to 62 µs for"
	echo "  every init alike, with no order among them that held from one"
	echo "  repetition to the next."
	echo "- not PID 1: the same instructions, with the init run straight"
	echo "  from this shell (Docker's environment), so it ends as a subreaper."
	echo "- 37 variables: as PID 1, the names of the shell issue 15 was"
	echo "  measured in (\`ENV37\` in bench.sh), with short values."
	echo "- 700 variables: as PID 1, PATH and 699 \`SVC_N_SERVICE_HOST\`;"
	echo "  per extra variable: the difference of the medians over 697."
	echo "- end as a subreaper: \`load crowd N\` starts N sleepers, then"
	echo "  sexton-static under callgrind, not PID 1, whose command leaves 10"
	echo "  orphans that exit on TERM. The peers have no such end."
	echo "- zombie watch: \`tests/bench/scancost.c\` as PID 1 with N"
	echo "  sleepers, half holding a zombie; the median of 31 scans, taking turns"
	echo "  with a baseline that lists /proc and reads each stat once; a"
	echo "  step is what the loop runs between two looks at the signalfd."
	echo "- round trip among 10,000: \`load roundtrip 2000 10000\` on one CPU"
	echo "  under sexton-static, with the watch off and scanning every 1 ms."
	echo "- idle with the stop delay, or the orphan policy: sexton-static over"
	echo "  \`/bin/sleep\`, which adopts nothing; voluntary_ctxt_switches over 5 s."
	echo
	cat tests/bench/analysis.md
} >tests/bench/RESULTS.md
cat tests/bench/RESULTS.md
