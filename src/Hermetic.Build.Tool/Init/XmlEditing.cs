using System.Xml.Linq;

namespace Hermetic.Build.Tool.Init;

/// <summary>Adds and removes elements of a document loaded with its whitespace, keeping the file's indentation style.</summary>
internal static class XmlEditing
{
    public static string IndentUnit(XElement root)
    {
        var text = root.Nodes().OfType<XText>().Select(t => t.Value).FirstOrDefault(v => v.Contains('\n'));
        var last = text?.Split('\n')[^1].TrimEnd('\r');
        return string.IsNullOrEmpty(last) || !last.All(c => c is ' ' or '\t') ? "  " : last;
    }

    private static int Depth(XElement element) => element.Ancestors().Count();

    /// <summary>Appends <paramref name="child"/> as the last child element of <paramref name="parent"/>, on its own line.</summary>
    public static void Append(XElement parent, XElement child, string unit, string newLine)
    {
        var indent = string.Concat(Enumerable.Repeat(unit, Depth(parent) + 1));
        var closing = string.Concat(Enumerable.Repeat(unit, Depth(parent)));
        if (parent.IsEmpty || !parent.Nodes().Any())
        {
            parent.Add(new XText(newLine + indent), child, new XText(newLine + closing));
            return;
        }

        var lastElement = parent.Nodes().LastOrDefault(n => n is not XText);
        if (lastElement is null)
        {
            parent.AddFirst(new XText(newLine + indent), child);
            return;
        }

        lastElement.AddAfterSelf(new XText(newLine + indent), child);
    }

    /// <summary>Inserts <paramref name="child"/> before every other child element of <paramref name="parent"/>.</summary>
    public static void Prepend(XElement parent, XElement child, string unit, string newLine)
    {
        var first = parent.Nodes().FirstOrDefault(n => n is not XText);
        if (first is null)
        {
            Append(parent, child, unit, newLine);
            return;
        }

        var indent = string.Concat(Enumerable.Repeat(unit, Depth(parent) + 1));
        first.AddBeforeSelf(child, new XText(newLine + indent));
        if (child.PreviousNode is not XText)
        {
            child.AddBeforeSelf(new XText(newLine + indent));
        }
    }

    /// <summary>Removes an element and the whitespace that put it on its own line.</summary>
    public static void Remove(XElement element)
    {
        if (element.PreviousNode is XText text && string.IsNullOrWhiteSpace(text.Value))
        {
            text.Remove();
        }

        element.Remove();
    }

    /// <summary>An element written in multi-line form, indented for its place in the document.</summary>
    public static XElement Open(XName name, params object[] attributes) => new(name, attributes);
}
