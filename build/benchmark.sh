#!/usr/bin/env bash
# Benchmark: what Hermetic.Build costs a build, as a ratio against the same build without it,
# measured in one run on one machine.
#
#   build/benchmark.sh [--projects N] [--packages P] [--runs R]
#
# Generates a solution of N class libraries (each referencing the previous one and P/N of P
# fixture packages, packed by the script into a local feed) twice — once with Hermetic.Build
# switched on repository-wide, once without — restores and builds both, then times paired runs
# (without/with, then with/without, …) of:
#   no-op   `dotnet build` with nothing changed (incremental: the case developers live in)
#   full    `dotnet build --no-incremental` (everything compiled again)
# and prints the median of each and the ratio with/without; then, for the Hermetic.Build
# repository, `dotnet msbuild Bench.sln -t:VerifyHermetic` against one clean build (a fresh
# clone restored into an empty packages folder and built: what each of VerifyHermetic's two
# copies does). Offline: the packages come from artifacts/package (packed first if missing) and
# from fixture packages the script packs. Manifest hashing against sha256sum: build/benchmark-hash.sh.
set -euo pipefail
projects=10
packages=20
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --projects) projects=$2; shift 2 ;;
    --packages) packages=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--projects N] [--packages P] [--runs R]" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
package=$(ls "$root"/artifacts/package/Hermetic.Build.*.nupkg 2>/dev/null | head -n 1 || true)
if [ -z "$package" ]; then
  dotnet pack "$root/Hermetic.Build.sln" -c Release -o "$root/artifacts/package" -nodeReuse:false -v:q >/dev/null
  package=$(ls "$root"/artifacts/package/Hermetic.Build.*.nupkg | head -n 1)
