# lib.sh - shared by the benchmark scripts (sourced, not run).
#
# Expects WORK (a scratch folder).  Defines:
#   run_once CMD...   run CMD once under GNU time; prints "WALL_S RSS_KB" (wall
#                     to the millisecond, GNU time and all).  CMD may exit 0
#                     or 1 (deviations); any other status fails run_once.
#   best_of CMD...    run_once $RUNS times (5 unless set); prints the fastest
#                     wall time and the largest peak RSS.
#   best_pair A B     A and B are command lines (quoted for eval): run them
#                     in turn $RUNS times, so that the machine's slow spells
#                     fall on both alike; prints "WALL_A RSS_A WALL_B RSS_B".
#   ratio A B         A / B with two decimals, "-" when B is 0
#   over A B X        true when A > X * B
#   mb KB             kilobytes as megabytes, one decimal
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

run_once() {
	t0=$(date +%s%N)
	"$TIME" -f "%M" -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err" || {
		st=$?; [ $st -le 1 ] || { cat "$WORK/err" >&2; echo "bench: $1 failed ($st)" >&2; exit 1; }; }
	t1=$(date +%s%N)
	echo "$(awk "BEGIN{printf \"%.3f\", ($t1 - $t0) / 1e9}") $(tail -n 1 "$WORK/t")"
}

best_of() {
	best=""; rss=0
	i=0
	while [ $i -lt "${RUNS:-5}" ]; do
		i=$((i + 1))
		r=$(run_once "$@") || exit 1
		w=${r% *}; m=${r#* }
		if [ -z "$best" ] || awk "BEGIN{exit !($w < $best)}"; then best=$w; fi
		[ "$m" -gt "$rss" ] && rss=$m
	done
	echo "$best $rss"
}

best_pair() {
	wa=""; rssa=0; wb=""; rssb=0
	i=0
	while [ $i -lt "${RUNS:-5}" ]; do
		i=$((i + 1))
		r=$(eval "run_once $1") || exit 1
		w=${r% *}; m=${r#* }
		if [ -z "$wa" ] || awk "BEGIN{exit !($w < $wa)}"; then wa=$w; fi
		[ "$m" -gt "$rssa" ] && rssa=$m
		r=$(eval "run_once $2") || exit 1
		w=${r% *}; m=${r#* }
		if [ -z "$wb" ] || awk "BEGIN{exit !($w < $wb)}"; then wb=$w; fi
		[ "$m" -gt "$rssb" ] && rssb=$m
	done
	echo "$wa $rssa $wb $rssb"
}

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1/$2; else print \"-\" }"; }
over() { awk "BEGIN{exit !($1 > $3 * $2)}"; }
mb() { awk "BEGIN{printf \"%.1f\", $1/1024}"; }
