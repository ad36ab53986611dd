namespace Hermetic.Build.EndToEnd.Tests; internal static class Placeholder { }
