using System.Xml;
using Hermetic.Build.Core;

namespace Hermetic.Build.Sources;

/// <summary>One element of a nuget.config section, where it is written: <c>&lt;add key="…" value="…" /&gt;</c>,
/// <c>&lt;clear /&gt;</c>, or a section element itself (<c>Key</c> and <c>Value</c> are then null).</summary>
/// <param name="Section">The section path: <c>packageSources</c>, or
/// <c>packageSourceCredentials/&lt;source&gt;</c> for the credentials of one source.</param>
public sealed record NuGetConfigEntry(string File, string Section, string ElementName, string? Key, string? Value, int Line, int Column)
{
    public SourceLocation Location => new(File, Line, Column);
}

/// <summary>
/// Where the entries of one nuget.config are written, with their lines: NuGet.Configuration reads
/// the settings (the hierarchy, <c>&lt;clear /&gt;</c>, disabled sources); this only finds the
/// line of an entry NuGet reported, and the entries of a file that NuGet merges away
/// (<c>&lt;clear /&gt;</c> itself, credentials).
/// </summary>
public sealed class NuGetConfigFile
{
    private NuGetConfigFile(string path, IReadOnlyList<NuGetConfigEntry> entries)
    {
        Path = path;
        Entries = entries;
    }

    public string Path { get; }

    /// <summary>Every section element and every element directly inside a section, in file order.</summary>
    public IReadOnlyList<NuGetConfigEntry> Entries { get; }

    public IEnumerable<NuGetConfigEntry> In(string section) =>
        Entries.Where(e => e.Key is not null || e.ElementName == "clear").Where(e => string.Equals(e.Section, section, StringComparison.OrdinalIgnoreCase));

    /// <summary>The element of a section itself (<c>&lt;packageSources&gt;</c>), if the file has it.</summary>
    public NuGetConfigEntry? SectionElement(string section) =>
        Entries.FirstOrDefault(e => e.Key is null && e.ElementName != "clear" && string.Equals(e.Section, section, StringComparison.OrdinalIgnoreCase));

    public bool Clears(string section) => In(section).Any(e => e.ElementName == "clear");

    public static NuGetConfigFile Load(string path) => Parse(path, File.ReadAllText(path));

    public static NuGetConfigFile Parse(string path, string text)
    {
        var entries = new List<NuGetConfigEntry>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            var info = (IXmlLineInfo)reader;
            var stack = new List<string>();
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var name = reader.LocalName;
                var depth = stack.Count;
                if (depth == 1)
                {
                    // A section: <packageSources>.
                    entries.Add(new NuGetConfigEntry(path, name, name, null, null, info.LineNumber, info.LinePosition));
                }
                else if (depth == 2)
                {
                    var section = stack[1];
                    if (name is "add" or "clear")
                    {
                        entries.Add(new NuGetConfigEntry(path, section, name, reader.GetAttribute("key"), reader.GetAttribute("value"), info.LineNumber, info.LinePosition));
                    }
                    else
                    {
                        // A nested section: <packageSourceCredentials><MyFeed>, <packageSourceMapping><packageSource key="…">.
                        var key = reader.GetAttribute("key");
                        var nested = section + "/" + (key ?? XmlConvert.DecodeName(name));
                        entries.Add(new NuGetConfigEntry(path, nested, name, null, null, info.LineNumber, info.LinePosition));
                    }
                }
                else if (depth == 3)
                {
                    var owner = entries.LastOrDefault(e => e.Key is null && e.ElementName != "clear" && e.Section.Contains('/'));
                    var section = owner?.Section ?? stack[1] + "/" + stack[2];
                    entries.Add(new NuGetConfigEntry(path, section, name, reader.GetAttribute("key") ?? reader.GetAttribute("pattern"),
                        reader.GetAttribute("value"), info.LineNumber, info.LinePosition));
                }

                if (!reader.IsEmptyElement)
                {
                    stack.Add(name);
                }
            }
        }
        catch (XmlException e)
        {
            throw XmlInput.NotXml(path, e);
        }

        return new NuGetConfigFile(path, entries);
    }
}
