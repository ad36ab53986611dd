using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Hermetic.Build.Manifest;

namespace Hermetic.Build.Tests.Manifest;

/// <summary>RFC 8785 (JSON Canonicalization Scheme): the RFC's own examples, and properties over random JSON.</summary>
public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));

    /// <summary>RFC 8785 §3.2.2's input and §3.2.3's output: sorted members, ECMAScript numbers, minimal string escapes.</summary>
    [Fact]
    public void The_RFC_example_canonicalizes_to_the_RFC_output()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;

        var canonical = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(input));

        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        Assert.Equal(expected, Encoding.UTF8.GetString(canonical));
        // The RFC gives the bytes in hex too: the Euro sign is UTF-8 E2 82 AC, not an escape.
        Assert.Equal(new byte[] { 0x22, 0xE2, 0x82, 0xAC, 0x24 }, canonical.AsSpan(canonical.AsSpan().IndexOf("\"string\":"u8) + 9, 5).ToArray());
    }

    /// <summary>RFC 8785 §3.2.3: names sort by UTF-16 code units, so the emoji (0xD83D…) sorts before U+FB33.</summary>
    [Fact]
    public void Members_sort_by_UTF16_code_units_as_in_the_RFC()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        var values = JsonNode.Parse(Canonical(input))!.AsObject().Select(m => (string)m.Value!).ToArray();

        Assert.Equal<string>(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            values);
    }

    /// <summary>RFC 8785 Appendix B: IEEE 754 doubles (as bit patterns) and the text JCS requires.</summary>
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Numbers_are_written_as_the_RFC_appendix_says(ulong bits, string expected)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);

        Assert.Equal(expected, CanonicalJson.FormatDouble(value));
        Assert.Equal("[" + expected + "]", Encoding.UTF8.GetString(CanonicalJson.Serialize(new JsonArray(JsonValue.Create(value)))));
        // And the text read back as JSON gives the same canonical text.
        Assert.Equal("[" + expected + "]", Canonical("[" + expected + "]"));
    }

    [Theory]
    [InlineData(0x7fffffffffffffffUL)] // NaN
    [InlineData(0x7ff0000000000000UL)] // Infinity
    [InlineData(0xfff0000000000000UL)] // -Infinity
    public void NaN_and_infinities_are_refused(ulong bits)
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.FormatDouble(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Fact]
    public void Control_characters_use_the_short_escapes_or_lowercase_u_escapes_and_nothing_else_is_escaped()
    {
        var all = new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray()) + "\"\\/\u007f\u2028\u00e9\U0001F600<>&'";
        var builder = new StringBuilder();

        CanonicalJson.WriteString(builder, all);

        Assert.Equal(
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
            + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
            + "\\\"\\\\/\u007f\u2028\u00e9\U0001F600<>&'\"",
            builder.ToString());
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create("a\ud800b")));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create("\udc00")));
    }

    [Theory]
    [InlineData("[\"\\ud800\"]")]
    [InlineData("{\"\\udc00x\":1}")]
    [InlineData("[1e400]")]
    [InlineData("[1,]")]
    [InlineData("// comment\n1")]
    public void Text_outside_I_JSON_is_a_JSON_error(string json)
    {
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Duplicate_member_names_are_refused()
    {
        Assert.Throws<JsonException>(() => CanonicalJson.Canonicalize("{\"a\":1,\"a\":2}"u8));
    }

    [Fact]
    public void Whitespace_is_dropped_and_integers_stay_integers()
    {
        Assert.Equal("{\"a\":[1,-2,9007199254740992],\"b\":{}}", Canonical(" { \"b\" : { } ,\n\t\"a\" : [ 1 , -2 , 9007199254740992 ] } "));
    }

    [Fact]
    public void Integers_beyond_two_to_the_53_are_written_as_a_double_reader_sees_them()
    {
        Assert.Equal("[18014398509481984]", Canonical("[18014398509481985]"));
        Assert.Equal("[1e+21]", Encoding.UTF8.GetString(CanonicalJson.Serialize(new JsonArray(JsonValue.Create(1_000_000_000_000_000_000_000.0)))));
    }

    [Theory]
    [InlineData("-9223372036854775808", "-9223372036854776000")]
    [InlineData("9223372036854775807", "9223372036854776000")]
    [InlineData("18446744073709551615", "18446744073709552000")]
    [InlineData("-9007199254740992", "-9007199254740992")]
    public void The_extremes_of_64_bit_integers_are_written_as_a_double_reader_sees_them(string number, string expected)
    {
        Assert.Equal("[" + expected + "]", Canonical("[" + number + "]"));
        Assert.Equal("[" + expected + "]", Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonNode.Parse("[" + number + "]"))));
    }

    /// <summary>Any 64-bit integer, parsed from text or held as a long: the canonical form is the
    /// integer when a double holds it exactly, else the double's form, and never an exception.</summary>
    [Fact]
    public void Every_long_canonicalizes_as_the_double_a_reader_sees()
    {
        Prop.ForAll(Arb.From(Gen.OneOf(ArbMap.Default.GeneratorFor<long>(), Gen.Elements(long.MinValue, long.MaxValue, long.MinValue + 1, -CanonicalJson.MaxSafeInteger - 1))), integer =>
            {
                var expected = integer is >= -CanonicalJson.MaxSafeInteger and <= CanonicalJson.MaxSafeInteger
                    ? integer.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : CanonicalJson.FormatDouble(integer);
                var fromText = Canonical(integer.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var fromValue = CanonicalJson.SerializeToString(JsonValue.Create(integer));
                return fromText == expected && fromValue == expected;
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    /// <summary>A JsonValue may hold any CLR number: each is written as the same number held as a double
    /// (or as a long, for integers), whatever its type.</summary>
    [Fact]
    public void Numbers_of_every_CLR_type_are_written_as_their_value()
    {
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<int>()), n =>
            {
                var expected = CanonicalJson.SerializeToString(JsonValue.Create((long)n));
                return CanonicalJson.SerializeToString(JsonValue.Create(n)) == expected
                       && CanonicalJson.SerializeToString(JsonValue.Create((short)n)) == CanonicalJson.SerializeToString(JsonValue.Create((long)(short)n))
                       && CanonicalJson.SerializeToString(JsonValue.Create((byte)n)) == CanonicalJson.SerializeToString(JsonValue.Create((long)(byte)n))
                       && CanonicalJson.SerializeToString(JsonValue.Create((sbyte)n)) == CanonicalJson.SerializeToString(JsonValue.Create((long)(sbyte)n))
                       && CanonicalJson.SerializeToString(JsonValue.Create((ushort)n)) == CanonicalJson.SerializeToString(JsonValue.Create((long)(ushort)n))
                       && CanonicalJson.SerializeToString(JsonValue.Create((uint)n)) == CanonicalJson.SerializeToString(JsonValue.Create((long)(uint)n))
                       && CanonicalJson.SerializeToString(JsonValue.Create((decimal)n)) == expected
                       && CanonicalJson.SerializeToString(JsonValue.Create((double)n)) == expected;
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<ulong>()), n =>
                CanonicalJson.SerializeToString(JsonValue.Create(n)) == (n <= long.MaxValue
                    ? CanonicalJson.SerializeToString(JsonValue.Create((long)n))
                    : CanonicalJson.FormatDouble(n)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<float>().Where(float.IsFinite)), f =>
                CanonicalJson.SerializeToString(JsonValue.Create(f)) == CanonicalJson.FormatDouble(f))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
        Assert.Equal("7.922816251426434e+28", CanonicalJson.SerializeToString(JsonValue.Create(decimal.MaxValue)));
        Assert.Equal("18446744073709552000", CanonicalJson.SerializeToString(JsonValue.Create(ulong.MaxValue)));
        Assert.Equal("-9223372036854776000", CanonicalJson.SerializeToString(JsonValue.Create(long.MinValue)));
    }

    [Fact]
    public void Canonical_JSON_read_back_and_written_again_is_byte_identical()
    {
        Prop.ForAll(Arb.From(JsonGenerators.Value(3)), value =>
            {
                var once = CanonicalJson.Serialize(value);
                var twice = CanonicalJson.Canonicalize(once);
                return once.AsSpan().SequenceEqual(twice);
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void The_order_members_were_added_in_does_not_change_the_bytes()
    {
        Prop.ForAll(Arb.From(JsonGenerators.Members()), members =>
            {
                var forward = new JsonObject(members.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
                var backward = new JsonObject(members.AsEnumerable().Reverse().Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
                return CanonicalJson.Serialize(forward).AsSpan().SequenceEqual(CanonicalJson.Serialize(backward));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Canonical_JSON_means_the_same_as_its_input()
    {
        Prop.ForAll(Arb.From(JsonGenerators.Value(3)), value =>
            {
                var indented = value?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
                var canonical = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(indented));
                return JsonNode.DeepEquals(JsonNode.Parse(indented), JsonNode.Parse(canonical));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}

/// <summary>Random JSON within what RFC 8785 accepts (valid Unicode strings, finite numbers, unique names).</summary>
internal static class JsonGenerators
{
    public static Gen<string> Text() =>
        Gen.OneOf(
                Gen.Choose(0, 0x7f).Select(c => ((char)c).ToString()),
                Gen.Choose(0x80, 0xd7ff).Select(c => ((char)c).ToString()),
                Gen.Choose(0xe000, 0xffff).Select(c => ((char)c).ToString()),
                Gen.Choose(0x10000, 0x10ffff).Select(char.ConvertFromUtf32))
            .ListOf()
            .Select(parts => string.Concat(parts));

    public static Gen<JsonNode?> Leaf() =>
        Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.GeneratorFor<long>().Select(l => (JsonNode?)JsonValue.Create(l % CanonicalJson.MaxSafeInteger)),
            ArbMap.Default.GeneratorFor<ulong>().Select(BitConverter.UInt64BitsToDouble).Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
            Text().Select(s => (JsonNode?)JsonValue.Create(s)));

    public static Gen<JsonNode?> Value(int depth) => depth <= 0
        ? Leaf()
        : Gen.OneOf(
            Leaf(),
            Value(depth - 1).ListOf().Select(items => (JsonNode?)new JsonArray(items.ToArray())),
            Gen.Zip(Text(), Value(depth - 1)).ListOf().Select(members =>
            {
                var obj = new JsonObject();
                foreach (var (name, item) in members)
                {
                    obj[name] = item; // a repeated name replaces: names stay unique
                }

                return (JsonNode?)obj;
            }));

    public static Gen<KeyValuePair<string, string>[]> Members() =>
        Gen.Zip(Text(), Text()).ListOf()
            .Select(pairs => pairs.GroupBy(p => p.Item1).Select(g => KeyValuePair.Create(g.Key, g.First().Item2)).ToArray());
}
