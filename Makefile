# erguard - the one entry point: deps, all, check, demo, bench, install, deb
# (and lint, clean).
#
# Sources are found by wildcard: every agent/*.c is part of erguard (main.c
# holds main, the rest is liberguard.a); every tests/lab/*.c but lab_main.c
# is part of liberguard-lab.a, which erguard-lab and the unit tests of the
# lab link; every tests/unit/lib/*.c is part of libegtest.a, the fixtures
# every unit test links; every tests/unit/test_*.c is one cmocka binary;
# every tests/bench/*.c is one benchmark program.  A static library gives
# a binary only the objects it uses.

VERSION  := 0.1.0
BUILD    ?= build
CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SCRIPTDIR   ?= $(PREFIX)/share/erguard/junos-scripts
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
ENVFILE     ?= /etc/default/erguard

# libssh is loaded at run time, when the first SSH session opens
# (agent/nc_libssh.h): only its headers are needed to build.
PKGS     := libyang libxml-2.0 json-c
OPTFLAGS ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-unused-parameter
SAN      ?=
CFLAGS   ?=
CFLAGS   += -std=c11 $(OPTFLAGS) $(WARN) $(SAN) -fPIC
CPPFLAGS += -D_GNU_SOURCE -DEG_VERSION='"$(VERSION)"' -Iagent -I$(BUILD)/gen \
            $(shell pkg-config --cflags $(PKGS) libssh 2>/dev/null)
LDFLAGS  += $(SAN)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -ldl

AGENT_SRCS := $(wildcard agent/*.c)
AGENT_OBJS := $(patsubst agent/%.c,$(BUILD)/obj/agent/%.o,$(AGENT_SRCS)) \
              $(BUILD)/obj/gen/eg_embed.o
LIB_OBJS   := $(filter-out $(BUILD)/obj/agent/main.o,$(AGENT_OBJS))
LAB_SRCS   := $(wildcard tests/lab/*.c)
LAB_OBJS   := $(patsubst tests/lab/%.c,$(BUILD)/obj/lab/%.o,$(LAB_SRCS))
LABLIB_OBJS := $(filter-out $(BUILD)/obj/lab/lab_main.o,$(LAB_OBJS))
TESTLIB_SRCS := $(wildcard tests/unit/lib/*.c)
TESTLIB_OBJS := $(patsubst tests/unit/lib/%.c,$(BUILD)/obj/testlib/%.o,$(TESTLIB_SRCS))
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_OBJS  := $(patsubst tests/unit/%.c,$(BUILD)/obj/tests/%.o,$(UNIT_SRCS))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
BENCH_SRCS := $(wildcard tests/bench/*.c)
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
EMBED      := yang/erguard-intent.yang yang/erguard-report.yang yang/default-intent.xml
MANS       := $(wildcard agent/*.[1-8])
# The on-box scripts, junos-scripts/erguard-X/erguard-X.xsl, installed in SCRIPTDIR.
JUNOS_SCRIPTS := $(foreach d,$(wildcard junos-scripts/erguard-*/),$(d)$(notdir $(d:/=)).xsl)

.PHONY: all deps check check-asan demo bench install deb clean lint FORCE
.SECONDARY: $(UNIT_OBJS)

all: $(BUILD)/erguard $(if $(wildcard tests/lab/lab_main.c),$(BUILD)/erguard-lab) $(UNIT_BINS) \
     $(BENCH_BINS)

deps:
	@sh packaging/deps.sh

$(BUILD)/gen/eg_embed.c: $(EMBED) packaging/embed.sh
	@mkdir -p $(@D)
	sh packaging/embed.sh $@ $(EMBED)

# Where the scripts are installed and their SHA-256 (erguard junos-scripts);
# rewritten only when SCRIPTDIR or a script changed.
$(BUILD)/gen/eg_junos_sums.h: $(JUNOS_SCRIPTS) packaging/script-sums.sh FORCE
	@mkdir -p $(@D)
	@sh packaging/script-sums.sh $@ $(SCRIPTDIR) $(JUNOS_SCRIPTS)

$(BUILD)/obj/agent/junos_scripts.o $(BUILD)/obj/tests/test_junos_scripts.o: $(BUILD)/gen/eg_junos_sums.h

