# clusterscale — every entry point a developer, CI or a user needs. `make demo` and `make test` are the two
# set-up commands; both build what they need first.
SHELL        := /bin/bash
.DEFAULT_GOAL := build
CONFIG       ?= Release
RID          ?= linux-x64
# The package version, as the plugin serves it (sdk/schema.json is held to the served schema by a conformance test).
VERSION      := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' sdk/schema.json)
PLUGIN_DIR   := artifacts/plugin
PLUGIN_NAME  := pulumi-resource-clusterscale
PLUGIN       := $(PLUGIN_DIR)/$(PLUGIN_NAME)
HARNESS      := dotnet tests/Harness/bin/$(CONFIG)/net10.0/Harness.dll
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: build plugin test open-world demo bench schema install dist clean check-dotnet check-node nodejs

check-dotnet:
	@command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2; exit 1; }

# The plugin is published as a Native AOT binary (PublishAot in Provider.csproj) for a fast cold start; the engine
# runs $(PLUGIN) directly. Native AOT links with the system C toolchain (clang, or gcc as its fallback).
plugin: check-dotnet
	@command -v clang >/dev/null || command -v gcc >/dev/null || { echo "installing clang for the Native AOT link" >&2; \
		apt-get update -qq && apt-get install -y -qq clang zlib1g-dev; }
	dotnet publish provider/Provider.csproj -c $(CONFIG) -r $(RID) -o $(PLUGIN_DIR) -v quiet -nologo

# Release archives in the layout the engine downloads and unpacks (spec §10): for each platform,
# artifacts/dist/pulumi-resource-clusterscale-v$(VERSION)-<os>-<arch>.tar.gz holding the executable
# pulumi-resource-clusterscale at the archive root (plus README.md and LICENSE when present). Upload them as the assets
# of release v$(VERSION) at the schema's pluginDownloadURL and `pulumi` installs the plugin by itself.
# linux-amd64 is the plugin `make plugin` builds; linux-arm64 is cross-compiled only where the toolchain exists
# (`apt-get install clang lld llvm gcc-aarch64-linux-gnu libc6-dev-arm64-cross`: clang finds Debian's cross libc and
# libgcc by itself given the target, which Native AOT passes; lld links, llvm-objcopy strips).
DIST_DIR     := artifacts/dist
DIST_FILES   := $(PLUGIN_NAME) $(wildcard README.md LICENSE)

dist: plugin
	rm -rf $(DIST_DIR) && mkdir -p $(DIST_DIR)/linux-amd64
	cp $(PLUGIN) $(DIST_DIR)/linux-amd64/
	@if command -v clang >/dev/null && command -v ld.lld >/dev/null && command -v llvm-objcopy >/dev/null \
		&& [ -d /usr/aarch64-linux-gnu/lib ] && [ -d /usr/lib/gcc-cross/aarch64-linux-gnu ]; then \
		dotnet publish provider/Provider.csproj -c $(CONFIG) -r linux-arm64 -o $(DIST_DIR)/linux-arm64 -v quiet -nologo \
			-p:LinkerFlavor=lld -p:ObjCopyName=llvm-objcopy || exit 1; \
	else \
		echo "dist: no linux-arm64 archive: this machine has no aarch64 cross toolchain (clang, lld, llvm, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross)" >&2; \
	fi
	@for platform in $$(ls $(DIST_DIR)); do \
		archive=$(DIST_DIR)/pulumi-resource-clusterscale-v$(VERSION)-$$platform.tar.gz; \
		cp $(filter-out $(PLUGIN_NAME),$(DIST_FILES)) $(DIST_DIR)/$$platform/ 2>/dev/null; \
		tar -czf $$archive -C $(DIST_DIR)/$$platform --owner=0 --group=0 $(DIST_FILES) || exit 1; \
		rm -rf $(DIST_DIR)/$$platform; \
		listed=$$(tar -tzf $$archive | sort | tr '\n' ' '); expected=$$(printf '%s\n' $(DIST_FILES) | sort | tr '\n' ' '); \
		[ "$$listed" = "$$expected" ] || { echo "dist: $$archive holds '$$listed', expected '$$expected'" >&2; exit 1; }; \
		tar -tvzf $$archive | grep -q '^-rwx.* $(PLUGIN_NAME)$$' || { echo "dist: $(PLUGIN_NAME) is not executable in $$archive" >&2; exit 1; }; \
		echo "$$archive: $$listed"; \
	done

