using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Tests.TestSupport;

/// <summary>One error or warning as a task logged it.</summary>
public sealed record LoggedDiagnostic(
    bool IsError, string? Code, string? File, int Line, int Column, string Message, string? HelpLink)
{
    public override string ToString() =>
        $"{(IsError ? "error" : "warning")} {Code} {File}({Line},{Column}): {Message} [{HelpLink}]";
}

/// <summary>
/// A build engine for running tasks outside MSBuild: records everything logged, and keeps
/// registered task objects in a dictionary so that <c>BuildCache</c> shares objects between the
/// tasks that run on one engine (one engine = one build).
/// </summary>
public sealed class FakeBuildEngine : IBuildEngine4
{
    private readonly object _gate = new();
    private readonly List<LoggedDiagnostic> _errors = [];
    private readonly List<LoggedDiagnostic> _warnings = [];
    private readonly List<(MessageImportance Importance, string Message)> _messages = [];
    private readonly ConcurrentDictionary<(object Key, RegisteredTaskObjectLifetime Lifetime), object> _taskObjects = new();

    /// <summary>What MSBuild reports as the file of the task element (used by TaskLoggingHelper
    /// when a diagnostic has no location of its own).</summary>
    public string ProjectFileOfTaskNode { get; set; } = Path.Combine(Path.GetTempPath(), "fake-engine", "fake.proj");

    public int LineNumberOfTaskNode { get; set; }

    public int ColumnNumberOfTaskNode { get; set; }

    public bool ContinueOnError => false;

    public bool IsRunningMultipleNodes => false;

    public IReadOnlyList<LoggedDiagnostic> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public IReadOnlyList<LoggedDiagnostic> Warnings
    {
        get
        {
            lock (_gate)
            {
                return [.. _warnings];
            }
        }
    }

    /// <summary>Errors and warnings, errors first.</summary>
    public IReadOnlyList<LoggedDiagnostic> Diagnostics => [.. Errors, .. Warnings];

    public IReadOnlyList<(MessageImportance Importance, string Message)> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public int RegisteredTaskObjectCount => _taskObjects.Count;

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        lock (_gate)
        {
            _errors.Add(new LoggedDiagnostic(true, e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message ?? string.Empty, e.HelpLink));
        }
    }

    public void LogWarningEvent(BuildWarningEventArgs e)
    {
        lock (_gate)
        {
            _warnings.Add(new LoggedDiagnostic(false, e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message ?? string.Empty, e.HelpLink));
        }
    }

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        lock (_gate)
        {
            _messages.Add((e.Importance, e.Message ?? string.Empty));
        }
    }

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
        lock (_gate)
        {
            _messages.Add((MessageImportance.Low, e.Message ?? string.Empty));
        }
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("FakeBuildEngine does not build projects.");

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs,
        string toolsVersion) =>
        throw new NotSupportedException("FakeBuildEngine does not build projects.");

    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) =>
        throw new NotSupportedException("FakeBuildEngine does not build projects.");

    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        throw new NotSupportedException("FakeBuildEngine does not build projects.");

    public void Yield()
    {
    }

    public void Reacquire()
    {
    }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) =>
        _taskObjects[(key, lifetime)] = obj;

    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) =>
        _taskObjects.TryGetValue((key, lifetime), out var value) ? value : null;

    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) =>
        _taskObjects.TryRemove((key, lifetime), out var value) ? value : null;
}
