using System.Xml;
using System.Xml.Linq;
using Hermetic.Build.Core;

namespace Hermetic.Build.Tool.Init;

/// <summary>
/// Switches Hermetic.Build on repository-wide (README, "Switching it on"): Directory.Build.props imports
/// <c>Sdk.props</c> first, Directory.Build.targets imports <c>Sdk.targets</c> last, with
/// <c>Sdk="Hermetic.Build"</c> (the version comes from global.json). A user's file is edited in
/// place, its whitespace and comments kept; an import that is already there is left alone.
/// </summary>
public static class MSBuildFileEditor
{
    public const string AllowedSourcesProperty = "HermeticAllowedSources";

    /// <summary>Directory.Build.props: the import first; <c>HermeticAllowedSources</c> holding at least <paramref name="allowedSources"/>.</summary>
    public static FileEdit EditProps(string path, string? existing, IReadOnlyList<string> allowedSources) =>
        Edit(path, existing, "Sdk.props", first: true, allowedSources);

    /// <summary>Directory.Build.targets: the import last.</summary>
    public static FileEdit EditTargets(string path, string? existing) =>
        Edit(path, existing, "Sdk.targets", first: false, []);

    /// <summary>Whether a file already imports Hermetic.Build's <paramref name="sdkFile"/> (or chains to the file above, which does).</summary>
    public static bool Imports(XDocument document, string sdkFile) =>
        document.Root?.Elements().Any(e => e.Name.LocalName == "Import"
            && string.Equals((string?)e.Attribute("Sdk"), GlobalJsonEditor.SdkName, StringComparison.OrdinalIgnoreCase)
            && string.Equals((string?)e.Attribute("Project"), sdkFile, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>Whether a Directory.Build file imports the one above it (GetPathOfFileAbove): the import there then covers it.</summary>
    public static bool ChainsUp(string text) =>
        text.Contains("GetPathOfFileAbove", StringComparison.OrdinalIgnoreCase) || text.Contains("GetDirectoryNameOfFileAbove", StringComparison.OrdinalIgnoreCase);

    private static FileEdit Edit(string path, string? existing, string sdkFile, bool first, IReadOnlyList<string> allowedSources)
    {
        var import = $"<Import Project=\"{sdkFile}\" Sdk=\"{GlobalJsonEditor.SdkName}\" />";
        if (existing is null)
        {
            var lines = new List<string>
            {
                "<Project>",
                $"  <!-- Hermetic.Build checks every project of the repository; its version is in global.json \"msbuild-sdks\". -->",
                "  " + import,
            };
            if (allowedSources.Count > 0)
            {
                lines.Add("  <PropertyGroup>");
                lines.Add("    <!-- The https package sources restore may use besides the repository's own folders (HB2001). -->");
                lines.Add($"    <{AllowedSourcesProperty}>{Escape(string.Join(';', allowedSources))}</{AllowedSourcesProperty}>");
                lines.Add("  </PropertyGroup>");
            }

            lines.Add("</Project>");
            var notes = new List<string> { $"created: imports Hermetic.Build's {sdkFile} for every project below it" };
            if (allowedSources.Count > 0)
            {
                notes.Add($"{AllowedSourcesProperty}: {string.Join(", ", allowedSources.Select(SecretRedactor.Redact))}");
            }

            return new FileEdit(path, null, string.Join("\n", lines) + "\n", notes);
        }

        var document = XmlInput.Parse(path, existing, "Project", LoadOptions.PreserveWhitespace);
        var project = document.Root!;

        var changes = new List<string>();
        var ns = project.Name.Namespace;
        if (!Imports(document, sdkFile))
        {
            var element = new XElement(ns + "Import", new XAttribute("Project", sdkFile), new XAttribute("Sdk", GlobalJsonEditor.SdkName));
            Insert(project, element, first, existing);
            changes.Add(first ? $"imports Hermetic.Build's {sdkFile} first" : $"imports Hermetic.Build's {sdkFile} last");
        }

        if (allowedSources.Count > 0)
        {
            var property = project.Elements(ns + "PropertyGroup").Elements(ns + AllowedSourcesProperty).LastOrDefault();
            var current = property is null ? [] : Split(property.Value);
            var missing = allowedSources.Where(s => !current.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                var value = string.Join(';', current.Concat(missing));
                if (property is null)
                {
                    var group = new XElement(ns + "PropertyGroup", new XElement(ns + AllowedSourcesProperty, value));
                    var anchor = project.Elements(ns + "Import").FirstOrDefault(e => Imports(e, sdkFile));
                    Indent(group, IndentOf(project, existing), IndentOf(project, existing) + "  ", TextFile.NewLineOf(existing));
                    if (anchor is not null)
                    {
                        anchor.AddAfterSelf(new XText(TextFile.NewLineOf(existing) + IndentOf(project, existing)), group);
                    }
                    else
                    {
                        Insert(project, group, first: false, existing);
                    }
                }
                else
                {
                    property.Value = value;
                }

                changes.Add($"{AllowedSourcesProperty} += {string.Join(", ", missing.Select(SecretRedactor.Redact))}");
            }
        }

        if (changes.Count == 0)
        {
            return FileEdit.Unchanged(path, existing);
        }

        var declaration = document.Declaration is null ? string.Empty : document.Declaration + TextFile.NewLineOf(existing);
        // The parser reads CRLF as LF: a CRLF file is written back with CRLF.
        var text = (declaration + document.Root!.ToString(SaveOptions.DisableFormatting)).ReplaceLineEndings(TextFile.NewLineOf(existing));
        var trailing = existing.EndsWith('\n') ? TextFile.NewLineOf(existing) : string.Empty;
        return new FileEdit(path, existing, text + trailing, changes);
    }

    private static bool Imports(XElement element, string sdkFile) =>
        string.Equals((string?)element.Attribute("Sdk"), GlobalJsonEditor.SdkName, StringComparison.OrdinalIgnoreCase)
        && string.Equals((string?)element.Attribute("Project"), sdkFile, StringComparison.OrdinalIgnoreCase);

    private static List<string> Split(string value) =>
        [.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Escape(string value) => new XText(value).ToString();

    /// <summary>Adds <paramref name="element"/> as the first or last element of <paramref name="project"/>, indented like its siblings.</summary>
    private static void Insert(XElement project, XElement element, bool first, string text)
    {
        var newLine = TextFile.NewLineOf(text);
        var indent = IndentOf(project, text);
        if (first)
        {
            var firstNode = project.Nodes().FirstOrDefault(n => n is not XText);
            if (firstNode is null)
            {
                project.Add(new XText(newLine + indent), element, new XText(newLine));
            }
            else
            {
                firstNode.AddBeforeSelf(element, new XText(newLine + indent));
                if (project.FirstNode is not XText)
                {
                    project.AddFirst(new XText(newLine + indent));
                }
            }
        }
        else
        {
            var last = project.Nodes().LastOrDefault(n => n is not XText);
            if (last is null)
            {
                project.Add(new XText(newLine + indent), element, new XText(newLine));
            }
            else
            {
                last.AddAfterSelf(new XText(newLine + indent), element);
            }
        }
    }

    private static void Indent(XElement group, string outer, string inner, string newLine)
    {
        foreach (var child in group.Elements().ToList())
        {
            child.AddBeforeSelf(new XText(newLine + inner));
        }

        group.Add(new XText(newLine + outer));
    }

    /// <summary>The whitespace before the project's first child element, or two spaces.</summary>
    private static string IndentOf(XElement project, string text)
    {
        var whitespace = project.Nodes().TakeWhile(n => n is XText).OfType<XText>().Select(t => t.Value).LastOrDefault();
        if (whitespace is null)
        {
            return "  ";
        }

        var lastLine = whitespace.Split('\n')[^1].TrimEnd('\r');
        return lastLine.Length > 0 && lastLine.All(c => c is ' ' or '\t') ? lastLine : "  ";
    }
}
