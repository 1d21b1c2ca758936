# bash completion for erguard(8).
#
# Commands, each command's options, the values of --format, --color,
# drill's --links and --trigger,
# the device names of the intent in use (-c FILE on the command line, else
# $ERGUARD_INTENT, else the built-in design, read with `erguard intent
# show`) after --device, and the check IDs of `erguard check --list` after
# --check.  erguard is the one found in PATH, as the command line runs it.

# The options of one command, all on one line.
_erguard_options()
{
	local common="-v --verbose -q --quiet -h --help"
	local connect="--timeout --parallel --accept-new-hostkeys --ssh-config"
	case $1 in
	check)
		echo "$common $connect -c --intent --device --check --list --format --from" \
			"--azure-learned --azure-advertised --color --no-color" ;;
	snapshot)
		echo "$common $connect -o --output -c --intent --device" ;;
	diff)
		echo "$common $connect -c --intent --device --check --format --color --no-color --live" ;;
	watch)
		echo "$common $connect -c --intent --device --interval --metrics --color --no-color" ;;
	fix)
		echo "$common --timeout --accept-new-hostkeys --ssh-config -c --intent --device --format" \
			"--apply --confirm-minutes --settle-seconds --yes" ;;
	drill)
		echo "$common --timeout --accept-new-hostkeys --ssh-config -c --intent --plan --links" \
			"--trigger --since --max-convergence --no-trace --format --svg" ;;
	intent)
		echo "$common -c --intent --format" ;;
	junos-scripts)
		echo "$common -c --intent" ;;
	*)
		echo "$common" ;;
	esac
}

# The device names of the intent FILE (empty: erguard's default), one a line.
_erguard_devices()
{
	local -a args=(intent show)
	[[ -n $1 ]] && args+=(-c "$1")
	erguard "${args[@]}" 2>/dev/null | awk '
		/<device>/ { dev = 1; next }
		dev && /<name>/ { sub(/.*<name>/, ""); sub(/<\/name>.*/, ""); print; dev = 0 }
		/<\/device>/ { dev = 0 }'
}

# The IDs of the check catalogue, one a line.
_erguard_checks()
{
	erguard check --list 2>/dev/null | awk '$1 ~ /^[a-z][a-z0-9-]*$/ { print $1 }'
}

# The values an option takes, one a line, or nothing when it takes a file
# or a number.
_erguard_values()	# OPTION COMMAND INTENT
{
	case $1 in
	--format)
		case $2 in
		intent) printf '%s\n' xml json ;;
		diff) printf '%s\n' text json junit ;;
		fix) printf '%s\n' text json xml ;;
		*) printf '%s\n' text json xml junit ;;
		esac ;;
	--color) printf '%s\n' auto always never ;;
	--links) printf '%s\n' primary secondary both ;;
	--trigger) printf '%s\n' bgp interface blackhole external ;;
	--since) printf '%s\n' now ;;
	--device) _erguard_devices "$3" ;;
	--check) _erguard_checks ;;
	esac
}

_erguard()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' sub='' intent='' opt='' i w
	local commands="check snapshot diff fix drill watch intent junos-scripts version help"
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# The command, the intent subcommand, and -c FILE given so far.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-c|--intent) intent=${COMP_WORDS[i + 1]} ;;
		--intent=*) intent=${w#--intent=} ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			elif [[ $cmd = intent && -z $sub && ${COMP_WORDS[i - 1]} != -* ]]; then
				sub=$w
			fi ;;
		esac
	done
	[[ -z $intent ]] && intent=${ERGUARD_INTENT:-}
	intent=${intent/#\~/$HOME}

	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		return
	fi

	# --opt=value, whether or not "=" splits words (COMP_WORDBREAKS).
	if [[ $cur = "=" && $prev = --* ]]; then
		opt=$prev cur=''
	elif [[ $prev = "=" && $COMP_CWORD -ge 2 ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur = --*=* ]]; then
		opt=${cur%%=*} cur=${cur#*=}
		local IFS=$'\n'
		COMPREPLY=($(compgen -P "$opt=" -W "$(_erguard_values "$opt" "$cmd" "$intent")" -- "$cur"))
		return
	else
		opt=$prev
	fi

	case $opt in
	--format|--color|--device|--check|--links|--trigger|--since)
		local IFS=$'\n'
		COMPREPLY=($(compgen -W "$(_erguard_values "$opt" "$cmd" "$intent")" -- "$cur"))
		return ;;
	-c|--intent|--azure-learned|--azure-advertised|--ssh-config|--metrics|--svg)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-o|--output|--from)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--timeout|--parallel|--interval|--confirm-minutes|--settle-seconds|--max-convergence)
		return ;;
	esac

	if [[ $cmd = intent && -z $sub && $cur != -* ]]; then
		COMPREPLY=($(compgen -W "validate show schema" -- "$cur"))
		return
	fi
	if [[ $cur = -* ]]; then
		COMPREPLY=($(compgen -W "$(_erguard_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	diff|intent) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _erguard erguard
