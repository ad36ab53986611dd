using System.Text.Encodings.Web;
using System.Text.Json;
using Hermetic.Build.Core;

namespace Hermetic.Build.Codegen;

/// <summary>A file and its SHA-256 (lowercase hex); the path is relative ('/') to the project
/// folder for inputs and to the output folder for outputs.</summary>
public sealed record StampFile(string Path, string Sha256);

/// <summary>What one generator generated from: its command, its output folder (relative to the
/// project folder), its inputs and its outputs.</summary>
public sealed record StampEntry(string Name, string Command, string OutputDirectory, IReadOnlyList<StampFile> Inputs, IReadOnlyList<StampFile> Outputs);

/// <summary>
/// The committed stamp of a project's generators, <c>&lt;project&gt;.hermetic-generate.json</c>
/// beside the project file: stable JSON (fixed key order, generators sorted by name, files by
/// path in ordinal order, two-space indentation, LF line ends, a final new line) with only
/// relative paths and no times, so that the same inputs give the same bytes on any machine.
/// </summary>
public sealed class GenerateStamp
{
    public const string Schema = "hermetic-build/generate/v1";

    public GenerateStamp(IEnumerable<StampEntry> generators)
    {
        Generators = generators
            .Select(g => g with
            {
                Inputs = g.Inputs.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
                Outputs = g.Outputs.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
            })
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<StampEntry> Generators { get; }

    public StampEntry? Find(string name) => Generators.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The stamp as bytes: UTF-8 without BOM, LF line ends.</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // Commands hold '>', '&' and quotes: keep them readable (still valid JSON).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("schema", Schema);
            writer.WriteStartArray("generators");
            foreach (var generator in Generators)
            {
                writer.WriteStartObject();
                writer.WriteString("name", generator.Name);
                writer.WriteString("command", generator.Command);
                writer.WriteString("outputDirectory", generator.OutputDirectory);
                WriteFiles(writer, "inputs", generator.Inputs);
                WriteFiles(writer, "outputs", generator.Outputs);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes the stamp atomically; an identical stamp is left untouched.</summary>
    public bool Write(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    /// <summary>Reads a stamp; a file that is not one gives <see cref="HermeticInputException"/>
    /// (HB0001 naming the file), never a silent pass.</summary>
    public static GenerateStamp Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            JsonInput.RequireUnicode(document, path);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "schema", path) != Schema)
            {
                throw new HermeticInputException(new SourceLocation(path, 1, 1), $"it is not a HermeticGenerate stamp (\"schema\" must be \"{Schema}\"); delete it and run HermeticGenerate");
            }

            var generators = new List<StampEntry>();
            foreach (var generator in Array(root, "generators", path))
            {
                generators.Add(new StampEntry(
                    String(generator, "name", path),
                    String(generator, "command", path),
                    String(generator, "outputDirectory", path),
                    Files(generator, "inputs", path),
                    Files(generator, "outputs", path)));
            }

            return new GenerateStamp(generators);
        }
        catch (JsonException e)
        {
            throw new HermeticInputException(new SourceLocation(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1),
                "the stamp is not valid JSON (" + e.Message.TrimEnd('.') + "); restore it from version control or run HermeticGenerate", e);
        }
    }

    private static void WriteFiles(Utf8JsonWriter writer, string name, IReadOnlyList<StampFile> files)
    {
        writer.WriteStartArray(name);
        foreach (var file in files)
        {
            writer.WriteStartObject();
            writer.WriteString("path", file.Path);
            writer.WriteString("sha256", file.Sha256);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static List<StampFile> Files(JsonElement element, string name, string path) =>
        Array(element, name, path).Select(f => new StampFile(String(f, "path", path), String(f, "sha256", path))).ToList();

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new HermeticInputException(new SourceLocation(path), $"the stamp has no \"{name}\" array where one is expected; restore it from version control or run HermeticGenerate");

    private static string String(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new HermeticInputException(new SourceLocation(path), $"the stamp has no \"{name}\" string where one is expected; restore it from version control or run HermeticGenerate");
}
