using System.Xml;
using System.Xml.Linq;

namespace Hermetic.Build.Core;

/// <summary>An XML file the build does not control: malformed XML, or another root element than
/// expected, is an input error naming the file, line and column.</summary>
public static class XmlInput
{
    /// <exception cref="HermeticInputException">The text is not XML, or its root is not <paramref name="rootName"/>.</exception>
    public static XDocument Parse(string path, string text, string? rootName = null, LoadOptions options = LoadOptions.None)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text, options);
        }
        catch (XmlException e)
        {
            throw NotXml(path, e);
        }

        if (rootName is not null && document.Root?.Name.LocalName != rootName)
        {
            throw new HermeticInputException(new SourceLocation(path, 1, 1), $"its root element is not <{rootName}>");
        }

        return document;
    }

    /// <summary>The input error for an <see cref="XmlException"/> met while reading <paramref name="path"/>.</summary>
    public static HermeticInputException NotXml(string path, XmlException e) =>
        new(new SourceLocation(path, e.LineNumber, e.LinePosition), "it is not valid XML (" + e.Message.TrimEnd('.') + ")", e);
}
