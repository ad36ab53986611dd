using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Hermetic.Build.Tests.TestSupport.MSBuildTestFramework", "Hermetic.Build.Tests")]

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>
/// xunit's own framework, created before xunit reflects over the test classes. Test types that
/// use MSBuild types (the fake engine implements IBuildEngine4) can only be loaded once
/// Microsoft.Build.Locator has registered the SDK's MSBuild, and reflection alone does not run
/// the module initializer: constructing this type does, before discovery.
/// </summary>
public sealed class MSBuildTestFramework : XunitTestFramework
{
    public MSBuildTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
        ModuleInitializer.RegisterMSBuild();
    }
}
