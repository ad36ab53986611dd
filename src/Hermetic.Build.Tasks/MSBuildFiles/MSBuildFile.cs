using System.Xml;
using System.Xml.Linq;
using Hermetic.Build.Core;

namespace Hermetic.Build.MSBuildFiles;

/// <summary>A project or imported file, parsed with line information.</summary>
public sealed class MSBuildFile
{
    private MSBuildFile(string path, XDocument document)
    {
        Path = path;
        Document = document;
    }

    public string Path { get; }

    public XDocument Document { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static MSBuildFile Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(stream, settings);
            return new MSBuildFile(path, XDocument.Load(reader, LoadOptions.SetLineInfo));
        }
        catch (XmlException e)
        {
            throw new HermeticInputException(new SourceLocation(path, e.LineNumber, e.LinePosition),
                "it is not well-formed XML (" + e.Message.TrimEnd('.') + ")", e);
        }
    }

    public SourceLocation LocationOf(XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo()
            ? new SourceLocation(Path, info.LineNumber, info.LinePosition)
            : new SourceLocation(Path);
}
