# ansinh — one binary, CLI and (later) web server over one database.
# `make demo` and `make check` are the two commands a newcomer needs.

CC      ?= cc
PKGS    := sqlite3 libutf8proc icu-uc icu-i18n libsodium libcrypto libcjson libmicrohttpd \
           pangocairo cairo fontconfig freetype2 xlsxwriter libqrencode libzip expat zlib
BUILD   ?= build
SAN     ?=
PYTHON  := /usr/bin/python3

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# OPT is the optimisation level; CFLAGS/LDFLAGS given on the command line
# are added to (not replacing) what the build needs.
OPT     ?= -O2 -g
override CFLAGS += $(OPT) -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
           -Wall -Wextra -Werror -Wshadow -Wvla -Wformat=2 \
           -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) -MMD -MP
LDLIBS  += $(PKG_LIBS) -lm -lpthread

ifeq ($(SAN),1)
override CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined
endif

SRC_ALL  := $(sort $(wildcard src/*.c src/*/*.c))
SRC_LIB  := $(filter-out src/main.c,$(SRC_ALL))
OBJ_LIB  := $(SRC_LIB:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
TESTS_C  := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TESTS_C:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_C  := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_C:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps demo check check-asan test unit e2e bench clean
all: $(BUILD)/ansinh

deps:
	@sh tools/install-deps.sh

# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(BUILD)/%.o: %.c | $(BUILD)/gen/migrations.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Migrations are compiled into the binary as C strings.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
# A file added with an old timestamp (unpacked, copied) must still regenerate
# the embedded arrays: each list of inputs is kept in a file rewritten only
# when the list changes, and the generated source depends on it.
define input_list
$(shell mkdir -p $(BUILD)/gen; echo '$(2)' | cmp -s - $(BUILD)/gen/$(1) || echo '$(2)' > $(BUILD)/gen/$(1))
endef
$(call input_list,migrations.list,$(MIGRATIONS))
$(BUILD)/gen/migrations.c: $(BUILD)/tools/embed $(MIGRATIONS) $(BUILD)/gen/migrations.list
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(MIGRATIONS) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Web assets (CSS, JS, SVG under src/web/assets/) are compiled in as C arrays too.
ASSETS  := $(sort $(wildcard src/web/assets/*.css src/web/assets/*.js src/web/assets/*.svg))
OBJ_LIB += $(BUILD)/gen/assets.o
$(BUILD)/tools/embed-assets: tools/embed-assets.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<
$(call input_list,assets.list,$(ASSETS))
$(BUILD)/gen/assets.c: $(BUILD)/tools/embed-assets $(ASSETS) $(BUILD)/gen/assets.list
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed-assets $(ASSETS) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Bank statement profiles (profiles/bank/*.conf) are compiled in as defaults.
BANK_PROFILES := $(sort $(wildcard profiles/bank/*.conf))
OBJ_LIB += $(BUILD)/gen/bank_profiles.o
$(BUILD)/gen/bank_profiles.c: $(BUILD)/tools/embed-assets $(BANK_PROFILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed-assets $(BANK_PROFILES) | sed -e 's|"web/assets.h"|"core/bank.h"|' \
	  -e 's|struct asset assets|struct bank_profile_text bank_profile_texts|' \
	  -e 's|assets_count|bank_profile_texts_count|' > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/bank_profiles.o: $(BUILD)/gen/bank_profiles.c
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Every format the sources give to err_* (tools/err-formats.py), for the test
# of the Vietnamese message catalogue (docs/vietnamese.md).
$(BUILD)/gen/err_formats.inc: tools/err-formats.py $(SRC_ALL)
	@mkdir -p $(dir $@)
	$(Q)$(PYTHON) tools/err-formats.py $(SRC_ALL) > $@.tmp && mv $@.tmp $@
$(BUILD)/tests/test_text_messages_vi: $(BUILD)/gen/err_formats.inc

$(BUILD)/libansinh.a: $(OBJ_LIB)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/ansinh: $(BUILD)/src/main.o $(BUILD)/libansinh.a
	@$(if $(Q),echo "  LD $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libansinh.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libansinh.a $(LDLIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c $(BUILD)/libansinh.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC $<")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libansinh.a $(LDLIBS)

# cmocka prints a summary per binary; the last line is the total in the
# plain "N passed, N failed" form CI reads.
unit: $(TEST_BIN)
	@pass=0; fail=0; for t in $(TEST_BIN); do \
	  if $$t > $$t.log 2>&1; then pass=$$((pass+1)); else fail=$$((fail+1)); cat $$t.log; fi; \
	  grep -h "PASSED\|FAILED" $$t.log | sed "s|^|$$(basename $$t): |"; \
	done; echo "unit: $$pass passed, $$fail failed"; test $$fail -eq 0

e2e: $(BUILD)/ansinh
	ANSINH_BIN=$(abspath $(BUILD)/ansinh) $(PYTHON) -m pytest -q -p no:cacheprovider tests/e2e

test: unit e2e

check: deps
	$(MAKE) test
	$(MAKE) check-asan

check-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	$(MAKE) BUILD=build-asan SAN=1 OPT="-O1 -g" test

# builds, creates demo.db with one account per role (passwords printed:
# demo only) and serves it on http://127.0.0.1:8080 until Ctrl-C
demo: deps $(BUILD)/ansinh
	ANSINH_BIN=$(BUILD)/ansinh sh tools/demo-serve.sh

bench: $(BUILD)/ansinh $(BENCH_BIN)
	@sh tools/install-deps.sh bench
	sh bench/run.sh

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
