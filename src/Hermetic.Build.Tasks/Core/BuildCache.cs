using System.Collections.Concurrent;
using Microsoft.Build.Framework;

namespace Hermetic.Build.Core;

/// <summary>
/// Objects shared by every task of one build in this process (MSBuild's registered task objects,
/// lifetime Build): parsed files, git answers, diagnostics already reported. Without an
/// IBuildEngine4 (a bare test engine) every call gets a fresh object.
/// </summary>
public static class BuildCache
{
    private static readonly object Gate = new();

    public static T GetOrCreate<T>(IBuildEngine? engine, string key, Func<T> create)
        where T : class
    {
        if (engine is not IBuildEngine4 engine4)
        {
            return create();
        }

        var fullKey = "Hermetic.Build:" + key;
        lock (Gate)
        {
            if (engine4.GetRegisteredTaskObject(fullKey, RegisteredTaskObjectLifetime.Build) is T existing)
            {
                return existing;
            }
        }

        // Created outside the lock: a factory may ask the engine to build a project (the source state
        // does), which yields this node to another project whose task may need the cache; holding the
        // lock across that deadlocked the node. Two tasks may then create the value; the first kept wins.
        var created = create();
        lock (Gate)
        {
            if (engine4.GetRegisteredTaskObject(fullKey, RegisteredTaskObjectLifetime.Build) is T winner)
            {
                return winner;
            }

            engine4.RegisterTaskObject(fullKey, created, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return created;
        }
    }

    /// <summary>A per-build memo of values derived from files, keyed by path and the file's
    /// length and write time, so a file is read once per build however many projects use it.</summary>
    public static TValue GetForFile<TValue>(IBuildEngine? engine, string cacheName, string path, Func<string, TValue> read)
        where TValue : class
    {
        var memo = GetOrCreate(engine, "file:" + cacheName, () => new ConcurrentDictionary<FileStamp, TValue>());
        var stamp = FileStamp.Of(path);
        return memo.GetOrAdd(stamp, s => read(s.Path));
    }
}

/// <summary>Identity of a file's content as cheap metadata: path, length and last write time.</summary>
public readonly record struct FileStamp(string Path, long Length, DateTime LastWriteTimeUtc)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists
            ? new FileStamp(info.FullName, info.Length, info.LastWriteTimeUtc)
            : new FileStamp(info.FullName, -1, DateTime.MinValue);
    }
}
