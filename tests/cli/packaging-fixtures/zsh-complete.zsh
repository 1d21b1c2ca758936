# zsh-complete.zsh FPATH_DIR OUT LINE - type LINE and TAB in an interactive
# zsh (on a pseudo-terminal, zsh/zpty) whose completion system loads the
# functions of FPATH_DIR; every match the completion offers is appended to
# OUT, one a line.
zmodload zsh/zpty || exit 2
dir=$1 out=$2 line=$3
zpty z zsh -f -i
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
# compadd -O collects the matches compadd would add, after filtering.
zpty -w z "compadd() { local -a m; builtin compadd -O m \"\$@\"; (( \$#m )) && print -rl -- \$m >> ${(q)out}; builtin compadd \"\$@\"; }"
zpty -w z "print -r ready > ${(q)out}.ready"
for i in {1..100}; do [[ -s $out.ready ]] && break; sleep 0.05; done
zpty -w -n z "$line"$'\t'
for i in {1..60}; do [[ -s $out ]] && break; sleep 0.05; done
sleep 0.2
zpty -d z
rm -f $out.ready
