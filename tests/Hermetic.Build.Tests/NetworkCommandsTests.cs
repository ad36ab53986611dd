using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Commands;

namespace Hermetic.Build.Tests;

/// <summary>HB4004's rules, one table per family of programs: each command of the first table
/// fetches or installs from the network, each of the second does not (its offline spelling).
/// Commands are parsed as Exec's shell would; the repository is a folder of the temporary folder,
/// the project folder app/ inside it, and one https source is allowed.</summary>
public sealed class NetworkCommandsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "hermetic-repo");

    private static readonly CommandContext Repository =
        new(Root, "https://pkgs.example.invalid/v3/index.json", Path.Combine(Root, "app"));

    internal static string? ReasonFor(string command, ShellDialect dialect = ShellDialect.Posix, CommandContext? context = null) =>
        CommandLine.Flatten(CommandLine.Parse(command, dialect)).Select(c => NetworkCommands.Reason(c, context ?? Repository)).FirstOrDefault(r => r is not null);

    private static void Fetches(string command, ShellDialect dialect = ShellDialect.Posix) =>
        Assert.True(ReasonFor(command, dialect) is not null, $"'{command}' should be found to fetch");

    private static void Offline(string command, ShellDialect dialect = ShellDialect.Posix) =>
        Assert.True(ReasonFor(command, dialect) is null, $"'{command}' is offline, but: {ReasonFor(command, dialect)}");

    [Theory]
    [InlineData("dotnet tool restore")]
    [InlineData("dotnet tool install -g some-tool")]
    [InlineData("dotnet tool update --local some-tool")]
    [InlineData("dotnet add package Some.Package")]
    [InlineData("dotnet add app.csproj package Some.Package --version 1.0.0")]
    [InlineData("dotnet package add Some.Package")]
    [InlineData("dotnet workload install wasm-tools")]
    [InlineData("dotnet workload restore")]
    [InlineData("dotnet new install Some.Templates")]
    [InlineData("dotnet new -i Some.Templates")]
    [InlineData("dotnet nuget push x.nupkg -s https://pkgs.example.invalid/v3/index.json")]
    [InlineData("dotnet restore --source https://other.example.invalid/v3/index.json")]
    [InlineData("dotnet restore -s ../../outside-feed")]
    [InlineData("dotnet restore --source http://pkgs.example.invalid/v3/index.json")]
    [InlineData("dotnet build --source https://other.example.invalid/v3/index.json")]
    [InlineData("dotnet build -p:RestoreSources=https://other.example.invalid/v3/index.json")]
    [InlineData("dotnet build '/p:RestoreSources=./vendor;https://other.example.invalid/v3/index.json'")]
    [InlineData("dotnet build -p:RestoreSources=./vendor%3Bhttps://other.example.invalid/v3/index.json")]
    [InlineData("dotnet publish --property:RestoreAdditionalProjectSources=https://other.example.invalid/v3/index.json")]
    [InlineData("dotnet test --property RestoreSources=https://other.example.invalid/v3/index.json")]
    [InlineData("dotnet restore --configfile ../../elsewhere/nuget.config")]
    [InlineData("dotnet msbuild -t:Restore -p:RestoreSources=https://other.example.invalid/v3/index.json")]
    [InlineData("msbuild '/t:Build;Restore' /p:RestoreSources=https://other.example.invalid/v3/index.json")]
    [InlineData("msbuild -restore -p:RestoreSources=https://other.example.invalid/v3/index.json")]
    [InlineData("DOTNET.EXE tool restore")]
    [InlineData("dotnet paket restore")]
    public void Dotnet_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("dotnet restore")]
    [InlineData("dotnet build")]
    [InlineData("dotnet build -c Release --no-restore")]
    [InlineData("dotnet tool run mygen")]
    [InlineData("dotnet tool list")]
    [InlineData("dotnet mygen --in a")]
    [InlineData("dotnet restore --source ./vendor/packages")]
    [InlineData("dotnet restore --source https://pkgs.example.invalid/v3/index.json")]
    [InlineData("dotnet restore --source https://PKGS.example.invalid/v3/index.json/")]
    [InlineData("dotnet build -p:RestoreSources=./vendor")]
    [InlineData("dotnet build --no-restore --source https://other.example.invalid/v3/index.json")]
    [InlineData("msbuild -p:RestoreSources=https://other.example.invalid/v3/index.json")]
    [InlineData("dotnet msbuild -t:Build")]
    [InlineData("dotnet add reference ../lib/lib.csproj")]
    [InlineData("dotnet new console")]
    [InlineData("dotnet restore --configfile ../nuget.config")]
    [InlineData("dotnet test --no-build")]
    [InlineData("dotnet pack -o ../artifacts")]
    public void Dotnet_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("nuget restore")]
    [InlineData("nuget restore app.sln")]
    [InlineData("nuget install Some.Package")]
    [InlineData("nuget.exe install Some.Package -Source https://other.example.invalid/v3/index.json")]
    [InlineData("mono nuget.exe restore app.sln")]
    [InlineData("NuGet.exe Update -self")]
    [InlineData("nuget push x.nupkg")]
    [InlineData("nuget install Some.Package -Source ../../outside-feed")]
    public void NuGet_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("nuget install Some.Package -Source ./vendor -OutputDirectory packages")]
    [InlineData("nuget restore app.sln -Source ../vendor")]
    [InlineData("nuget pack x.nuspec")]
    [InlineData("nuget locals all -list")]
    public void NuGet_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("npm install")]
    [InlineData("npm i left-pad")]
    [InlineData("npm ci")]
    [InlineData("npm install --prefer-offline=false left-pad")]
    [InlineData("npm install --prefer-offline left-pad")]
    [InlineData("npm install --offline=false")]
    [InlineData("npm install --offline --no-offline")]
    [InlineData("npm --prefix web install")]
    [InlineData("npm exec some-tool")]
    [InlineData("npm init vite")]
    [InlineData("npm publish")]
    [InlineData("npm_config_offline=false npm ci")]
    [InlineData("npm_config_offline=true npm ci --offline=false")]
    [InlineData("npx some-tool")]
    [InlineData("pnpx some-tool")]
    [InlineData("yarn")]
    [InlineData("yarn add left-pad")]
    [InlineData("yarn install --offline=false")]
    [InlineData("yarn dlx create-x")]
    [InlineData("yarn --cwd web install")]
    [InlineData("yarn workspace app add left-pad")]
    [InlineData("pnpm add left-pad")]
    [InlineData("pnpm install --prefer-offline")]
    [InlineData("pnpm dlx x")]
    [InlineData("pnpm -C web install")]
    [InlineData("bun install")]
    [InlineData("bun add x")]
    [InlineData("bunx x")]
    [InlineData("corepack prepare pnpm@9 --activate")]
    [InlineData("corepack pnpm install")]
    [InlineData("node -e \"fetch('https://x.example.invalid/a')\"")]
    public void JavaScript_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("npm ci --offline")]
    [InlineData("npm install --offline")]
    [InlineData("npm install --offline=true")]
    [InlineData("npm_config_offline=true npm ci")]
    [InlineData("npm run build")]
    [InlineData("npm test")]
    [InlineData("npm --version")]
    [InlineData("yarn --offline")]
    [InlineData("yarn install --offline")]
    [InlineData("yarn build")]
    [InlineData("yarn run test")]
    [InlineData("YARN_ENABLE_NETWORK=0 yarn install")]
    [InlineData("pnpm install --offline")]
    [InlineData("pnpm run build")]
    [InlineData("npx --no-install tsc")]
    [InlineData("npx --offline tsc")]
    [InlineData("bun run build")]
    [InlineData("corepack enable")]
    [InlineData("node tools/gen.js")]
    public void JavaScript_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("pip install requests")]
    [InlineData("pip3 install -r requirements.txt")]
    [InlineData("pip3.12 install x")]
    [InlineData("pip install --no-index -f https://pkgs.example.invalid/wheels x")]
    [InlineData("pip install --no-index -fhttps://pkgs.example.invalid/wheels x")]
    [InlineData("pip install --no-index --find-links=https://pkgs.example.invalid/wheels x")]
    [InlineData("pip install --no-index https://pkgs.example.invalid/x.whl")]
    [InlineData("pip install --no-index git+https://pkgs.example.invalid/r.git")]
    [InlineData("pip install --no-index --extra-index-url https://pkgs.example.invalid/simple x")]
    [InlineData("pip install --no-index -e git+https://pkgs.example.invalid/r.git#egg=x")]
    [InlineData("PIP_NO_INDEX=0 pip install x")]
    [InlineData("pip download x")]
    [InlineData("pip wheel x")]
    [InlineData("python3 -m pip install requests")]
    [InlineData("python -m pip download x")]
    [InlineData("py -3 -m pip install x")]
    [InlineData("python3.12 -mpip install x")]
    [InlineData("python -W ignore -m pip install x")]
    [InlineData("uv sync")]
    [InlineData("uv pip install x")]
    [InlineData("uv add x")]
    [InlineData("uv run script.py")]
    [InlineData("uv tool install ruff")]
    [InlineData("uvx ruff")]
    [InlineData("poetry install")]
    [InlineData("poetry add x")]
    [InlineData("pipx install x")]
    [InlineData("pipx run x")]
    [InlineData("python -m build")]
    [InlineData("python3 -m uv sync")]
    [InlineData("python3 -c 'import urllib.request; urllib.request.urlretrieve(\"https://x.example.invalid/a\", \"a\")'")]
    public void Python_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("pip install --no-index --find-links ./wheels x")]
    [InlineData("pip install --no-index -f wheels -r requirements.txt")]
    [InlineData("PIP_NO_INDEX=1 pip install --find-links ./wheels x")]
    [InlineData("pip install --index-url file:///srv/simple x")]
    [InlineData("pip list")]
    [InlineData("pip freeze")]
    [InlineData("uv sync --offline")]
    [InlineData("UV_OFFLINE=1 uv sync")]
    [InlineData("uv run --no-sync script.py")]
    [InlineData("uv pip install --offline x")]
    [InlineData("python -m venv .venv")]
    [InlineData("python tools/gen.py")]
    [InlineData("python3 -m build --no-isolation")]
    [InlineData("poetry build")]
    [InlineData("pipx list")]
    public void Python_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("git clone https://x.example.invalid/r.git")]
    [InlineData("git clone git@x.example.invalid:org/r.git")]
    [InlineData("git fetch")]
    [InlineData("git fetch origin")]
    [InlineData("git -C sub fetch origin")]
    [InlineData("git -c http.extraHeader=x fetch origin")]
    [InlineData("git pull")]
    [InlineData("git pull --rebase origin main")]
    [InlineData("git push origin main")]
    [InlineData("git ls-remote origin")]
    [InlineData("git fetch --all")]
    [InlineData("git submodule update --init")]
    [InlineData("git submodule update")]
    [InlineData("git submodule update --init --recursive")]
    [InlineData("git submodule --quiet update --init")]
    [InlineData("git submodule add https://x.example.invalid/r.git lib/r")]
    [InlineData("git submodule foreach git pull")]
    [InlineData("git submodule foreach 'git fetch origin'")]
    [InlineData("git lfs fetch")]
    [InlineData("git lfs pull")]
    [InlineData("git lfs clone https://x.example.invalid/r.git")]
    [InlineData("git remote update")]
    [InlineData("git remote add -f up https://x.example.invalid/r.git")]
    [InlineData("git archive --remote=https://x.example.invalid/r.git HEAD")]
    [InlineData("git clone ./local --recurse-submodules")]
    [InlineData("git fetch ./other --recurse-submodules")]
    public void Git_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("git status")]
    [InlineData("git rev-parse HEAD")]
    [InlineData("git log -1 --format=%ct")]
    [InlineData("git clone ../mirror copy")]
    [InlineData("git clone file:///srv/mirror copy")]
    [InlineData("git fetch ./other-clone main")]
    [InlineData("git ls-remote /tmp/repo HEAD")]
    [InlineData("git submodule update --no-fetch")]
    [InlineData("git submodule sync --recursive")]
    [InlineData("git submodule status")]
    [InlineData("git lfs ls-files")]
    [InlineData("git lfs install")]
    [InlineData("git remote add up https://x.example.invalid/r.git")]
    [InlineData("git submodule foreach git status")]
    public void Git_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("cargo build")]
    [InlineData("cargo install ripgrep")]
    [InlineData("cargo fetch")]
    [InlineData("cargo update")]
    [InlineData("cargo test --locked")]
    [InlineData("cargo +nightly build")]
    [InlineData("cargo search x")]
    [InlineData("cargo publish --offline")]
    [InlineData("cargo build --offline=false")]
    [InlineData("CARGO_NET_OFFLINE=false cargo build")]
    [InlineData("rustup target add wasm32-unknown-unknown")]
    [InlineData("rustup toolchain install stable")]
    [InlineData("go get example.invalid/x")]
    [InlineData("go mod download")]
    [InlineData("go mod tidy")]
    [InlineData("go install example.invalid/tool@v1.2.3")]
    [InlineData("go install -mod=vendor example.invalid/tool@v1.2.3")]
    [InlineData("go run example.invalid/tool@latest")]
    [InlineData("go build ./...")]
    [InlineData("go test ./...")]
    [InlineData("GOFLAGS=-mod=mod go build")]
    public void RustAndGo_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("cargo build --offline")]
    [InlineData("cargo build --frozen")]
    [InlineData("cargo test --offline")]
    [InlineData("CARGO_NET_OFFLINE=true cargo build")]
    [InlineData("cargo --config net.offline=true build")]
    [InlineData("cargo fmt")]
    [InlineData("cargo clean")]
    [InlineData("cargo metadata --no-deps")]
    [InlineData("rustup show")]
    [InlineData("go build -mod=vendor ./...")]
    [InlineData("GOFLAGS=-mod=vendor go build ./...")]
    [InlineData("go build -mod vendor ./...")]
    [InlineData("GOPROXY=off go mod download")]
    [InlineData("GOFLAGS='-trimpath -mod=vendor' go test ./...")]
    [InlineData("go version")]
    [InlineData("go fmt ./...")]
    [InlineData("go env GOPATH")]
    public void RustAndGo_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("docker pull alpine")]
    [InlineData("podman pull alpine")]
    [InlineData("docker build -t x .")]
    [InlineData("docker buildx build .")]
    [InlineData("docker run --pull=always alpine true")]
    [InlineData("docker run alpine true")]
    [InlineData("docker run --pull never alpine true")]
    [InlineData("docker image pull alpine")]
    [InlineData("docker compose pull")]
    [InlineData("docker compose up -d")]
    [InlineData("docker-compose up")]
    [InlineData("podman build --pull=never .")]
    [InlineData("nerdctl run --pull=never alpine true")]
    [InlineData("docker login registry.example.invalid")]
    [InlineData("docker --context remote run --rm alpine true")]
    [InlineData("helm repo update")]
    [InlineData("helm dependency update ./chart")]
    [InlineData("skopeo copy docker://a dir:b")]
    [InlineData("buildah from alpine")]
    [InlineData("helm install x oci://registry.example.invalid/chart")]
    public void Containers_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("docker build --pull=never --network=none -t x .")]
    [InlineData("podman run --pull=never --network=none alpine true")]
    [InlineData("docker ps")]
    [InlineData("docker images")]
    [InlineData("docker save x -o x.tar")]
    [InlineData("docker load -i x.tar")]
    [InlineData("helm template x ./chart")]
    [InlineData("helm lint ./chart")]
    [InlineData("docker version")]
    public void Containers_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("aws s3 cp s3://bucket/x .")]
    [InlineData("az storage blob download --container-name c --name x --file x")]
    [InlineData("gcloud storage cp gs://b/x .")]
    [InlineData("gsutil cp gs://b/x .")]
    [InlineData("azcopy copy https://x.example.invalid/c/x .")]
    [InlineData("gh release download v1")]
    [InlineData("aws --region us-east-1 s3 sync s3://b .")]
    [InlineData("az artifacts universal download --name x")]
    public void Cloud_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("aws --version")]
    [InlineData("az version")]
    [InlineData("gcloud config list")]
    [InlineData("aws configure list")]
    [InlineData("gh --help")]
    public void Cloud_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("curl -fsSL https://x.example.invalid/a -o a")]
    [InlineData("/usr/bin/curl x")]
    [InlineData("curl.exe -O x")]
    [InlineData("CURL x")]
    [InlineData("wget -q https://x.example.invalid/a")]
    [InlineData("wget2 x")]
    [InlineData("aria2c https://x.example.invalid/a")]
    [InlineData("scp user@host.example.invalid:/x .")]
    [InlineData("scp host.example.invalid:x ./x")]
    [InlineData("rsync -a host.example.invalid:/x/ ./x/")]
    [InlineData("rsync -a rsync://x.example.invalid/m/ ./x/")]
    [InlineData("rsync -e ssh -a u@h.example.invalid:x .")]
    [InlineData("ssh host.example.invalid cat x")]
    [InlineData("sftp host.example.invalid")]
    [InlineData("certutil -urlcache -split -f https://x.example.invalid/a a")]
    [InlineData("http GET https://x.example.invalid/a")]
    [InlineData("./dotnet-install.sh --channel 10.0")]
    [InlineData("rclone copy remote:bucket/x ./x")]
    [InlineData("busybox wget https://x.example.invalid/a")]
    public void Downloads_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("curl --version")]
    [InlineData("wget --help")]
    [InlineData("scp a.txt b.txt")]
    [InlineData("rsync -a src/ dst/")]
    [InlineData("rclone version")]
    [InlineData("certutil -hashfile a SHA256")]
    public void Downloads_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("apt-get install -y jq")]
    [InlineData("sudo apt-get update")]
    [InlineData("apt install jq")]
    [InlineData("apk add jq")]
    [InlineData("dnf install jq")]
    [InlineData("yum -y install jq")]
    [InlineData("brew install jq")]
    [InlineData("choco install jq -y")]
    [InlineData("winget install jq")]
    [InlineData("vcpkg install zlib")]
    [InlineData("conan install .")]
    [InlineData("apt-get -o Dpkg::Options::=--force-confdef install jq")]
    [InlineData("pacman -Syu")]
    [InlineData("gem install rake")]
    [InlineData("bundle install")]
    [InlineData("mvn package")]
    [InlineData("./gradlew build")]
    [InlineData("cpanm Foo")]
    [InlineData("composer install")]
    [InlineData("paket restore")]
    [InlineData("zypper in jq")]
    [InlineData("snap install jq")]
    [InlineData("scoop install jq")]
    [InlineData("nix build")]
    [InlineData("terraform init")]
    public void System_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("apk add --no-network jq")]
    [InlineData("dnf -C install jq")]
    [InlineData("conan install . --no-remote")]
    [InlineData("apt-cache policy jq")]
    [InlineData("brew list")]
    [InlineData("vcpkg list")]
    [InlineData("gem list")]
    [InlineData("bundle install --local")]
    [InlineData("mvn -o package")]
    [InlineData("./gradlew build --offline")]
    [InlineData("gem install --local x.gem")]
    [InlineData("nix build --offline")]
    [InlineData("terraform init -plugin-dir=./plugins")]
    public void System_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("pwsh -c \"Invoke-WebRequest -Uri https://x.example.invalid/a -OutFile a\"")]
    [InlineData("pwsh -Command \"iwr https://x.example.invalid/a\"")]
    [InlineData("powershell -Command \"Invoke-RestMethod https://x.example.invalid/a\"")]
    [InlineData("pwsh -c \"irm https://x.example.invalid/a | iex\"")]
    [InlineData("pwsh -c \"iex (irm https://x.example.invalid/a)\"")]
    [InlineData("pwsh -c \"Start-BitsTransfer -Source https://x.example.invalid/a -Destination a\"")]
    [InlineData("pwsh -c \"Save-Module -Name X -Path m\"")]
    [InlineData("pwsh -c \"Install-Module X -Force\"")]
    [InlineData("pwsh -c \"Install-Package X\"")]
    [InlineData("pwsh -c \"Save-Package X -Path p\"")]
    [InlineData("pwsh -c \"Install-PSResource X\"")]
    [InlineData("pwsh -c \"(New-Object Net.WebClient).DownloadFile('https://x.example.invalid/a','a')\"")]
    [InlineData("pwsh -c \"& { Invoke-WebRequest https://x.example.invalid/a }\"")]
    [InlineData("pwsh -c \"Invoke-Command -ScriptBlock { iwr https://x.example.invalid/a }\"")]
    [InlineData("powershell \"iwr https://x.example.invalid/a\"")]
    [InlineData("pwsh -EncodedCommand SQBuAHYAbwBrAGUALQBXAGUAYgBSAGUAcQB1AGUAcwB0ACAAaAB0AHQAcABzADoALwAvAHgALgBlAHgAYQBtAHAAbABlAC4AaQBuAHYAYQBsAGkAZAAvAGEAIAAtAE8AdQB0AEYAaQBsAGUAIABhAA==")]
    [InlineData("powershell -enc SQBuAHYAbwBrAGUALQBXAGUAYgBSAGUAcQB1AGUAcwB0ACAAaAB0AHQAcABzADoALwAvAHgALgBlAHgAYQBtAHAAbABlAC4AaQBuAHYAYQBsAGkAZAAvAGEAIAAtAE8AdQB0AEYAaQBsAGUAIABhAA==")]
    [InlineData("pwsh -c \"Microsoft.PowerShell.Utility\\Invoke-WebRequest https://x.example.invalid/a\"")]
    [InlineData("pwsh -c 'INVOKE-WEBREQUEST https://x.example.invalid/a'")]
    [InlineData("pwsh -c \"Start-Process -FilePath curl.exe -ArgumentList x\"")]
    [InlineData("pwsh -c \"Invoke-Expression 'iwr https://x.example.invalid/a'\"")]
    [InlineData("pwsh -NoProfile -ExecutionPolicy Bypass -Command \"npm install\"")]
    public void PowerShell_commands_that_fetch(string command) => Fetches(command);

    [Theory]
    [InlineData("pwsh -c \"Get-ChildItem\"")]
    [InlineData("pwsh -File build.ps1")]
    [InlineData("pwsh -c \"Write-Host iwr\"")]
    [InlineData("powershell -ExecutionPolicy Bypass -File build.ps1")]
    public void PowerShell_commands_that_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("\"npm\" install")]
    [InlineData("'git' clone https://x.example.invalid/r.git")]
    [InlineData("FOO=1 npm i")]
    [InlineData("env FOO=1 npm i")]
    [InlineData("env -i PATH=/usr/bin npm i")]
    [InlineData("sudo npm i -g x")]
    [InlineData("sudo -E -u build npm ci")]
    [InlineData("command npm install")]
    [InlineData("exec npm install")]
    [InlineData("exec -a x npm install")]
    [InlineData("nohup npm install &")]
    [InlineData("time npm install")]
    [InlineData("time -p npm install")]
    [InlineData("C:/tools/curl.exe x")]
    [InlineData("npm.cmd install")]
    [InlineData("NPM.CMD install")]
    [InlineData("echo ok && npm install")]
    [InlineData("false || npm install")]
    [InlineData("true; npm install")]
    [InlineData("echo | npm install")]
    [InlineData("echo ok\nnpm install")]
    [InlineData("(npm install)")]
    [InlineData("echo $(npm install)")]
    [InlineData("echo \"$(npm install)\"")]
    [InlineData("echo `npm install`")]
    [InlineData("bash -c \"npm install\"")]
    [InlineData("sh -c 'npm install'")]
    [InlineData("bash -lc 'npm install'")]
    [InlineData("bash -o pipefail -c 'npm install'")]
    [InlineData("cmd /c npm install")]
    [InlineData("pwsh -Command \"npm install\"")]
    [InlineData("npm \\\n  install")]
    [InlineData("n\\pm install")]
    [InlineData("n''pm install")]
    [InlineData("$'npm' install")]
    [InlineData("$'\\x6epm' install")]
    [InlineData("xargs -n1 npm install < list")]
    [InlineData("find . -name package.json -execdir npm install \\;")]
    [InlineData("env -S 'npm install'")]
    [InlineData("eval 'npm install'")]
    [InlineData("nice -n 5 npm install")]
    [InlineData("timeout 60 npm install")]
    [InlineData("if true; then npm install; fi")]
    [InlineData("{ npm install; }")]
    [InlineData("npm install 2>&1 | tee log")]
    [InlineData("bash -c 'bash -c \"npm install\"'")]
    [InlineData("setsid npm install")]
    [InlineData("source <(curl -s https://x.example.invalid/a)")]
    [InlineData("cat <<EOF\nx\nEOF\ncurl x")]
    public void Shell_spellings_of_a_fetch_are_found(string command) => Fetches(command);

    [Theory]
    [InlineData("sudo npm ci --offline")]
    [InlineData("bash -c 'npm ci --offline'")]
    [InlineData("FOO=1 cargo build --offline")]
    [InlineData("echo npm install")]
    [InlineData("echo 'curl x'")]
    [InlineData("command -v curl")]
    [InlineData("# npm install\necho hi")]
    [InlineData("printf 'npm install'")]
    [InlineData("git status && dotnet build")]
    [InlineData("test -f x || echo missing")]
    public void Shell_spellings_of_offline_commands_stay_offline(string command) => Offline(command);

    [Theory]
    [InlineData("call npm install")]
    [InlineData("cmd /c \"npm install\"")]
    [InlineData("@npm install")]
    [InlineData("start /b npm install")]
    [InlineData("NPM INSTALL")]
    [InlineData("npm ^\ninstall")]
    [InlineData("echo a & curl x")]
    [InlineData("\"C:\\Program Files\\Git\\bin\\git.exe\" fetch")]
    [InlineData("cmd /s /c \"npm install\"")]
    public void Cmd_spellings_of_a_fetch_are_found(string command) => Fetches(command, ShellDialect.Cmd);

    [Theory]
    [InlineData("echo npm install")]
    [InlineData("npm ci --offline")]
    [InlineData("dotnet build")]
    public void Cmd_spellings_of_offline_commands_stay_offline(string command) => Offline(command, ShellDialect.Cmd);

    [Theory]
    [InlineData("npm install; Write-Host ok")]
    [InlineData("& npm install")]
    [InlineData("npm `\n install")]
    [InlineData("Invoke-WebRequest https://x.example.invalid/a")]
    [InlineData("& { iwr https://x }")]
    public void PowerShell_script_spellings_of_a_fetch_are_found(string command) => Fetches(command, ShellDialect.PowerShell);

    [Theory]
    [InlineData("Write-Host 'npm install'")]
    [InlineData("Get-ChildItem")]
    public void PowerShell_script_spellings_of_offline_commands_stay_offline(string command) => Offline(command, ShellDialect.PowerShell);

    [Fact]
    public void The_task_s_variables_count_as_the_command_s()
    {
        var vendored = new CommandContext(Root, null, Root, ["GOFLAGS=-mod=vendor"]);
        var npmOffline = new CommandContext(Root, null, Root, ["npm_config_offline=true"]);

        Assert.Null(ReasonFor("go build ./...", context: vendored));
        Assert.NotNull(ReasonFor("go build ./...", context: CommandContext.Default));
        Assert.Null(ReasonFor("npm ci", context: npmOffline));
        Assert.NotNull(ReasonFor("npm ci --offline=false", context: npmOffline));
        Assert.NotNull(ReasonFor("GOFLAGS=-mod=mod go build ./...", context: vendored));
    }

    [Fact]
    public void A_restore_source_is_judged_by_HermeticAllowedSources_and_HermeticRoot()
    {
        var none = new CommandContext(Root, null, Path.Combine(Root, "app"));

        Assert.Null(ReasonFor("dotnet restore --source ../vendor", context: none));
        Assert.Contains("'https://pkgs.example.invalid/v3/index.json'", ReasonFor("dotnet restore --source https://pkgs.example.invalid/v3/index.json", context: none));
        Assert.Null(ReasonFor("dotnet restore --source https://pkgs.example.invalid/v3/index.json"));
        Assert.Contains("neither a folder inside the repository", ReasonFor("dotnet restore --source ../../feed", context: none));
    }

    [Fact]
    public void The_reason_names_the_program_and_verb()
    {
        Assert.Equal("'dotnet tool restore' downloads every tool of the tool manifest", ReasonFor("dotnet tool restore"));
        Assert.Equal("'npm install' fetches or installs from the network", ReasonFor("npm install --prefer-offline=false left-pad"));
        Assert.Contains("'https://pkgs.example.invalid/wheels'", ReasonFor("pip install --no-index -f https://pkgs.example.invalid/wheels x"));
    }

    /// <summary>Any text, and any line made of the words these rules read, is judged without an exception.</summary>
    [Fact]
    public void Arbitrary_command_lines_never_throw()
    {
        string[] vocabulary =
        [
            "npm", "install", "--offline", "--offline=", "dotnet", "restore", "--source", "-s", "-p:RestoreSources=", "/p:", "msbuild", "-t:Restore", "git",
            "clone", "fetch", "submodule", "foreach", "lfs", "pip", "-f", "--no-index", "-m", "python", "go", "-mod", "cargo", "docker", "--pull", "--pull=",
            "aws", "curl", "nuget", "-Source", "'", "\"", "$(", ")", "`", ";", "&&", "|", "\n", "\\", "=", ":", "@", "%3B", "\0", "https://", "C:\\x", "--",
            "env", "-S", "sudo", "pwsh", "-c", "-enc", "cmd", "/c", "{", "}", "find", "-exec", "uv", "pip3", "yarn", "corepack", "helm", "rsync",
        ];
        var line = Gen.Elements(vocabulary).ListOf().Select(words => string.Join(" ", words));
        Prop.ForAll(Arb.From(Gen.OneOf(line, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty))), text =>
            {
                foreach (var dialect in Enum.GetValues<ShellDialect>())
                {
                    _ = ReasonFor(text, dialect);
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }
}
