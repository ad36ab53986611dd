#!/usr/bin/env bash
# Benchmark: what Hermetic.Build costs a build, as a ratio against the same build without it,
# measured in one run on one machine.
#
#   build/benchmark.sh [--projects N] [--packages P] [--runs R] [--full-runs F]
#
# Generates a solution of N class libraries (each referencing the previous one and P/N of P
# fixture packages, packed by the script into a local feed) three times — without Hermetic.Build,
# with it switched on repository-wide, and with an empty SDK package in its place (the control:
# what resolving any SDK package through NuGet's SDK resolver costs) — restores and builds each,
# then times runs in rotating order (so a drift of the machine's speed favours none) of:
#   no-op             `dotnet build` with nothing changed (restore included: the developer's loop)
#   no-op, no restore `dotnet build --no-restore` with nothing changed
#   full              `dotnet build --no-restore --no-incremental` (everything compiled again)
#   full, fresh clone `dotnet build` of a fresh clone into an empty packages folder (nothing cached)
# and prints the median time of each and the median of the per-round (paired) ratios against the build
# without, with their interquartile range; then, from -clp:PerformanceSummary, the share of the
# target time that Hermetic.Build's targets take in each kind of build (a ratio within one build,
# which the machine's speed does not move); then the first call of each Hermetic.Build task in a
# build process against its later calls; then, for the Hermetic.Build repository,
# `dotnet msbuild Bench.sln -t:VerifyHermetic` against one clean build (a fresh
# clone restored into an empty packages folder and built: what each of VerifyHermetic's two
# copies does). Offline: the packages come from artifacts/package (packed first if missing) and
# from fixture packages the script packs. Manifest hashing against sha256sum: build/benchmark-hash.sh.
set -euo pipefail
projects=10
packages=20
runs=10
full_runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --projects) projects=$2; shift 2 ;;
    --packages) packages=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --full-runs) full_runs=$2; shift 2 ;;
    *) echo "usage: $0 [--projects N] [--packages P] [--runs R] [--full-runs F]" >&2; exit 2 ;;
  esac
done

