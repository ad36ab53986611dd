using System.Net.Sockets;
using Hermetic.Build.Commands;

namespace Hermetic.Build.Tests;

public sealed class HermeticEnvironmentTests
{
    [Fact]
    public void Sets_the_contract_variables_in_a_fixed_order()
    {
        var variables = HermeticEnvironment.Variables("1700000000").ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(HermeticEnvironment.ClosedProxy, variables["HTTP_PROXY"]);
        Assert.Equal(HermeticEnvironment.ClosedProxy, variables["HTTPS_PROXY"]);
        Assert.Equal(HermeticEnvironment.ClosedProxy, variables["ALL_PROXY"]);
        Assert.Equal(string.Empty, variables["NO_PROXY"]);
        Assert.Equal("UTC", variables["TZ"]);
        Assert.Equal("C", variables["LC_ALL"]);
        Assert.Equal("1700000000", variables["SOURCE_DATE_EPOCH"]);
        Assert.Equal(HermeticEnvironment.Variables("1").Select(v => v.Key), HermeticEnvironment.Variables("1").Select(v => v.Key));
    }

    [Fact]
    public void Without_a_source_date_there_is_no_empty_SOURCE_DATE_EPOCH() =>
        Assert.DoesNotContain(HermeticEnvironment.Variables(null), v => v.Key == "SOURCE_DATE_EPOCH");

    [Fact]
    public void The_task_own_variables_come_last_so_they_win()
    {
        var assignments = HermeticEnvironment.AsAssignments("1", ["TZ=Europe/Paris"]);
        Assert.Equal("TZ=Europe/Paris", assignments[^1]);
    }

    [Fact]
    public void The_proxy_port_refuses_connections()
    {
        var uri = new Uri(HermeticEnvironment.ClosedProxy);
        using var client = new TcpClient();
        Assert.ThrowsAny<SocketException>(() => client.Connect(uri.Host, uri.Port));
    }
}
