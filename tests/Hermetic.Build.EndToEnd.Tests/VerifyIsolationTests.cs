using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hermetic.Build.EndToEnd.Tests.Infrastructure;

namespace Hermetic.Build.EndToEnd.Tests;

/// <summary>
/// The network isolation of VerifyHermetic's builds, end to end. A build whose inline task reads a
/// value from a TCP listener on 127.0.0.1, ignoring proxies, fails the proof in a network namespace
/// (Linux with unprivileged user namespaces), and passes with proxies only, with HB5004: the hole the
/// namespace closes. A correct repository in a namespace gets no HB5004 (nor HB5005 with
/// HermeticVerifyIsolation=Namespace); a machine that refuses namespaces gets HB5005 for it.
/// </summary>
public sealed class VerifyIsolationTests
{
    // An inline task (RoslynCodeTaskFactory) that connects to a port on the loopback address with a
    // raw socket, so no proxy variable can stop it, and compiles what it reads into the assembly.
    private static string SocketReadingProject(int port) => "</PropertyGroup>\n" + $$"""
          <UsingTask TaskName="ReadLoopbackSocket" TaskFactory="RoslynCodeTaskFactory" AssemblyFile="$(MSBuildToolsPath)/Microsoft.Build.Tasks.Core.dll">
            <ParameterGroup>
              <Port ParameterType="System.Int32" Required="true" />
              <Value ParameterType="System.String" Output="true" />
            </ParameterGroup>
            <Task>
              <Using Namespace="System.IO" />
              <Using Namespace="System.Net.Sockets" />
              <Code Type="Fragment" Language="cs"><![CDATA[
                using (var client = new TcpClient())
                {
                    client.Connect("127.0.0.1", Port);
                    using (var reader = new StreamReader(client.GetStream()))
                    {
                        Value = reader.ReadLine();
                    }
                }
              ]]></Code>
            </Task>
          </UsingTask>
          <Target Name="ReadFromTheNetwork" BeforeTargets="CoreCompile">
            <ReadLoopbackSocket Port="{{port}}">
              <Output TaskParameter="Value" PropertyName="NetworkValue" />
            </ReadLoopbackSocket>
            <WriteLinesToFile File="$(IntermediateOutputPath)FromNetwork.cs" Lines="static class FromNetwork { public const string Value = &quot;$(NetworkValue)&quot;%3B }" Overwrite="true" />
            <ItemGroup>
              <Compile Include="$(IntermediateOutputPath)FromNetwork.cs" />
            </ItemGroup>
          </Target>
          <PropertyGroup>
        """;

    private static BuildResult Verify(TestRepository repository, params string[] arguments) =>
        repository.DotNet(["msbuild", repository.AppProject, "-t:VerifyHermetic", .. arguments]);

    private static JsonElement ReadReport(TestRepository repository) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.json"))).RootElement;

