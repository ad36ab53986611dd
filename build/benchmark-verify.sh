#!/usr/bin/env bash
# Benchmark: VerifyHermetic on a real-shaped repository, as a ratio to one clean build of it.
#
#   build/benchmark-verify.sh [--runs R] [--libraries N] [--packages P] [--latency MS]
#
# The repository: N class libraries in a chain, an app, and an xunit test project with
# Microsoft.NET.Test.Sdk and coverlet.collector; P fixture packages spread over the libraries, all
# packages (the test stack's and its dependencies included, 30 and more) restored from a network
# source: a NuGet v3 feed over https on 127.0.0.1 (build/benchmark-feed.py, a certificate made for
# the run, MS of latency per request), allowed by HermeticAllowedSources, as a hosted registry is.
# A clean build is a fresh clone built with an empty packages folder and an empty HTTP cache: what
# each of VerifyHermetic's copies has to do. Runs alternate (clean, verify; verify, clean; …) and
# the table gives the medians, the median of the paired ratios and the ratio of the fastest runs.
# The test stack's packages are fetched once through the machine's own NuGet configuration
# (`dotnet restore` of a probe project into a folder of the run) to fill the feed.
set -euo pipefail
runs=3
libraries=4
packages=32
latency=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --libraries) libraries=$2; shift 2 ;;
    --packages) packages=$2; shift 2 ;;
    --latency) latency=$2; shift 2 ;;
    *) echo "usage: $0 [--runs R] [--libraries N] [--packages P] [--latency MS]" >&2; exit 2 ;;
  esac
done

