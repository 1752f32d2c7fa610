# castns -- top-level, non-recursive GNU Makefile.
#
#   make            build/castnsd, build/castnsctl
#   make check      unit, zone/config golden, differential (Knot), fuzz replay,
#                   malformed-packet, BGP interop (BIRD, FRR, GoBGP) and, as
#                   root, lab tests; then all again (but the lab) under
#                   ASan+UBSan
#   make demo       the three-site anycast lab (root): scenarios, pictures
#   make demo-node  one node on loopback serving examples/, queried with kdig
#   make lab-test   the lab tools' own tests, then every lab scenario as a
#                   test (root)
#   make lab-repeat every lab scenario five times in a row (root): passes,
#                   min/median/max failover time and losses
#   make lab-bench  scenario 2 with castnsd, then with ExaBGP + healthcheck +
#                   NSD on the EU node, figures side by side (root)
#   make fuzz       libFuzzer builds of every fuzz target, run FUZZ_TIME each
#   make bench      castnsd vs NSD vs Knot DNS on the same zone and load
#   make bench-xfr  a 1M-record zone by AXFR: castnsd vs Knot as secondary
#   SAN=1           build with AddressSanitizer + UndefinedBehaviorSanitizer

CC	?= cc
SAN	?= 0
BUILD	?= $(if $(filter 1,$(SAN)),build-san,build)
FUZZ_TIME ?= 60

PKGS	:= liburcu yaml-0.1 libcrypto libmaxminddb
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN	:= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wpointer-arith -Wcast-qual -Werror
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS) -MMD -MP -pthread
LDLIBS	+= $(PKG_LIBS) -pthread -lm
ifeq ($(SAN),1)
CFLAGS	+= -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
LDFLAGS	+= -fsanitize=address,undefined
endif

# Every .c under these directories belongs to the library the daemon, the
# tools, the unit tests and the fuzzers link.
LIB_DIRS := src/common src/conf src/dns src/server src/bgp src/health \
	    src/ctl src/geo src/xfr
LIB_SRCS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB	:= $(BUILD)/libcastns.a

DAEMON_SRCS := $(wildcard src/daemon/*.c)
DAEMON_OBJS := $(DAEMON_SRCS:%.c=$(BUILD)/%.o)
CTL_SRCS := $(wildcard tools/castnsctl/*.c)
CTL_OBJS := $(CTL_SRCS:%.c=$(BUILD)/%.o)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_REPLAY := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%-replay)
FUZZ_LIBFUZZER := $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)

.PHONY: all check check-quick demo demo-node lab-test lab-repeat lab-bench fuzz fuzz-build bench bench-xfr deps-check deps-demo deps-bench \
	clean tests format

all: $(BUILD)/castnsd $(BUILD)/castnsctl

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/castnsd: $(DAEMON_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/castnsctl: $(CTL_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/fuzz/%-replay: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o \
    $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests: all $(UNIT_BINS) $(FUZZ_REPLAY)

# The test command of the README: installs what it needs, then runs every
# suite plain and under sanitizers, ending in one "N passed, N failed" line.
check: deps-check
	tests/run.sh

# One pass without the sanitizer rebuild, for quick iteration.
check-quick:
	tests/run.sh --quick

# The three-site lab (root): up, scenarios with their narrative, pictures
# in build/lab/, down.  demo-node: the single node on loopback.
demo: deps-demo all
	lab/demo

demo-node: all
	examples/demo.sh

# Every lab scenario as a test (root; tests/lab/t-lab.sh), after the
# measurement tools' own test (tests/lab/t-tools.sh, no root).
lab-test: deps-demo all
	tests/lab/t-tools.sh
	tests/lab/t-lab.sh

# "Every scenario passes five runs in a row" (root; lab/repeat --up).
lab-repeat: deps-demo all
	lab/repeat --up -n 5 all

# Scenario 9: castnsd against ExaBGP + healthcheck + NSD (root; lab/bench).
lab-bench: deps-demo all
	lab/bench

deps-check:
	@tools/deps.sh check

deps-demo:
	@tools/deps.sh demo

deps-bench:
	@tools/deps.sh bench

# libFuzzer needs clang; each target runs FUZZ_TIME seconds on its corpus.
# The library is compiled once for every target (fuzzer-no-link: coverage
# without libFuzzer's main), each target then only links.
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -MMD -MP \
	       -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS)
FUZZ_OBJS := $(LIB_SRCS:%.c=build-fuzz/obj/%.o)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

build-fuzz/libcastns.a: $(FUZZ_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

build-fuzz/%: tests/fuzz/%.c build-fuzz/libcastns.a
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	    build-fuzz/libcastns.a $(PKG_LIBS) -pthread -lm

fuzz-build: $(FUZZ_LIBFUZZER)

fuzz: deps-check $(FUZZ_LIBFUZZER)
	@for f in $(FUZZ_LIBFUZZER); do \
	    n=$$(basename $$f); mkdir -p build-fuzz/$$n.corpus; \
	    echo "== $$n ($(FUZZ_TIME)s)"; \
	    $$f -max_total_time=$(FUZZ_TIME) build-fuzz/$$n.corpus \
	        tests/fuzz/$$n.in || exit 1; \
	done

bench: deps-bench all
	bench/run.sh

# Taking a 1M-record zone by AXFR: castnsd, then Knot, as secondaries.
bench-xfr: deps-bench all
	bench/xfr.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-san build-fuzz

-include $(shell find build build-san build-fuzz -name '*.d' 2>/dev/null)
