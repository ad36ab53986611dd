using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace Hermetic.Build.Tests;

internal static class ModuleInitializer
{
    /// <summary>MSBuild must come from the SDK that runs the tests: register it before any
    /// Microsoft.Build type loads.</summary>
    [ModuleInitializer]
    internal static void RegisterMSBuild()
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }
}