    /// <summary>Whether this machine gives an unprivileged user and network namespace (as VerifyHermetic probes it).</summary>
    private static bool NamespacesAvailable()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/unshare"))
        {
            return false;
        }

        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/unshare", ["--user", "--map-current-user", "--net", "--", "/bin/sh", "-c", "exit 0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }

    [Fact]
    public void A_build_that_reads_a_loopback_socket_fails_the_proof_in_a_namespace_and_passes_with_proxies_only_and_HB5004()
    {
        using var server = new LoopbackServer("value-from-the-network");
        var repository = TestRepository.Create("verify-socket", projectProperties: SocketReadingProject(server.Port))
            .WriteFile("app/Program.cs", "System.Console.WriteLine(FromNetwork.Value);\n")
            .Commit("Read a value from a socket while building");

        // Proxies only: the socket ignores them, both builds read the same value, the proof passes.
        var proxied = Verify(repository, "-p:HermeticVerifyIsolation=Proxy");

        Assert.True(proxied.ExitCode == 0, proxied.ToString());
        var warning = AssertBuild.WarnsWith(proxied, "HB5004");
        Assert.Contains("HermeticVerifyIsolation=Proxy", warning.Message, StringComparison.Ordinal);
        Assert.True(server.Connections >= 2, $"the builds connected {server.Connections} time(s)");
        var proxyReport = ReadReport(repository);
        Assert.Equal("proxy", proxyReport.GetProperty("isolation").GetString());
        Assert.Contains(proxyReport.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "network isolation" && c.GetProperty("result").GetString() == "warning");
        Assert.Contains("Network isolation: **proxy**", File.ReadAllText(Path.Combine(repository.Root, "artifacts", "hermetic", "verify.md")), StringComparison.Ordinal);

        if (!NamespacesAvailable())
        {
            return;
        }

        // The default on Linux: a network namespace. The socket cannot reach the listener; the proof fails.
        var before = server.Connections;
        var isolated = Verify(repository);

        Assert.True(isolated.ExitCode != 0, isolated.ToString());
        Assert.Empty(isolated.Warnings("HB5004"));
        Assert.Contains(isolated.Diagnostics, d => d.IsError && d.Message.Contains("ReadLoopbackSocket", StringComparison.Ordinal));
        Assert.Equal(before, server.Connections);
        var report = ReadReport(repository);
        Assert.Equal("failed", report.GetProperty("result").GetString());
        Assert.Equal("namespace", report.GetProperty("isolation").GetString());
    }

    [Fact]
    public void A_correct_repository_passes_in_a_namespace_without_HB5004_and_an_unknown_setting_is_HB0001()
    {
        var repository = TestRepository.Create("verify-isolated");

        var result = Verify(repository, NamespacesAvailable() ? "-p:HermeticVerifyIsolation=Namespace" : "-p:HermeticVerifyIsolation=");

        if (NamespacesAvailable())
        {
            AssertBuild.Succeeds(result);
            Assert.Empty(result.Warnings("HB5004"));
            Assert.Equal("namespace", ReadReport(repository).GetProperty("isolation").GetString());
            Assert.Contains("VerifyHermetic: copy A: restored in", result.Output, StringComparison.Ordinal);
            Assert.Contains("VerifyHermetic: copy B: built in", result.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            AssertBuild.WarnsWith(result, "HB5004");
        }

        var bad = Verify(repository, "-p:HermeticVerifyIsolation=Sandbox");

        var error = AssertBuild.FailsWith(bad, "HB0001");
        Assert.Contains("HermeticVerifyIsolation is 'Sandbox'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HB5005_Namespace_on_a_machine_that_refuses_user_namespaces_stops_before_copying()
    {
        var repository = TestRepository.Create("verify-no-namespace");
        string[] verify = ["msbuild", repository.AppProject, "-t:VerifyHermetic", "-p:HermeticVerifyIsolation=Namespace", "-nodeReuse:false", "-v:m"];

        // A machine that refuses namespaces, made real on any Linux that has them: the build runs in a user namespace
        // whose limit of nested user namespaces is 0, so the kernel refuses VerifyHermetic's own (ENOSPC) as it
        // refuses them where user.max_user_namespaces=0. Where there are no namespaces at all, the machine is such a one.
        var result = NamespacesAvailable()
            ? repository.Run("/usr/bin/unshare", ["--user", "--map-root-user", "--", "/bin/sh", "-c",
                "echo 0 > /proc/sys/user/max_user_namespaces || exit 97; exec \"$0\" \"$@\"", "dotnet", .. verify])
            : repository.DotNet(verify[..^2]);

        Assert.True(result.ExitCode != 97, "this machine allows user namespaces but not limiting them: " + result);
        var error = AssertBuild.FailsWith(result, "HB5005");
        AssertBuild.NamesFile(error, repository.AppProject);
        Assert.Contains("HermeticVerifyIsolation is 'Namespace', but the verification builds cannot run in a user and network namespace here", error.Message,
            StringComparison.Ordinal);
        if (NamespacesAvailable())
        {
            Assert.Contains("the kernel refused an unprivileged user and network namespace", error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("VerifyHermetic: copying", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Warnings("HB5004"));
        var report = ReadReport(repository);
        Assert.Equal("failed", report.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("isolation").ValueKind);
        Assert.Contains(report.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "network isolation" && c.GetProperty("result").GetString() == "failed");
        Assert.Empty(report.GetProperty("builds").EnumerateArray());
    }

    /// <summary>A TCP listener on 127.0.0.1 that writes one line to every connection and counts them.</summary>
    private sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Thread _thread;
        private int _connections;

        public LoopbackServer(string line)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            var payload = Encoding.ASCII.GetBytes(line + "\n");
            _thread = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        using var client = _listener.AcceptTcpClient();
                        Interlocked.Increment(ref _connections);
                        client.GetStream().Write(payload);
                    }
                }
                catch (SocketException)
                {
                    // Stopped.
                }
                catch (ObjectDisposedException)
                {
                    // Stopped.
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _listener.Stop();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }
}
