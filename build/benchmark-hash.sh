#!/usr/bin/env bash
# Hashing throughput of Hermetic.Build's manifest hashing (Core/FileHash, as
# WriteBuildManifest calls it) against `sha256sum` on the same files.
#
#   build/benchmark-hash.sh [--large-mib N] [--large-files K] [--small-files M] [--runs R] [--keep DIR]
#
# Generates K files of N MiB and M files of 16 KiB (random bytes), reads them once so both tools
# hash from the page cache, then times R runs of each:
#   sha256sum          one process over all files (its own buffered reads)
#   FileHash serial    Hermetic.Build's streamed SHA-256, one file after another
#   FileHash parallel  the same, several files at once, as the manifest task does
# and prints MB/s and the ratio to sha256sum (the goal: at least 0.8x for serial hashing).
# Needs the task library built: dotnet build Hermetic.Build.sln -c Release
set -euo pipefail

large_mib=128
large_files=4
small_files=2000
runs=5
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --large-mib) large_mib="$2"; shift 2 ;;
    --large-files) large_files="$2"; shift 2 ;;
    --small-files) small_files="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
tasks="$root/src/Hermetic.Build.Tasks/bin/Release/net10.0/Hermetic.Build.Tasks.dll"
if [ ! -f "$tasks" ]; then
  echo "Build the task library first: dotnet build $root/Hermetic.Build.sln -c Release" >&2
  exit 1
fi

work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
if [ -z "$keep" ]; then trap 'rm -rf "$work"' EXIT; fi
data="$work/data"
mkdir -p "$data/small"

echo "Generating $large_files x $large_mib MiB and $small_files x 16 KiB in $data ..."
for i in $(seq 1 "$large_files"); do
  [ -f "$data/large-$i.bin" ] || head -c "$((large_mib * 1024 * 1024))" /dev/urandom > "$data/large-$i.bin"
done
for i in $(seq 1 "$small_files"); do
  [ -f "$data/small/$i.bin" ] || head -c 16384 /dev/urandom > "$data/small/$i.bin"
done
find "$data" -type f | LC_ALL=C sort > "$work/files.txt"
total_bytes=$(xargs -a "$work/files.txt" -d '\n' stat -c %s | awk '{ s += $1 } END { print s }')
xargs -a "$work/files.txt" -d '\n' cat > /dev/null # into the page cache

# A throwaway console program that calls the built task library.
sdk_dir="$(dirname "$(command -v dotnet)")"
framework_dll="$(dotnet --list-sdks | awk 'END { gsub(/[\[\]]/, "", $2); print $2 "/" $1 "/Microsoft.Build.Framework.dll" }')"
harness="$work/harness"
mkdir -p "$harness"
cat > "$harness/harness.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <Optimize>true</Optimize>
    <TieredPGO>true</TieredPGO>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="Hermetic.Build.Tasks" HintPath="$tasks" />
    <Reference Include="Microsoft.Build.Framework" HintPath="$framework_dll" />
  </ItemGroup>
</Project>
XML
cat > "$harness/nuget.config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /></packageSources></configuration>
XML
cat > "$harness/Program.cs" <<'CS'
using System.Diagnostics;
using Hermetic.Build.Core;

var files = File.ReadAllLines(args[0]);
var mode = args[1];
var runs = int.Parse(args[2]);
FileHash.Sha256Hex(files[0]); // JIT and crypto warm-up
for (var run = 0; run < runs; run++)
{
    var watch = Stopwatch.StartNew();
    if (mode == "serial")
    {
        foreach (var file in files)
        {
            _ = FileHash.Sha256Hex(file);
        }
    }
    else
    {
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file => _ = FileHash.Sha256Hex(file));
    }

    Console.WriteLine(watch.Elapsed.TotalSeconds.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
}
CS
echo "Building the harness ..."
dotnet build "$harness/harness.csproj" -c Release -nodeReuse:false -v:q -o "$harness/out" > "$work/harness-build.log" 2>&1 || { cat "$work/harness-build.log" >&2; exit 1; }

median() { LC_ALL=C sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

sha256sum_times() {
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s.%N)
    xargs -a "$work/files.txt" -d '\n' sha256sum > /dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
  done
}

echo "Timing $runs runs each over $(echo "$total_bytes / 1048576" | bc) MiB in $(wc -l < "$work/files.txt") files ..."
t_sum=$(sha256sum_times | median)
t_serial=$(dotnet "$harness/out/harness.dll" "$work/files.txt" serial "$runs" | median)
t_parallel=$(dotnet "$harness/out/harness.dll" "$work/files.txt" parallel "$runs" | median)

rate() { echo "scale=1; $total_bytes / 1000000 / $1" | bc -l; }
ratio() { echo "scale=2; $t_sum / $1" | bc -l; }
printf '\n%-20s %10s %10s %8s\n' "tool" "median s" "MB/s" "ratio"
printf '%-20s %10.3f %10s %8s\n' "sha256sum" "$t_sum" "$(rate "$t_sum")" "1.00"
printf '%-20s %10.3f %10s %8s\n' "FileHash serial" "$t_serial" "$(rate "$t_serial")" "$(ratio "$t_serial")"
printf '%-20s %10.3f %10s %8s\n' "FileHash parallel" "$t_parallel" "$(rate "$t_parallel")" "$(ratio "$t_parallel")"
echo "(ratio = sha256sum time / this time; the goal is >= 0.80 for serial hashing; $(nproc) CPUs)"