fi
version=$(basename "$package" .nupkg); version=${version#Hermetic.Build.}
sdk=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/global.json" | head -n 1)

work=$(mktemp -d "${TMPDIR:-/tmp}/hermetic-benchmark.XXXXXX")
[ -n "${HERMETIC_BENCHMARK_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
unset CI TF_BUILD GITHUB_ACTIONS

# The fixture packages: tiny class libraries, packed once (one pack of a generated solution).
make_fixture_packages() {
  local dir="$work/fixtures" i
  mkdir -p "$dir"
  printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" }\n}\n' "$sdk" > "$dir/global.json"
  printf '<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n' > "$dir/nuget.config"
  (cd "$dir" && dotnet new sln -n Fixtures --format sln >/dev/null)
  for i in $(seq 1 "$packages"); do
    mkdir -p "$dir/Fixture$i"
    printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>Bench.Fixture%s</PackageId><Version>1.0.%s</Version></PropertyGroup>\n</Project>\n' "$i" "$i" > "$dir/Fixture$i/Fixture$i.csproj"
    printf 'namespace Bench.Fixture%s;\npublic static class Api\n{\n    public static int Value => %s;\n}\n' "$i" "$i" > "$dir/Fixture$i/Api.cs"
  done
  (cd "$dir" && dotnet sln Fixtures.sln add Fixture*/Fixture*.csproj >/dev/null 2>&1)
  (cd "$dir" && dotnet pack Fixtures.sln -c Release -o "$work/fixture-feed" -v:q -nologo >/dev/null)
}
[ "$packages" -gt 0 ] && make_fixture_packages

make_repository() { # DIR WITH_HERMETIC
  local dir=$1 with=$2
  mkdir -p "$dir/feed"
  cp "$package" "$dir/feed/"
  [ "$packages" -gt 0 ] && cp "$work"/fixture-feed/*.nupkg "$dir/feed/"
  printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" },\n  "msbuild-sdks": { "Hermetic.Build": "%s" }\n}\n' "$sdk" "$version" > "$dir/global.json"
  printf 'bin/\nobj/\n' > "$dir/.gitignore"
  printf '<configuration>\n  <packageSources>\n    <clear />\n    <add key="feed" value="feed" />\n  </packageSources>\n</configuration>\n' > "$dir/nuget.config"
  if [ "$with" = yes ]; then
    echo '<Project><Import Project="Sdk.props" Sdk="Hermetic.Build" /></Project>' > "$dir/Directory.Build.props"
    echo '<Project><Import Project="Sdk.targets" Sdk="Hermetic.Build" /></Project>' > "$dir/Directory.Build.targets"
  else
    echo '<Project />' > "$dir/Directory.Build.props"
    echo '<Project />' > "$dir/Directory.Build.targets"
  fi
  (cd "$dir" && dotnet new sln -n Bench --format sln >/dev/null)
  local i previous=""
  for i in $(seq 1 "$projects"); do
    mkdir -p "$dir/Lib$i"
    {
      echo '<Project Sdk="Microsoft.NET.Sdk">'
      echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>'
      [ -n "$previous" ] && echo "  <ItemGroup><ProjectReference Include=\"../Lib$previous/Lib$previous.csproj\" /></ItemGroup>"
      # Packages spread over the projects: project i references packages i, i+N, i+2N, …
      local p
      for p in $(seq "$i" "$projects" "$packages"); do
        echo "  <ItemGroup><PackageReference Include=\"Bench.Fixture$p\" Version=\"1.0.$p\" /></ItemGroup>"
      done
      echo '</Project>'
    } > "$dir/Lib$i/Lib$i.csproj"
    for c in 1 2 3 4 5; do
      printf 'namespace Lib%s;\npublic static class Type%s\n{\n    public static int Value(int x) => x * %s + %s;\n}\n' "$i" "$c" "$c" "$i" > "$dir/Lib$i/Type$c.cs"
    done
    previous=$i
  done
  (cd "$dir" && dotnet sln Bench.sln add Lib*/Lib*.csproj >/dev/null 2>&1 || true)
  (cd "$dir" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.invalid commit -qm bench)
  (cd "$dir" && dotnet build Bench.sln -v:q -nologo >/dev/null)
  # The first restore wrote the lock files (with Hermetic.Build): commit them, as a user would.
  (cd "$dir" && git add -A && { git diff --cached --quiet || git -c user.name=bench -c user.email=bench@example.invalid commit -qm locks; })
}

make_repository "$work/plain" no
make_repository "$work/hermetic" yes

time_build() { # DIR ARGS... -> milliseconds
  local dir=$1; shift
  local start end
  start=$(date +%s%N)
  (cd "$dir" && dotnet build Bench.sln --no-restore -v:q -nologo "$@" >/dev/null) || { echo "build failed in $dir" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

measure() { # NAME ARGS...
  local name=$1; shift
  local plain=() hermetic=() i
  time_build "$work/plain" "$@" >/dev/null; time_build "$work/hermetic" "$@" >/dev/null  # warm the file cache
  for i in $(seq 1 "$runs"); do
    # Alternate which goes first (ABBA), so a drift of the machine's speed favours neither.
    if [ $((i % 2)) -eq 1 ]; then
      plain+=("$(time_build "$work/plain" "$@")")
      hermetic+=("$(time_build "$work/hermetic" "$@")")
    else
      hermetic+=("$(time_build "$work/hermetic" "$@")")
      plain+=("$(time_build "$work/plain" "$@")")
    fi
  done
  local p h
  p=$(printf '%s\n' "${plain[@]}" | median)
  h=$(printf '%s\n' "${hermetic[@]}" | median)
  printf '| %-6s | %8s ms | %8s ms | %6s× |\n' "$name" "$p" "$h" "$(awk -v h="$h" -v p="$p" 'BEGIN { printf "%.3f", h / p }')"
}

echo "Hermetic.Build $version, .NET SDK $sdk, $projects projects, $packages packages, median of $runs paired runs"
echo
echo "| build  | without     | with        | ratio   |"
echo "|--------|-------------|-------------|---------|"
measure no-op
measure full --no-incremental

# VerifyHermetic against one clean build of the same repository.
verify_runs=$(( runs < 3 ? runs : 3 ))
clean=() verify=()
for i in $(seq 1 "$verify_runs"); do
  rm -rf "$work/clean" "$work/cold-packages"
  git clone -q "$work/hermetic" "$work/clean"
  start=$(date +%s%N)
  (cd "$work/clean" && NUGET_PACKAGES="$work/cold-packages" dotnet build Bench.sln -v:q -nologo >/dev/null) || { echo "clean build failed" >&2; exit 1; }
  clean+=($(( ($(date +%s%N) - start) / 1000000 )))
  start=$(date +%s%N)
  (cd "$work/hermetic" && dotnet msbuild Bench.sln -t:VerifyHermetic -v:q -nologo >/dev/null) || { echo "VerifyHermetic failed in $work/hermetic" >&2; exit 1; }
  verify+=($(( ($(date +%s%N) - start) / 1000000 )))
done
c=$(printf '%s\n' "${clean[@]}" | median)
v=$(printf '%s\n' "${verify[@]}" | median)
echo
echo "| run           | clean build | VerifyHermetic | ratio   |"
echo "|---------------|-------------|----------------|---------|"
printf '| median of %-3s | %8s ms | %11s ms | %6s× |\n' "$verify_runs" "$c" "$v" "$(awk -v v="$v" -v c="$c" 'BEGIN { printf "%.3f", v / c }')"
