# Shared by the benchmarks (sourced, not run): the Hermetic.Build package under test, the pinned
# SDK, a clean environment, and fixture packages.
#
# After sourcing: $root, $package (artifacts/package/Hermetic.Build.<version>.nupkg, packed first
# if missing), $version, $sdk (global.json's version). Requires $work to exist before calling
# pack_fixture_packages.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
find_package() { ls "$root"/artifacts/package/Hermetic.Build.*.nupkg 2>/dev/null | grep -v '\.Tool\.' | head -n 1 || true; }
package=$(find_package)
if [ -z "$package" ]; then
  dotnet pack "$root/Hermetic.Build.sln" -c Release -o "$root/artifacts/package" -nodeReuse:false -v:q >/dev/null
  package=$(find_package)
fi
version=$(basename "$package" .nupkg); version=${version#Hermetic.Build.}
sdk=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$root/global.json" | head -n 1)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
unset CI TF_BUILD GITHUB_ACTIONS

# pack_fixture_packages COUNT OUT: Bench.Fixture1 1.0.1 … Bench.FixtureCOUNT 1.0.COUNT, tiny class
# libraries packed in one pack of a generated solution into OUT.
pack_fixture_packages() {
  local count=$1 out=$2 dir="$work/fixtures" i
  mkdir -p "$dir" "$out"
  printf '{\n  "sdk": { "version": "%s", "rollForward": "disable" }\n}\n' "$sdk" > "$dir/global.json"
  printf '<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n' > "$dir/nuget.config"
  (cd "$dir" && dotnet new sln -n Fixtures --format sln >/dev/null)
  for i in $(seq 1 "$count"); do
    mkdir -p "$dir/Fixture$i"
    printf '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>Bench.Fixture%s</PackageId><Version>1.0.%s</Version></PropertyGroup>\n</Project>\n' \
      "$i" "$i" > "$dir/Fixture$i/Fixture$i.csproj"
    printf 'namespace Bench.Fixture%s;\npublic static class Api\n{\n    public static int Value => %s;\n}\n' "$i" "$i" > "$dir/Fixture$i/Api.cs"
  done
  (cd "$dir" && dotnet sln Fixtures.sln add Fixture*/Fixture*.csproj >/dev/null 2>&1)
  (cd "$dir" && dotnet pack Fixtures.sln -c Release -o "$out" -v:q -nologo >/dev/null)
}
