# clusterscale — every entry point a developer, CI or a user needs. `make demo` and `make test` are the two
# set-up commands; both build what they need first.
SHELL        := /bin/bash
.DEFAULT_GOAL := build
CONFIG       ?= Release
RID          ?= linux-x64
VERSION      := 0.1.0
PLUGIN_DIR   := artifacts/plugin
PLUGIN       := $(PLUGIN_DIR)/pulumi-resource-clusterscale
HARNESS      := dotnet tests/Harness/bin/$(CONFIG)/net10.0/Harness.dll
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: build plugin test demo bench schema install clean check-dotnet

check-dotnet:
	@command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2; exit 1; }

# The plugin is published as a Native AOT binary (PublishAot in Provider.csproj) for a fast cold start; the engine
# runs $(PLUGIN) directly. Native AOT links with the system C toolchain (clang, or gcc as its fallback).
plugin: check-dotnet
	@command -v clang >/dev/null || command -v gcc >/dev/null || { echo "installing clang for the Native AOT link" >&2; \
		apt-get update -qq && apt-get install -y -qq clang zlib1g-dev; }
	dotnet publish provider/Provider.csproj -c $(CONFIG) -r $(RID) -o $(PLUGIN_DIR) -v quiet -nologo

build: plugin
	dotnet build Provider.sln -c $(CONFIG) -v quiet -nologo

# Ends with one plain 'N passed, N failed, N skipped' line summing every test assembly, for CI's reader.
test: build
	mkdir -p artifacts
	dotnet test Provider.sln -c $(CONFIG) --no-build -v minimal -nologo 2>&1 | tee artifacts/test.log; rc=$${PIPESTATUS[0]}; \
	awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { f += $$2; p += $$4; s += $$6 } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test.log; \
	exit $$rc

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