. "$(dirname "${BASH_SOURCE[0]}")/benchmark-common.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/hermetic-benchmark-verify.XXXXXX")
feed_pid=""
cleanup() { [ -z "$feed_pid" ] || kill "$feed_pid" 2>/dev/null || true; [ -n "${HERMETIC_BENCHMARK_KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

# The feed's packages: fixture libraries packed here, the test stack, Hermetic.Build itself.
pack_fixture_packages "$packages" "$work/feed-packages"

test_stack='<PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
    <PackageReference Include="coverlet.collector" Version="6.0.4" />'
mkdir -p "$work/probe"
printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    %s\n  </ItemGroup>\n</Project>\n' "$test_stack" > "$work/probe/Probe.csproj"
printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" }\n}\n' "$sdk" > "$work/probe/global.json"
(cd "$work/probe" && NUGET_PACKAGES="$work/test-stack" dotnet restore -v:q -nologo >/dev/null) || { echo "could not fetch the test stack through the machine's NuGet configuration" >&2; exit 1; }
find "$work/test-stack" -name '*.nupkg' -exec cp {} "$work/feed-packages/" \;
cp "$package" "$work/feed-packages/"
count=$(ls "$work/feed-packages" | wc -l)

# The network source: https on 127.0.0.1 with a certificate made for this run, trusted through SSL_CERT_FILE.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/feed-key.pem" -out "$work/feed-cert.pem" -days 2 \
  -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1
export SSL_CERT_FILE="$work/feed-cert.pem"
python3 "$root/build/benchmark-feed.py" "$work/feed-packages" "$work/feed-cert.pem" "$work/feed-key.pem" "$latency" "$work/feed-port" &
feed_pid=$!
for _ in $(seq 1 100); do [ -s "$work/feed-port" ] && break; sleep 0.1; done
source_url="https://127.0.0.1:$(cat "$work/feed-port")/v3/index.json"

# The repository.
repo="$work/shop"
mkdir -p "$repo/src" "$repo/tests/Shop.Tests"
printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" },\n  "msbuild-sdks": { "Hermetic.Build": "%s" }\n}\n' "$sdk" "$version" > "$repo/global.json"
printf '<Project>\n  <Import Project="Sdk.props" Sdk="Hermetic.Build" />\n  <PropertyGroup><HermeticAllowedSources>%s</HermeticAllowedSources></PropertyGroup>\n</Project>\n' "$source_url" > "$repo/Directory.Build.props"
echo '<Project><Import Project="Sdk.targets" Sdk="Hermetic.Build" /></Project>' > "$repo/Directory.Build.targets"
printf '<configuration>\n  <packageSources>\n    <clear />\n    <add key="remote" value="%s" />\n  </packageSources>\n</configuration>\n' "$source_url" > "$repo/nuget.config"
printf 'bin/\nobj/\nartifacts/\n' > "$repo/.gitignore"
(cd "$repo" && dotnet new sln -n Shop --format sln >/dev/null)
previous=""
for i in $(seq 1 "$libraries"); do
  mkdir -p "$repo/src/Lib$i"
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>'
    [ -n "$previous" ] && echo "  <ItemGroup><ProjectReference Include=\"../Lib$previous/Lib$previous.csproj\" /></ItemGroup>"
    for p in $(seq "$i" "$libraries" "$packages"); do
      echo "  <ItemGroup><PackageReference Include=\"Bench.Fixture$p\" Version=\"1.0.$p\" /></ItemGroup>"
    done
    echo '</Project>'
  } > "$repo/src/Lib$i/Lib$i.csproj"
  for c in 1 2 3 4 5; do
    printf 'namespace Lib%s;\npublic static class Type%s\n{\n    public static int Value(int x) => x * %s + %s;\n}\n' "$i" "$c" "$c" "$i" > "$repo/src/Lib$i/Type$c.cs"
  done
  previous=$i
done
mkdir -p "$repo/src/App"
printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType></PropertyGroup>\n  <ItemGroup><ProjectReference Include="../Lib%s/Lib%s.csproj" /></ItemGroup>\n</Project>\n' "$libraries" "$libraries" > "$repo/src/App/App.csproj"
printf 'System.Console.WriteLine(Lib%s.Type1.Value(2));\n' "$libraries" > "$repo/src/App/Program.cs"
printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework><IsPackable>false</IsPackable></PropertyGroup>\n  <ItemGroup>\n    %s\n    <ProjectReference Include="../../src/Lib%s/Lib%s.csproj" />\n  </ItemGroup>\n</Project>\n' "$test_stack" "$libraries" "$libraries" > "$repo/tests/Shop.Tests/Shop.Tests.csproj"
printf 'namespace Shop.Tests;\npublic class ValueTests\n{\n    [Xunit.Fact]\n    public void Value_is_computed() => Xunit.Assert.Equal(%s, Lib%s.Type1.Value(2));\n}\n' "$((2 + libraries))" "$libraries" > "$repo/tests/Shop.Tests/ValueTests.cs"
(cd "$repo" && dotnet sln Shop.sln add src/*/*.csproj tests/*/*.csproj >/dev/null 2>&1)
(cd "$repo" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm shop)
# The first restore writes the lock files: commit them, as a user would.
(cd "$repo" && NUGET_PACKAGES="$work/dev-packages" NUGET_HTTP_CACHE_PATH="$work/dev-http" dotnet build Shop.sln -v:q -nologo >/dev/null) || { echo "the first build of $repo failed" >&2; exit 1; }
(cd "$repo" && git add -A && { git diff --cached --quiet || git -c user.name=bench -c user.email=bench@example.invalid commit -qm locks; })
restored=$(find "$work/dev-packages" -name '*.nupkg' | wc -l)

clean_build() {
  rm -rf "$work/clean" "$work/clean-packages" "$work/clean-http"
  git clone -q "$repo" "$work/clean"
  local start=$(date +%s%N)
  (cd "$work/clean" && NUGET_PACKAGES="$work/clean-packages" NUGET_HTTP_CACHE_PATH="$work/clean-http" dotnet build Shop.sln -v:q -nologo >/dev/null) || { echo "clean build failed" >&2; exit 1; }
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
verify() {
  local start=$(date +%s%N) rc=0
  (cd "$repo" && NUGET_PACKAGES="$work/dev-packages" dotnet msbuild Shop.sln -t:VerifyHermetic -v:q -nologo > "$work/verify.log" 2>&1) || rc=$?
  echo "$(( ($(date +%s%N) - start) / 1000000 )) $rc"
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

clean=() verified=() ratios=() results=""
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then c=$(clean_build); read -r v rc <<< "$(verify)"; else read -r v rc <<< "$(verify)"; c=$(clean_build); fi
  clean+=("$c") verified+=("$v") ratios+=("$(ratio "$v" "$c")") results+="$([ "$rc" = 0 ] && echo passed || echo "failed (exit $rc)") "
done
fastest_clean=$(printf '%s\n' "${clean[@]}" | sort -n | head -n 1)
fastest_verify=$(printf '%s\n' "${verified[@]}" | sort -n | head -n 1)
isolation=$(sed -n 's/.*"isolation": *"\([a-z]*\)".*/\1/p' "$repo/artifacts/hermetic/verify.json" 2>/dev/null | head -n 1)
echo "Hermetic.Build $version, .NET SDK $sdk; $libraries libraries, an app and an xunit test project; $restored packages restored from an https feed on 127.0.0.1 ($latency ms per request); isolation: ${isolation:-unknown}"
echo "VerifyHermetic results: $results"
echo
echo "| runs | clean build (median) | VerifyHermetic (median) | paired ratio (median) | fastest ratio |"
echo "|------|----------------------|-------------------------|-----------------------|---------------|"
printf '| %4s | %17s ms | %20s ms | %20s× | %s× (%s / %s ms) |\n' "$runs" "$(printf '%s\n' "${clean[@]}" | median)" \
  "$(printf '%s\n' "${verified[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median | awk '{ printf "%.3f", $1 }')" \
  "$(ratio "$fastest_verify" "$fastest_clean")" "$fastest_verify" "$fastest_clean"
[ -z "${HERMETIC_BENCHMARK_KEEP:-}" ] || echo "kept: $work (VerifyHermetic's last log: $work/verify.log)"
