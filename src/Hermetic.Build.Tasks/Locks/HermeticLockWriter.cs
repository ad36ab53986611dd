using Hermetic.Build.Core;

namespace Hermetic.Build.Locks;

/// <summary>
/// Read-modify-write of hermetic.lock.json under a lock shared by every MSBuild node and process
/// (projects of one solution lock in parallel), written atomically; unchanged content leaves the file
/// untouched, so a second run is byte-identical and keeps its timestamp.
/// </summary>
public static class HermeticLockWriter
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Applies <paramref name="update"/> to the current file (null when there is none); a null
    /// result leaves the file as it is. Returns whether the file changed.</summary>
    public static bool Update(string path, Func<HermeticLockFile?, HermeticLockFile?> update)
    {
        var fullPath = Path.GetFullPath(path);
        using var gate = Acquire(fullPath);
        var current = File.Exists(fullPath) ? HermeticLockFile.Load(fullPath) : null;
        var updated = update(current);
        return updated is not null && AtomicFile.WriteAllBytes(fullPath, updated.Serialize());
    }

    private static FileStream Acquire(string lockPath)
    {
        // The gate lives in the temp folder, never beside the committed file.
        var name = "hermetic-lock-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lockPath)))[..16] + ".gate";
        var gatePath = Path.Combine(Path.GetTempPath(), name);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new FileStream(gatePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