$(BUILD)/obj/gen/eg_embed.o: $(BUILD)/gen/eg_embed.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/obj/agent/%.o: agent/%.c $(wildcard agent/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/lab/%.o: tests/lab/%.c $(wildcard tests/lab/*.h) $(wildcard agent/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/lab $(CFLAGS) -c -o $@ $<

$(BUILD)/liberguard.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/erguard: $(BUILD)/obj/agent/main.o $(BUILD)/liberguard.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/liberguard-lab.a: $(LABLIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/erguard-lab: $(BUILD)/obj/lab/lab_main.o $(BUILD)/liberguard-lab.a $(BUILD)/liberguard.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The reference design as the check fixture's constants.
$(BUILD)/gen/fx_reference.h: tests/unit/lib/fx_reference.xsl yang/default-intent.xml
	@mkdir -p $(@D)
	xsltproc -o $@ $^

# The unit tests' fixtures: compiled once, linked by every unit test.
$(BUILD)/obj/testlib/%.o: tests/unit/lib/%.c $(wildcard tests/unit/lib/*.h) $(wildcard agent/*.h) \
		$(BUILD)/gen/fx_reference.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit/lib $(CFLAGS) -c -o $@ $<

$(BUILD)/libegtest.a: $(TESTLIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# A unit test links libegtest.a and liberguard.a, and only when it uses
# them the lab (UNIT_LAB) and libnetconf2 (UNIT_LIBS).
$(BUILD)/tests/test_lab_world: UNIT_LAB := $(BUILD)/liberguard-lab.a
$(BUILD)/tests/test_lab_world: $(BUILD)/liberguard-lab.a
$(BUILD)/tests/test_nc_interop: UNIT_LIBS := -lnetconf2

$(BUILD)/obj/tests/%.o: tests/unit/%.c $(wildcard tests/unit/lib/*.h) $(wildcard tests/lab/*.h) \
		$(wildcard agent/*.h) $(BUILD)/gen/fx_reference.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/unit/lib -Itests/lab $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(BUILD)/libegtest.a $(BUILD)/liberguard.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(UNIT_LAB) $(BUILD)/libegtest.a $(BUILD)/liberguard.a $(LDLIBS) \
		-lcmocka $(UNIT_LIBS)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/liberguard.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $< \
		$(BUILD)/liberguard.a $(LDLIBS)

# The whole suite: plain build, then again under ASan+UBSan.
check: deps
	$(MAKE) all
	sh tests/run.sh $(BUILD)
	$(MAKE) check-asan

check-asan:
	$(MAKE) BUILD=build/asan OPTFLAGS='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined' all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		EG_SANITIZED=1 sh tests/run.sh build/asan

demo: deps
	$(MAKE) all
	sh tests/demo.sh $(BUILD)

bench: deps
	$(MAKE) OPTFLAGS='-O2 -g' all
	sh tests/bench/run.sh $(BUILD)

# Static analysis of agent/.  cppcheck is not among the packages `make deps`
# installs (packaging/deps.sh): install it to run this target.  model.c's
# string pool links its blocks by copying the previous block's pointer into
# the first bytes of the new one, which cppcheck takes for a sizeof mistake
# (pointerSize).
lint:
	@command -v cppcheck >/dev/null 2>&1 || \
		{ echo "make lint: cppcheck is not installed (apt-get install cppcheck)" >&2; exit 1; }
	cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
		--suppress=missingIncludeSystem --suppress=pointerSize:agent/model.c -Iagent agent

install: $(BUILD)/erguard
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/erguard/yang
	install -m 755 $(BUILD)/erguard $(DESTDIR)$(PREFIX)/bin/erguard
	for m in $(MANS); do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; done
	install -m 644 yang/*.yang yang/default-intent.xml $(DESTDIR)$(PREFIX)/share/erguard/yang/
	install -d $(DESTDIR)$(SCRIPTDIR)
	install -m 644 $(JUNOS_SCRIPTS) $(DESTDIR)$(SCRIPTDIR)/
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 packaging/completion/erguard.bash $(DESTDIR)$(BASHCOMPDIR)/erguard
	install -m 644 packaging/completion/_erguard $(DESTDIR)$(ZSHCOMPDIR)/_erguard
	sh packaging/systemd/install.sh "$(DESTDIR)" "$(PREFIX)" "$(UNITDIR)" "$(SYSUSERSDIR)" "$(ENVFILE)"

# The .deb, built by dpkg-buildpackage from a staged copy of the tree with
# packaging/debian as its debian/ (packaging/debian/build.sh); it and
# dpkg-buildpackage's other output land in $(BUILD)/deb.
deb:
	sh packaging/debian/build.sh $(BUILD)/deb

clean:
	rm -rf build

# Fuzzing (tests/fuzz/README.md).  Every tests/fuzz/fuzz_T.c is one harness.
# `all` builds each with replay.c as $(BUILD)/fuzz/replay-T, which
# tests/run.sh runs over tests/fuzz/corpus/T and tests/fuzz/crashes/T.
# `make fuzz` builds them again with libFuzzer under clang (FUZZ_CC) in
# build/fuzz and runs each for FUZZ_SECONDS.
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_REPLAYS := $(patsubst %,$(BUILD)/fuzz/replay-%,$(FUZZ_NAMES))
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=

all: $(FUZZ_REPLAYS)

$(BUILD)/fuzz/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
		$(BUILD)/liberguard.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(BUILD)/liberguard.a $(LDLIBS)

$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/liberguard.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(BUILD)/liberguard.a $(LDLIBS)

.PHONY: fuzz fuzz-build
fuzz-build:
	$(MAKE) BUILD=build/libfuzzer CC=$(FUZZ_CC) OPTFLAGS='-O1 -g -fno-omit-frame-pointer' \
		SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link' \
		$(patsubst %,build/libfuzzer/fuzz/fuzz-%,$(FUZZ_NAMES))

fuzz: fuzz-build
	sh tests/fuzz/run.sh build/libfuzzer/fuzz $(FUZZ_SECONDS) $(FUZZ_FLAGS)
