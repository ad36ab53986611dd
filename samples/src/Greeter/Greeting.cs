namespace Greeter;

public static class Greeting
{
    /// <summary>The greeting in <paramref name="language"/> (from the generated table), English otherwise.</summary>
    public static string For(string name, string language = "en") =>
        $"{Generated.Greetings.Salutation(language) ?? Generated.Greetings.Salutation("en")}, {name}: built hermetically.";
}
