using System.Xml;
using System.Xml.Linq;
using Hermetic.Build.Core;

namespace Hermetic.Build.Tool.Init;

/// <summary>A package source <c>init</c> keeps or adds: its key and its value as written in nuget.config.</summary>
public sealed record PlannedSource(string Key, string Value);

/// <summary>What nuget.config must say after <c>init</c>: the sources (in order), the ones taken out with the
/// reason, the package source mapping (null: none needed, a single source), whether to clear fallback folders.</summary>
public sealed record NuGetConfigPlan(
    IReadOnlyList<PlannedSource> Sources,
    IReadOnlyDictionary<string, string> Removed,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Mapping,
    bool ClearFallbackFolders);

/// <summary>
/// The repository's nuget.config as Hermetic.Build needs it (HB2001–HB2005): <c>&lt;clear /&gt;</c>
/// first in <c>&lt;packageSources&gt;</c>, the planned sources, package source mapping covering every
/// package when there are several sources. The user's file is edited in place: other sections,
/// comments and entries stay; an entry is only added when missing.
/// </summary>
public static class NuGetConfigEditor
{
    private const string NewFile = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n</configuration>\n";

    public static FileEdit Edit(string path, string? existing, NuGetConfigPlan plan)
    {
        var text = existing ?? NewFile;
        var document = XmlInput.Parse(path, text, "configuration", LoadOptions.PreserveWhitespace);
        var configuration = document.Root!;

        var newLine = TextFile.NewLineOf(text);
        var unit = XmlEditing.IndentUnit(configuration);
        var notes = new List<string>();

        var sources = Section(configuration, "packageSources", unit, newLine);
        var firstElement = sources.Elements().FirstOrDefault();
        if (firstElement?.Name.LocalName != "clear")
        {
            XmlEditing.Prepend(sources, new XElement("clear"), unit, newLine);
            notes.Add("<clear /> first in <packageSources>: sources of user- and machine-level configs no longer apply (HB2002)");
        }

        foreach (var add in sources.Elements("add").ToList())
        {
            var key = (string?)add.Attribute("key");
            if (key is not null && plan.Removed.TryGetValue(key, out var why))
            {
                XmlEditing.Remove(add);
                notes.Add($"source '{key}' removed: {why}");
            }
        }

        foreach (var source in plan.Sources)
        {
            if (!sources.Elements("add").Any(a => string.Equals((string?)a.Attribute("key"), source.Key, StringComparison.OrdinalIgnoreCase)))
            {
                XmlEditing.Append(sources, new XElement("add", new XAttribute("key", source.Key), new XAttribute("value", source.Value)), unit, newLine);
                notes.Add($"source '{source.Key}' = {SecretRedactor.Redact(source.Value)}");
            }
        }

        var mappingSection = configuration.Element("packageSourceMapping");
        if (plan.Mapping is null)
        {
            if (mappingSection is not null && plan.Sources.Count <= 1)
            {
                XmlEditing.Remove(mappingSection);
                notes.Add("package source mapping removed: a single source needs none");
            }
        }
        else
        {
            mappingSection ??= Section(configuration, "packageSourceMapping", unit, newLine);
            foreach (var stale in mappingSection.Elements("packageSource").Where(e => plan.Removed.ContainsKey((string?)e.Attribute("key") ?? string.Empty)).ToList())
            {
                XmlEditing.Remove(stale);
            }

            foreach (var (key, patterns) in plan.Mapping)
            {
                var element = mappingSection.Elements("packageSource").FirstOrDefault(e => string.Equals((string?)e.Attribute("key"), key, StringComparison.OrdinalIgnoreCase));
                if (element is null)
                {
                    element = new XElement("packageSource", new XAttribute("key", key));
                    XmlEditing.Append(mappingSection, element, unit, newLine);
                }

                var added = new List<string>();
                foreach (var pattern in patterns)
                {
                    if (!element.Elements("package").Any(p => string.Equals((string?)p.Attribute("pattern"), pattern, StringComparison.OrdinalIgnoreCase)))
                    {
                        XmlEditing.Append(element, new XElement("package", new XAttribute("pattern", pattern)), unit, newLine);
                        added.Add(pattern);
                    }
                }

                if (added.Count > 0)
                {
                    notes.Add($"package source mapping '{key}': {string.Join(", ", added)}");
                }
            }
        }

        if (plan.ClearFallbackFolders)
        {
            var fallback = Section(configuration, "fallbackPackageFolders", unit, newLine);
            if (fallback.Elements().FirstOrDefault()?.Name.LocalName != "clear")
            {
                XmlEditing.Prepend(fallback, new XElement("clear"), unit, newLine);
                notes.Add("<clear /> in <fallbackPackageFolders>: packages are never taken unchecked from a fallback folder (HB2005)");
            }
        }

        if (notes.Count == 0 && existing is not null)
        {
            return FileEdit.Unchanged(path, existing);
        }

        var declaration = document.Declaration is null ? string.Empty : document.Declaration + newLine;
        // The parser reads CRLF as LF: a CRLF file is written back with CRLF.
        var after = (declaration + configuration.ToString(SaveOptions.DisableFormatting)).ReplaceLineEndings(newLine) + (text.EndsWith('\n') ? newLine : string.Empty);
        if (existing is null)
        {
            notes.Insert(0, "created");
        }

        return new FileEdit(path, existing, after, notes);
    }

    private static XElement Section(XElement configuration, string name, string unit, string newLine)
    {
        var section = configuration.Element(name);
        if (section is null)
        {
            section = new XElement(name);
            XmlEditing.Append(configuration, section, unit, newLine);
        }

        return section;
    }
}
