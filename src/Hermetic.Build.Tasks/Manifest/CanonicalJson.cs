using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hermetic.Build.Manifest;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: object members sorted by the UTF-16 code units of their
/// names, no insignificant whitespace, strings escaped as ECMAScript's JSON.stringify does (only
/// '"', '\\' and control characters; everything else as UTF-8), numbers as ECMAScript prints a
/// double. Identical data gives identical bytes, so a hash of the bytes identifies the data.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonDocumentOptions StrictParse = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    /// <summary>The canonical UTF-8 bytes of a JSON value (null is JSON <c>null</c>).</summary>
    /// <exception cref="ArgumentException">The value holds something RFC 8785 cannot express
    /// (a lone surrogate, NaN or an infinity, a duplicate member name).</exception>
    public static byte[] Serialize(JsonNode? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The canonical text of a JSON value.</summary>
    public static string SerializeToString(JsonNode? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    /// <summary>Parses any JSON text (UTF-8) and returns its canonical form.</summary>
    /// <exception cref="JsonException">The text is not JSON, or is JSON outside I-JSON (duplicate names, lone surrogates).</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json) => Serialize(Parse(utf8Json));

    /// <summary>Parses JSON strictly (no comments, no trailing commas, no duplicate member names).</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8Json.StartsWith(bom))
        {
            utf8Json = utf8Json[bom.Length..];
        }

        // JsonDocument keeps duplicate names; JsonNode rejects them only lazily: check while converting.
        using var document = JsonDocument.Parse(utf8Json.ToArray(), StrictParse);
        try
        {
            return Convert(document.RootElement);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses to turn an escaped lone surrogate into a string; so does I-JSON.
            throw new JsonException("a string is not valid Unicode (" + e.Message.TrimEnd('.') + ")", e);
        }
    }

    /// <summary><see cref="Parse"/>, with malformed JSON as an input error naming the file.</summary>
    /// <param name="what">What the bytes are, for the message ("it", "its payload").</param>
    public static JsonNode? ParseFile(string path, ReadOnlySpan<byte> utf8Json, string what = "it")
    {
        try
        {
            return Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw new Core.HermeticInputException(new Core.SourceLocation(path), $"{what} is not valid JSON ({e.Message.TrimEnd('.')})");
        }
    }

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (obj.ContainsKey(property.Name))
                    {
                        throw new JsonException($"the member name \"{property.Name}\" appears twice in one object (RFC 8785 requires I-JSON: unique names)");
                    }

                    obj[property.Name] = Convert(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Convert(item));
                }

                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            case JsonValueKind.Number:
                // Integers that a double holds exactly stay integers; everything else is a double (I-JSON).
                if (element.TryGetInt64(out var integer) && IsSafeInteger(integer))
                {
                    return JsonValue.Create(integer);
                }

                var number = element.GetDouble();
                if (double.IsInfinity(number))
                {
                    throw new JsonException($"the number {element.GetRawText()} is outside the range of an IEEE 754 double (I-JSON)");
                }

                return JsonValue.Create(number);
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>2^53: the largest integer every JSON implementation (an IEEE double) holds exactly.</summary>
    public const long MaxSafeInteger = 9007199254740992;

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                var members = obj.ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key)); // ordinal = UTF-16 code units
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, members[i].Key);
                    builder.Append(':');
                    Write(builder, members[i].Value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
            default:
                throw new ArgumentException("unsupported JSON node " + node.GetType().Name);
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                return;
            case JsonValueKind.True:
                builder.Append("true");
                return;
            case JsonValueKind.False:
                builder.Append("false");
                return;
            case JsonValueKind.Null:
                builder.Append("null");
                return;
            case JsonValueKind.Number:
                builder.Append(FormatNumber(value));
                return;
            default:
                throw new ArgumentException("unsupported JSON value kind " + value.GetValueKind());
        }
    }

    /// <summary>Whether a double holds the integer exactly (no <c>Math.Abs</c>: it overflows on <c>long.MinValue</c>).</summary>
    private static bool IsSafeInteger(long integer) => integer is >= -MaxSafeInteger and <= MaxSafeInteger;

    /// <summary>A number of any CLR type a JsonValue may hold: integers a double holds exactly as
    /// integers, everything else as the double a reader sees.</summary>
    private static string FormatNumber(JsonValue value)
    {
        if (TryGetInteger(value, out var integer))
        {
            return IsSafeInteger(integer) ? integer.ToString(CultureInfo.InvariantCulture) : FormatDouble(integer);
        }

        if (value.TryGetValue<ulong>(out var large))
        {
            return FormatDouble(large); // above long.MaxValue, so never a safe integer
        }

        double? number = value.TryGetValue<double>(out var d) ? d
            : value.TryGetValue<float>(out var f) ? f
            : value.TryGetValue<decimal>(out var m) ? (double)m
            : value.TryGetValue<Half>(out var h) ? (double)h
            : value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var e) ? e
            : null;
        return number is { } found ? FormatDouble(found) : throw new ArgumentException("unsupported number type in a JSON value");
    }

    private static bool TryGetInteger(JsonValue value, out long integer)
    {
        long? found = value.TryGetValue<long>(out var l) ? l
            : value.TryGetValue<int>(out var i) ? i
            : value.TryGetValue<uint>(out var u) ? u
            : value.TryGetValue<short>(out var s) ? s
            : value.TryGetValue<ushort>(out var us) ? us
            : value.TryGetValue<byte>(out var b) ? b
            : value.TryGetValue<sbyte>(out var sb) ? sb
            : value.TryGetValue<ulong>(out var ul) && ul <= long.MaxValue ? (long)ul
            : null;
        integer = found ?? 0;
        return found is not null;
    }

    /// <summary>A string as RFC 8785 (ECMAScript JSON.stringify) writes it.</summary>
    public static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw new ArgumentException($"a lone surrogate U+{(int)c:X4} at index {i} cannot be canonicalized (RFC 8785 requires valid Unicode)");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>
    /// A double as ECMAScript's Number::toString prints it (RFC 8785 §3.2.2.3): the shortest digits
    /// that read back as the same double, in plain notation for exponents from -6 to 20, else
    /// <c>d.ddde±x</c>. NaN and the infinities have no JSON form.
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException("NaN and infinities cannot be written as JSON (RFC 8785)");
        }

        if (value == 0)
        {
            return "0"; // also -0
        }

        // .NET's "R" gives the shortest round-tripping digits; take them apart into digits and exponent.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, pointPosition) = Decompose(roundTrip);
        var k = digits.Length;
        var n = pointPosition; // value = 0.digits × 10^n
        var result = new StringBuilder();
        if (value < 0)
        {
            result.Append('-');
        }

        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exponent = n - 1;
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            result.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    /// <summary>Splits "1.2345E+21" or "0.00012" into significant digits ("12345") and the position
    /// of the decimal point relative to them (value = 0.digits × 10^position).</summary>
    private static (string Digits, int PointPosition) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        var all = integerPart + fraction;
        var position = integerPart.Length + exponent;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        all = all[leadingZeros..];
        position -= leadingZeros;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, position);
    }
}
