using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hermetic.Build.Core;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Verify;

/// <summary>One step of the proof and how it went.</summary>
public sealed record VerifyCheck(string Name, string Result, string Detail)
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string NotRun = "not run";
    public const string NoneDeclared = "none declared";
    public const string Warning = "warning";
}

/// <summary>One verification build: its variation and outcome.</summary>
/// <param name="FirstErrors">For a failed build: the first error lines of its log (else its last lines), paths as the user has them.</param>
public sealed record VerifyCopy(BuildVariation Variation, int FilesCopied, int ExitCode, bool NetworkBlocked, IReadOnlyList<string>? FirstErrors = null);

/// <summary>
/// The outcome of a VerifyHermetic run, written as <c>verify.json</c> (machine-readable, stable:
/// sorted, no absolute paths, no clock times) and <c>verify.md</c> (a summary for a person, also
/// appended to <c>$GITHUB_STEP_SUMMARY</c>).
/// </summary>
public sealed class VerifyReport
{
    public const string Schema = "hermetic-build/verify/v1";

    public string EntryPoint { get; init; } = string.Empty;

    public string Configuration { get; init; } = string.Empty;

    public string? Commit { get; init; }

    public bool Dirty { get; init; }

    /// <summary>The network isolation in force: <c>namespace</c> or <c>proxy</c> (null: the run stopped before choosing).</summary>
    public string? Isolation { get; set; }

    public List<VerifyCheck> Checks { get; } = [];

    public List<VerifyCopy> Copies { get; } = [];

    public IReadOnlyList<ProjectOutputs> Projects { get; set; } = [];

    public IReadOnlyList<ComparedFile> Files { get; set; } = [];

    public List<FileDifference> Differences { get; } = [];

    /// <summary>Outputs left out of the comparison (built-in list or HermeticVerifyExclude), each with its reason.</summary>
    public List<ExcludedFile> Excluded { get; } = [];

    /// <summary>Errors and warnings of the verification builds, paths relative to the repository.</summary>
    public List<ChildDiagnostic> BuildDiagnostics { get; } = [];

    public List<string> BaselineManifests { get; } = [];

    public bool Passed => Checks.All(c => c.Result != VerifyCheck.Failed) && Differences.Count == 0 && !BuildDiagnostics.Any(d => d.IsError);

    public string Result => Passed ? VerifyCheck.Passed : VerifyCheck.Failed;

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("result", Result);
            json.WriteString("entryPoint", EntryPoint);
            json.WriteString("configuration", Configuration);
            json.WriteStartObject("source");
            if (Commit is null)
            {
                json.WriteNull("commit");
            }
            else
            {
                json.WriteString("commit", Commit);
            }

            json.WriteBoolean("dirty", Dirty);
            json.WriteEndObject();
            if (Isolation is null)
            {
                json.WriteNull("isolation");
            }
            else
            {
                json.WriteString("isolation", Isolation);
            }

