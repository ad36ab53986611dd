namespace Hermetic.Build.Locks;

/// <summary>A package resolved higher than anything in the graph asked for: the version asked for was
/// not found and NuGet took the next one (NuGet's NU1603, which NuGet itself leaves out when lock files are on).</summary>
/// <param name="Requester">Who asked for the highest lower bound: "Fixture.Top 1.0.0" or "the project".</param>
public sealed record MissingLowerBound(string Target, string Requester, string Id, string LowerBound, string Resolved);

/// <summary>
/// Finds NU1603 cases in a packages.lock.json. NuGet gives each dependency edge the lowest available
/// version at or above its lower bound, and the package the highest of those. So when the resolved
/// version is above every inclusive lower bound any entry (or the project) asks for, the highest of them
/// was missing from the sources. Ranges without an inclusive lower bound, and floating ones, say nothing.
/// </summary>
public static class MissingLowerBounds
{
    public static IReadOnlyList<MissingLowerBound> Find(PackagesLockFile lockFile)
    {
        var result = new List<MissingLowerBound>();
        foreach (var target in lockFile.Entries.GroupBy(e => e.Target, StringComparer.Ordinal))
        {
            var resolved = target.Where(e => !e.IsProject && e.Resolved is not null)
                .GroupBy(e => e.Id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var requests = new Dictionary<string, List<(string Requester, string Min)>>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in target)
            {
                if (entry.Requested is not null && InclusiveLowerBound(entry.Requested) is { } own)
                {
                    Add(requests, entry.Id, ("the project", own));
                }

                foreach (var (id, range) in entry.Dependencies)
                {
                    if (InclusiveLowerBound(range) is { } min)
                    {
                        Add(requests, id, (entry.IsProject ? $"project {entry.Id}" : $"{entry.Id} {entry.Resolved}", min));
                    }
                }
            }

            foreach (var (id, asked) in requests)
            {
                if (!resolved.TryGetValue(id, out var package) || asked.Count == 0)
                {
                    continue;
                }

                var highest = asked.OrderByDescending(a => a.Min, LockVersion.Comparer).First();
                if (LockVersion.Comparer.Compare(package.Resolved!, highest.Min) > 0)
                {
                    result.Add(new MissingLowerBound(target.Key, highest.Requester, package.Id, highest.Min, package.Resolved!));
                }
            }
        }

        return result;
    }

    private static void Add(Dictionary<string, List<(string, string)>> requests, string id, (string, string) request)
    {
        if (!requests.TryGetValue(id, out var list))
        {
            requests[id] = list = [];
        }

        list.Add(request);
    }

    /// <summary>"1.0.5" and "[1.0.5, 2.0.0)" have the inclusive lower bound 1.0.5; "(1.0, )", "(, 2.0]" and "1.*" none.</summary>
    internal static string? InclusiveLowerBound(string range)
    {
        var text = range.Trim();
        if (text.Length == 0 || text.Contains('*') || text.StartsWith('('))
        {
            return null;
        }

        if (text.StartsWith('['))
        {
            var min = text[1..].Split(',', ']')[0].Trim();
            return min.Length == 0 ? null : min;
        }

        return text;
    }
}

/// <summary>NuGet version order (major.minor.patch.revision, then a prerelease sorts before its release),
/// enough to compare the versions a lock file holds.</summary>
public sealed class LockVersion : IComparer<string>
{
    public static readonly LockVersion Comparer = new();

    public int Compare(string? x, string? y)
    {
        var (releaseX, labelX) = Split(x ?? string.Empty);
        var (releaseY, labelY) = Split(y ?? string.Empty);
        for (var i = 0; i < 4; i++)
        {
            var c = releaseX[i].CompareTo(releaseY[i]);
            if (c != 0)
            {
                return c;
            }
        }

        if (labelX.Length == 0 || labelY.Length == 0)
        {
            // A release sorts after its prereleases.
            return labelX.Length == labelY.Length ? 0 : labelX.Length == 0 ? 1 : -1;
        }

        var partsX = labelX.Split('.');
        var partsY = labelY.Split('.');
        for (var i = 0; i < Math.Min(partsX.Length, partsY.Length); i++)
        {
            var numericX = long.TryParse(partsX[i], out var nx);
            var numericY = long.TryParse(partsY[i], out var ny);
            var c = numericX && numericY ? nx.CompareTo(ny)
                : numericX ? -1
                : numericY ? 1
                : string.Compare(partsX[i], partsY[i], StringComparison.OrdinalIgnoreCase);
            if (c != 0)
            {
                return c;
            }
        }

        return partsX.Length.CompareTo(partsY.Length);
    }

    private static (long[] Release, string Label) Split(string version)
    {
        var text = version.Split('+')[0].Trim();
        var dash = text.IndexOf('-');
        var label = dash < 0 ? string.Empty : text[(dash + 1)..];
        var release = (dash < 0 ? text : text[..dash]).Split('.');
        var numbers = new long[4];
        for (var i = 0; i < Math.Min(4, release.Length); i++)
        {
            _ = long.TryParse(release[i], out numbers[i]);
        }

        return (numbers, label);
    }
}