. "$(dirname "${BASH_SOURCE[0]}")/benchmark-common.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/hermetic-benchmark.XXXXXX")
[ -n "${HERMETIC_BENCHMARK_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$work/packages"

[ "$packages" -gt 0 ] && pack_fixture_packages "$packages" "$work/fixture-feed"

# The control: an SDK package whose Sdk.props and Sdk.targets are empty, resolved the same way.
make_empty_sdk_package() {
  local dir="$work/empty-sdk"
  mkdir -p "$dir/Sdk"
  printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" }\n}\n' "$sdk" > "$dir/global.json"
  printf '<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n' > "$dir/nuget.config"
  echo '<Project />' > "$dir/Sdk/Sdk.props"
  echo '<Project />' > "$dir/Sdk/Sdk.targets"
  cat > "$dir/EmptySdk.csproj" <<'PROJECT'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <PackageId>Bench.EmptySdk</PackageId>
    <Version>1.0.0</Version>
    <PackageType>MSBuildSdk</PackageType>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <SuppressDependenciesWhenPacking>true</SuppressDependenciesWhenPacking>
    <NoWarn>$(NoWarn);NU5128</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <None Include="Sdk/*" Pack="true" PackagePath="Sdk/" />
  </ItemGroup>
</Project>
PROJECT
  (cd "$dir" && dotnet pack EmptySdk.csproj -o "$work/empty-sdk-feed" -v:q -nologo >/dev/null)
}
make_empty_sdk_package

make_repository() { # DIR VARIANT (plain | empty | hermetic)
  local dir=$1 variant=$2 sdk_name="" sdk_version=""
  mkdir -p "$dir/feed"
  [ "$packages" -gt 0 ] && cp "$work"/fixture-feed/*.nupkg "$dir/feed/"
  case "$variant" in
    hermetic) sdk_name=Hermetic.Build sdk_version=$version; cp "$package" "$dir/feed/" ;;
    empty) sdk_name=Bench.EmptySdk sdk_version=1.0.0; cp "$work"/empty-sdk-feed/*.nupkg "$dir/feed/" ;;
  esac
  if [ -n "$sdk_name" ]; then
    printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" },\n  "msbuild-sdks": { "%s": "%s" }\n}\n' "$sdk" "$sdk_name" "$sdk_version" > "$dir/global.json"
    echo "<Project><Import Project=\"Sdk.props\" Sdk=\"$sdk_name\" /></Project>" > "$dir/Directory.Build.props"
    echo "<Project><Import Project=\"Sdk.targets\" Sdk=\"$sdk_name\" /></Project>" > "$dir/Directory.Build.targets"
  else
    printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" }\n}\n' "$sdk" > "$dir/global.json"
    echo '<Project />' > "$dir/Directory.Build.props"
    echo '<Project />' > "$dir/Directory.Build.targets"
  fi
  printf 'bin/\nobj/\n' > "$dir/.gitignore"
  printf '<configuration>\n  <packageSources>\n    <clear />\n    <add key="feed" value="feed" />\n  </packageSources>\n</configuration>\n' > "$dir/nuget.config"
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
  # The first restore wrote the lock files (with Hermetic.Build): commit them, as a user would;
  # the next build restores in locked mode, so build once more before timing.
  (cd "$dir" && git add -A && { git diff --cached --quiet || git -c user.name=bench -c user.email=bench@example.invalid commit -qm locks; })
  (cd "$dir" && dotnet build Bench.sln -v:q -nologo >/dev/null)
}

variants=(plain empty hermetic)
for v in "${variants[@]}"; do make_repository "$work/$v" "$v"; done

time_build() { # DIR ARGS... -> milliseconds
  local dir=$1; shift
  local start end
  start=$(date +%s%N)
  (cd "$dir" && dotnet build Bench.sln -v:q -nologo "$@" >/dev/null) || { echo "build failed in $dir" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
quartiles() { sort -n | awk '{ a[NR] = $1 } END { printf "%.3f–%.3f", a[int((NR + 3) / 4)], a[int((3 * NR + 3) / 4)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
median_ratio() { median | awk '{ printf "%.3f", $1 }'; }
fastest() { sort -n | head -n 1; }

# Times every variant once per round, in rotating order (so a drift of the machine's speed favours
# none), and reports per variant the median time and the median of its per-round ratios to the
# build without (paired: the two builds of a ratio ran seconds apart, so the machine's slower and
# faster minutes cancel out), with the interquartile range of those ratios; and the ratio of the
# fastest runs (the machine's noise only ever adds time, so the fastest run of each variant is the
# one least disturbed).
measure() { # NAME ROUNDS VARIANT... -- ARGS...
  local name=$1 rounds=$2; shift 2
  local names=() args=() i j n
  while [ "$1" != "--" ]; do names+=("$1"); shift; done; shift
  args=("$@")
  n=${#names[@]}
  declare -A times=() last=() ratios=()
  for j in "${names[@]}"; do time_build "$work/$j" "${args[@]}" >/dev/null; done  # warm the file cache
  for i in $(seq 1 "$rounds"); do
    for j in $(seq 0 $((n - 1))); do
      local v=${names[$(( (i + j) % n ))]}
      last[$v]=$(time_build "$work/$v" "${args[@]}")
      times[$v]+="${last[$v]} "
    done
    for v in "${names[@]}"; do [ "$v" = plain ] || ratios[$v]+="$(ratio "${last[$v]}" "${last[plain]}") "; done
    [ -n "${last[empty]:-}" ] && ratios[hermetic_empty]+="$(ratio "${last[hermetic]}" "${last[empty]}") "
  done
  local plain hermetic cells
  plain=$(printf '%s\n' ${times[plain]} | median)
  hermetic=$(printf '%s\n' ${times[hermetic]} | median)
  cells="$(printf '%8.0f ms' "$plain") | "
  if [ -n "${times[empty]:-}" ]; then
    cells+="$(printf '%8.0f ms' "$(printf '%s\n' ${times[empty]} | median)") | "
  else
    cells+="$(printf '%11s' -) | "
  fi
  cells+="$(printf '%8.0f ms' "$hermetic") | "
  cells+="$(printf '%s\n' ${ratios[hermetic]} | median_ratio)× ($(printf '%s\n' ${ratios[hermetic]} | quartiles)) | "
  if [ -n "${times[empty]:-}" ]; then
    cells+="$(printf '%s\n' ${ratios[empty]} | median_ratio)× | $(printf '%s\n' ${ratios[hermetic_empty]} | median_ratio)× | "
  else
    cells+="- | - | "
  fi
  local fastest_plain fastest_hermetic
  fastest_plain=$(printf '%s\n' ${times[plain]} | fastest)
  fastest_hermetic=$(printf '%s\n' ${times[hermetic]} | fastest)
  cells+="$(ratio "$fastest_hermetic" "$fastest_plain")× ($fastest_hermetic / $fastest_plain ms) | "
  if [ -n "${times[empty]:-}" ]; then
    cells+="$(ratio "$fastest_hermetic" "$(printf '%s\n' ${times[empty]} | fastest)")×"
  else
    cells+="-"
  fi
  printf '| %-17s | %s |\n' "$name" "$cells"
}

echo "Hermetic.Build $version, .NET SDK $sdk, $projects projects, $packages packages; $runs rounds (no-op), $full_runs (full)"
echo
echo "| build             | without     | empty SDK   | with        | with/without (IQR) | empty/without | with/empty | fastest with/without | fastest with/empty |"
echo "|-------------------|-------------|-------------|-------------|--------------------|---------------|------------|----------------------|--------------------|"
measure "no-op" "$runs" plain empty hermetic --
measure "no-op, no restore" "$runs" plain empty hermetic -- --no-restore
measure "full" "$full_runs" plain hermetic -- --no-restore --no-incremental

# A first build of a fresh clone, with an empty packages folder (restore from the repository's feed
# included): every check runs and every package is hashed, nothing cached. Paired rounds, without
# and with, in alternating order.
cold_build() { # VARIANT -> milliseconds
  local v=$1 start
  rm -rf "$work/cold-$v" "$work/cold-packages-$v"
  git clone -q "$work/$v" "$work/cold-$v"
  start=$(date +%s%N)
  (cd "$work/cold-$v" && NUGET_PACKAGES="$work/cold-packages-$v" dotnet build Bench.sln -v:q -nologo >/dev/null) || { echo "cold build failed in $work/cold-$v" >&2; exit 1; }
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
cold_plain=() cold_hermetic=() cold_ratios=()
for i in $(seq 1 "$full_runs"); do
  if [ $((i % 2)) -eq 1 ]; then p=$(cold_build plain); h=$(cold_build hermetic); else h=$(cold_build hermetic); p=$(cold_build plain); fi
  cold_plain+=("$p") cold_hermetic+=("$h") cold_ratios+=("$(ratio "$h" "$p")")
done
rm -rf "$work"/cold-*
cold_fastest_plain=$(printf '%s\n' "${cold_plain[@]}" | fastest)
cold_fastest_hermetic=$(printf '%s\n' "${cold_hermetic[@]}" | fastest)
printf '| %-17s | %8.0f ms | %11s | %8.0f ms | %s× (%s) | - | - | %s× (%s / %s ms) | - |\n' "full, fresh clone" \
  "$(printf '%s\n' "${cold_plain[@]}" | median)" - "$(printf '%s\n' "${cold_hermetic[@]}" | median)" \
  "$(printf '%s\n' "${cold_ratios[@]}" | median_ratio)" "$(printf '%s\n' "${cold_ratios[@]}" | quartiles)" \
  "$(ratio "$cold_fastest_hermetic" "$cold_fastest_plain")" "$cold_fastest_hermetic" "$cold_fastest_plain"

# Within one build, the share of MSBuild's target time that Hermetic.Build's targets take
# (-clp:PerformanceSummary): a ratio of two parts of the same build, so the machine's speed, which
# moves whole-build times by ±15 % here, cancels out. Targets that only wait for other projects
# (Build, ResolveProjectReferences, the solution's and restore's traversal targets) are left out.
profile_share() { # ARGS... -> "hermetic-ms total-ms share"
  (cd "$work/hermetic" && dotnet build Bench.sln -nologo -v:m -clp:PerformanceSummary "$@") |
    awk '/Target Performance Summary/ { t = 1; next } /Task Performance Summary/ { t = 0 }
         t && $2 == "ms" {
           if ($3 ~ /^(Build|Rebuild|ResolveProjectReferences|_GetProjectReferenceTargetFrameworkProperties|Restore|_GenerateRestoreGraph|_GenerateRestoreGraphWalk|_GenerateRestoreGraphWalkPerFramework|_GetAllRestoreProjectPathItems|_FilterRestoreGraphProjectInputItems|_GenerateRestoreProjectPathWalk|_GenerateRestoreGraphProjectEntry)$/) next
           if ($3 ~ /Hermetic/) h += $1; else o += $1 }
         END { printf "%d %d %.4f\n", h, h + o, h / (h + o) }'
}
profile() { # NAME ARGS...
  local name=$1 i shares="" last
  shift
  for i in 1 2 3; do last=$(profile_share "$@"); shares+="$(echo "$last" | cut -d' ' -f3) "; done
  printf '| %-17s | %36s | %43s |\n' "$name" "$(echo "$last" | awk '{ printf "%d of %d ms", $1, $2 }')" \
    "$(printf '%s\n' $shares | median | awk '{ printf "%.1f %%", $1 * 100 }')"
}
echo
echo "| build (with)      | Hermetic.Build's targets, last build | their share of the target time, median of 3 |"
echo "|-------------------|--------------------------------------|---------------------------------------------|"
profile "no-op"
profile "no-op, no restore" --no-restore
profile "full" --no-restore --no-incremental

# First calls: what a task costs the first time a build process runs it (loading the task assembly,
# LibGit2Sharp's native library, NuGet.Packaging) against its later calls. A fresh clone built on
# one node: Lib1 alone (each task's only call is a first call), then the whole solution.
task_times() { # ENTRY -> lines "task total-ms calls"
  rm -rf "$work/first" "$work/first-packages"
  git clone -q "$work/hermetic" "$work/first"
  (cd "$work/first" && NUGET_PACKAGES="$work/first-packages" dotnet build "$1" -m:1 -nologo -v:m -clp:PerformanceSummary) |
    awk '/Task Performance Summary/ { t = 1; next } t && $2 == "ms" && $3 ~ /^Hermetic\.Build\./ { print $3, $1, $4 }'
}
task_times Lib1/Lib1.csproj > "$work/first-alone"
task_times Bench.sln > "$work/first-all"
echo
echo "| task (fresh clone, one node)                          | first call | later calls, each |"
echo "|-------------------------------------------------------|------------|-------------------|"
while read -r task first _; do
  read -r total calls < <(awk -v t="$task" '$1 == t { print $2, $3 }' "$work/first-all")
  later=$(awk -v f="$first" -v t="${total:-0}" -v c="${calls:-1}" 'BEGIN { if (c > 1) printf "%.0f ms", (t - f) / (c - 1); else print "-" }')
  printf '| %-53s | %7s ms | %17s |\n' "$task" "$first" "$later"
done < "$work/first-alone"

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
