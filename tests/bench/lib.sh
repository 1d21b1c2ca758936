# lib.sh - shared by the benchmark scripts (sourced, not run).
#
# Expects WORK (a scratch folder).  Defines:
#   best_of CMD...    run CMD $RUNS times (5 unless set) under GNU time; prints
#                     "WALL_S RSS_KB": the fastest wall time (to the
#                     millisecond, GNU time and all) and the largest peak RSS.  CMD may exit 0 or 1 (deviations); any other
#                     status stops the benchmark.
#   ratio A B         A / B with two decimals, "-" when B is 0
#   over A B X        true when A > X * B
#   mb KB             kilobytes as megabytes, one decimal
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

best_of() {
	best=""; rss=0
	i=0
	while [ $i -lt "${RUNS:-5}" ]; do
		i=$((i + 1))
		t0=$(date +%s%N)
		"$TIME" -f "%M" -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err" || {
			st=$?; [ $st -le 1 ] || { cat "$WORK/err" >&2; echo "bench: $1 failed ($st)" >&2; exit 1; }; }
		t1=$(date +%s%N)
		w=$(awk "BEGIN{printf \"%.3f\", ($t1 - $t0) / 1e9}")
		m=$(tail -n 1 "$WORK/t")
		if [ -z "$best" ] || awk "BEGIN{exit !($w < $best)}"; then best=$w; fi
		[ "$m" -gt "$rss" ] && rss=$m
	done
	echo "$best $rss"
}

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1/$2; else print \"-\" }"; }
over() { awk "BEGIN{exit !($1 > $3 * $2)}"; }
mb() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