build: plugin
	dotnet build Provider.sln -c $(CONFIG) -v quiet -nologo

# The TypeScript SDK (sdk/nodejs), its tests and the TypeScript example, installed from their committed lockfiles:
# `npm ci` fetches exactly the pinned typescript, @types/node and @pulumi/pulumi (the real Node.js SDK). The SDK builds
# to sdk/nodejs/bin (with package.json beside it, which the SDK reads its version from), the example links that build.
NODE_SDK     := sdk/nodejs
TS_EXAMPLE   := examples/typescript-observer
NPM_CI       := npm ci --no-audit --no-fund --loglevel=error

check-node:
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "installing Node.js and npm for the TypeScript SDK" >&2; \
		apt-get update -qq && apt-get install -y -qq nodejs npm; }
	@[ "$$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || { echo "Node.js 20 or later is required (found $$(node --version)): https://nodejs.org" >&2; exit 1; }

nodejs: check-node
	cd $(NODE_SDK) && $(NPM_CI) && npx tsc && cp package.json README.md bin/ && npx tsc -p tests
	cd $(TS_EXAMPLE) && $(NPM_CI) && npx tsc

# Ends with one plain 'N passed, N failed, N skipped' line summing every test assembly and node's test runner
# (the TypeScript SDK's tests under @pulumi/pulumi's mocks, the example among them), for CI's reader. Just above it come
# the open-world campaign's line and each failed test with its message, so a reader of the log's tail sees what failed.
test: build nodejs
	mkdir -p artifacts
	dotnet test Provider.sln -c $(CONFIG) --no-build -v minimal -nologo 2>&1 | tee artifacts/test.log; rc=$${PIPESTATUS[0]}; \
	(cd $(NODE_SDK) && node --test --test-reporter=tap test-bin/*.test.js) 2>&1 | tee artifacts/test-nodejs.log; noderc=$${PIPESTATUS[0]}; \
	grep -h '^open-world:' artifacts/reliability.log 2>/dev/null | tail -n 1; \
	awk '/^  Failed / { shown = 0; failing = 1 } /^  Stack Trace:/ { failing = 0 } \
		failing && shown++ < 12 { print "failed test: " $$0 }' artifacts/test.log; \
	grep -h -B1 '^not ok ' artifacts/test-nodejs.log | sed 's/^/failed test: /'; \
	awk '/(Passed|Failed)! +- Failed:/ { split($$0, n, /[:,]/); f += n[2]; p += n[4]; s += n[6] } \
		/^# pass / { p += $$3 } /^# (fail|cancelled) / { f += $$3 } /^# skipped / { s += $$3 } \
		END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test.log artifacts/test-nodejs.log; \
	exit $$(( rc || noderc ))

# The open-world campaign's long mode (issue 21): 90 rounds, no time limit; `make test` runs 18. Its last line in
# artifacts/reliability.log counts what it did and every violation; CLUSTERSCALE_SEED replays a campaign,
# CLUSTERSCALE_ROUND_SEED a round.
open-world: build
	mkdir -p artifacts
	CLUSTERSCALE_LONG_TESTS=1 dotnet test tests/Conformance.Tests -c $(CONFIG) --no-build -v minimal -nologo --filter "FullyQualifiedName~OpenWorldCampaignTests"; \
	rc=$$?; grep '^open-world:' artifacts/reliability.log | tail -n 1; exit $$rc

demo: build
	$(HARNESS) demo --plugin $(PLUGIN)

bench: build
	$(HARNESS) bench --plugin $(PLUGIN)

# Asks the built plugin for its schema over gRPC, as `pulumi package get-schema` does.
schema: build
	$(HARNESS) schema --plugin $(PLUGIN) --out sdk/schema.json

# Installs the plugin where the Pulumi engine looks for it (the same place `pulumi plugin install --file` uses).
install: plugin
	@if command -v pulumi >/dev/null; then \
		pulumi plugin install resource clusterscale $(VERSION) --file $(PLUGIN_DIR); \
	else \
		dest="$${PULUMI_HOME:-$$HOME/.pulumi}/plugins/resource-clusterscale-v$(VERSION)"; \
		mkdir -p "$$dest" && cp -r $(PLUGIN_DIR)/. "$$dest/" && touch "$$dest.lock" && echo "installed to $$dest"; \
	fi

clean:
	rm -rf artifacts; find . -name bin -o -name obj | grep -E '/(bin|obj)$$' | xargs rm -rf