            json.WriteStartArray("checks");
            foreach (var check in Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("result", check.Result);
                json.WriteString("detail", check.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("builds");
            foreach (var copy in Copies)
            {
                json.WriteStartObject();
                json.WriteString("name", copy.Variation.Name);
                json.WriteNumber("exitCode", copy.ExitCode);
                json.WriteNumber("filesCopied", copy.FilesCopied);
                json.WriteBoolean("networkBlocked", copy.NetworkBlocked);
                json.WriteStartObject("variation");
                foreach (var (key, value) in copy.Variation.Described())
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("projects");
            foreach (var project in Projects)
            {
                json.WriteStartObject();
                json.WriteString("path", project.Project);
                json.WriteStartArray("targetFrameworks");
                foreach (var framework in project.TargetFrameworks)
                {
                    json.WriteStringValue(framework);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("filesCompared");
            foreach (var file in Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteBoolean("identical", file.Identical);
                WriteSide(json, "a", file.Sha256A, file.SizeA);
                WriteSide(json, "b", file.Sha256B, file.SizeB);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("excluded");
            foreach (var file in Excluded.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteString("reason", file.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("baseline");
            foreach (var manifest in BaselineManifests.Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(manifest);
            }

            json.WriteEndArray();

            json.WriteStartArray("differences");
            foreach (var difference in SortedDifferences())
            {
                json.WriteStartObject();
                json.WriteString("code", difference.Code);
                json.WriteString("file", difference.File);
                json.WriteString("where", difference.Where);
                if (difference.Against is not null)
                {
                    json.WriteString("against", difference.Against);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("buildDiagnostics");
            foreach (var diagnostic in BuildDiagnostics)
            {
                json.WriteStartObject();
                json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
                json.WriteString("code", diagnostic.Code ?? string.Empty);
                json.WriteString("file", diagnostic.File ?? string.Empty);
                json.WriteNumber("line", diagnostic.Line);
                json.WriteNumber("column", diagnostic.Column);
                json.WriteString("message", diagnostic.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteSide(Utf8JsonWriter json, string name, string? sha256, long? size)
    {
        if (sha256 is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("sha256", sha256);
        json.WriteNumber("size", size ?? 0);
        json.WriteEndObject();
    }

    private IEnumerable<FileDifference> SortedDifferences() =>
        Differences.OrderBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Where, StringComparer.Ordinal);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## VerifyHermetic: {(Passed ? "passed ✅" : "failed ❌")}\n\n");
        md.Append(CultureInfo.InvariantCulture,
            $"`{EntryPoint}` ({Configuration}) at {(Commit is null ? "no commit" : "commit `" + Commit[..Math.Min(12, Commit.Length)] + "`")}{(Dirty ? " with uncommitted changes" : string.Empty)}: copied twice, restored and built in CI mode under two environments, outputs compared.\n\n");
        if (Isolation is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"Network isolation: **{Isolation}**.\n\n");
        }

        md.Append("| check | result | detail |\n|---|---|---|\n");
        foreach (var check in Checks)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(check.Name)} | {check.Result} | {Cell(check.Detail)} |\n");
        }

        md.Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"**Projects ({Projects.Count}):** ");
        md.Append(Projects.Count == 0 ? "none built" : string.Join(", ", Projects.Select(p => $"`{p.Project}`" + (p.TargetFrameworks.Count > 0 ? " (" + string.Join(", ", p.TargetFrameworks) + ")" : string.Empty))));
        md.Append("\n\n");
        md.Append(CultureInfo.InvariantCulture, $"**Files compared:** {Files.Count}, identical: {Files.Count(f => f.Identical)}; excluded: {Excluded.Count}.\n");

        if (Excluded.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n### Excluded from the comparison ({Excluded.Count})\n\n| file | reason |\n|---|---|\n");
            foreach (var file in Excluded.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{Cell(file.Path)}` | {Cell(file.Reason)} |\n");
            }
        }

        var differences = SortedDifferences().ToList();
        if (differences.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n### Differences ({differences.Count})\n\n| code | file | where |\n|---|---|---|\n");
            foreach (var difference in differences)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {difference.Code} | `{Cell(difference.File)}` | {Cell(difference.Where)}{(difference.Against is null ? string.Empty : " (baseline `" + Cell(difference.Against) + "`)")} |\n");
            }
        }

        foreach (var copy in Copies.Where(c => c.FirstErrors is { Count: > 0 }))
        {
            md.Append(CultureInfo.InvariantCulture,
                $"\n### Build {copy.Variation.Name} failed (exit code {copy.ExitCode}): the first errors of build-{copy.Variation.Name.ToLowerInvariant()}.log\n\n```text\n");
            foreach (var line in copy.FirstErrors!)
            {
                md.Append(SecretRedactor.Redact(line)).Append('\n');
            }

            md.Append("```\n");
        }

        var errors = BuildDiagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n### Build errors ({errors.Count})\n\n");
            foreach (var error in errors.Take(20))
            {
                md.Append(CultureInfo.InvariantCulture, $"- {error.Code} {(error.File is null ? string.Empty : "`" + error.File + (error.Line > 0 ? $"({error.Line})" : string.Empty) + "` ")}{Cell(error.Message)}\n");
            }
        }

        return md.ToString();
    }

    private static string Cell(string text) => SecretRedactor.Redact(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Writes verify.json and verify.md into <paramref name="directory"/>; returns their paths.</summary>
    public (string Json, string Markdown) Write(string directory)
    {
        var json = Path.Combine(directory, "verify.json");
        var markdown = Path.Combine(directory, "verify.md");
        AtomicFile.WriteAllBytes(json, ToJson());
        AtomicFile.WriteAllText(markdown, ToMarkdown());
        return (json, markdown);
    }

    /// <summary>Appends verify.md to a CI system's step summary (<c>$GITHUB_STEP_SUMMARY</c>) when one is named; returns what went wrong, if anything.</summary>
    public string? AppendToStepSummary(string? summaryFile)
    {
        if (string.IsNullOrEmpty(summaryFile))
        {
            return null;
        }

        try
        {
            File.AppendAllText(summaryFile, ToMarkdown() + "\n");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
