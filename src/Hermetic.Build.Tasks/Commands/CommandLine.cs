using System.Text;

namespace Hermetic.Build.Commands;

/// <summary>How a command text is split into words: by /bin/sh (what Exec runs on Unix), by cmd.exe
/// (Exec on Windows), or by PowerShell (the script of <c>pwsh -c</c>).</summary>
public enum ShellDialect
{
    Posix,
    Cmd,
    PowerShell,
}

/// <summary>One simple command of a command line: the program as written, its arguments, and, for
/// a shell started with a script (<c>sh -c '…'</c>, <c>cmd /c …</c>, <c>pwsh -c …</c>) or a
/// command substitution, the commands that script runs.</summary>
public sealed record SimpleCommand(string Program, IReadOnlyList<string> Arguments, IReadOnlyList<SimpleCommand> Inner)
{
    /// <summary>The program's file name in lower case without directory or a Windows executable
    /// extension: <c>/usr/bin/curl</c>, <c>curl.exe</c> and <c>CURL</c> are all <c>curl</c>.</summary>
    public string ProgramName
    {
        get
        {
            var name = Program.Replace('\\', '/');
            name = name[(name.LastIndexOf('/') + 1)..].ToLowerInvariant();
            foreach (var extension in new[] { ".exe", ".cmd", ".bat", ".com" })
            {
                if (name.EndsWith(extension, StringComparison.Ordinal) && name.Length > extension.Length)
                {
                    return name[..^extension.Length];
                }
            }

            return name;
        }
    }

    /// <summary>The command as one line of words (for messages).</summary>
    public string Text => string.Join(" ", new[] { Program }.Concat(Arguments).Select(Quote));

    private static string Quote(string word) =>
        word.Length == 0 || word.Any(char.IsWhiteSpace) ? "\"" + word + "\"" : word;
}

/// <summary>
/// Splits a command text, as Exec would hand it to the shell, into the simple commands it runs:
/// operators (<c>; &amp;&amp; || | &amp;</c>, new lines, sub-shells) separate commands; quoting and
/// escapes are resolved; redirections, leading variable assignments and wrappers such as
/// <c>env</c>, <c>exec</c>, <c>sudo</c>, <c>nohup</c> are skipped; shells started with a script and
/// command substitutions (<c>$(…)</c>, backquotes) are opened and their commands listed as
/// <see cref="SimpleCommand.Inner"/>. It reads what a person or a generator writes in a project
/// file; it is not a full shell (no expansion of variables, globs or aliases).
/// </summary>
public static class CommandLine
{
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "env", "exec", "command", "builtin", "sudo", "doas", "nohup", "nice", "time", "timeout", "stdbuf", "xargs", "call", "start",
    };

    /// <summary>Options of the wrappers that take a value as the next word (sudo -u user, nice -n 5).</summary>
    private static readonly Dictionary<string, string[]> WrapperOptionsWithValue = new(StringComparer.Ordinal)
    {
        ["env"] = ["-u", "-C", "--unset", "--chdir"],
        ["sudo"] = ["-u", "-g", "-C", "-h", "-p", "-U", "-r", "-t"],
        ["doas"] = ["-u", "-C"],
        ["nice"] = ["-n"],
        ["timeout"] = ["-s", "-k", "--signal", "--kill-after"],
        ["xargs"] = ["-n", "-I", "-L", "-P", "-d", "-a", "-s", "-E"],
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "!", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "in", "case", "esac",
    };

    private static readonly HashSet<string> PosixShells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "ash", "busybox" };

    /// <summary>The dialect Exec's command is run with on this operating system.</summary>
    public static ShellDialect ExecDialect => OperatingSystem.IsWindows() ? ShellDialect.Cmd : ShellDialect.Posix;

    public static IReadOnlyList<SimpleCommand> Parse(string command, ShellDialect dialect) => Parse(command, dialect, depth: 0);

    /// <summary>Every command, the inner ones of shells and substitutions included, depth first.</summary>
    public static IEnumerable<SimpleCommand> Flatten(IEnumerable<SimpleCommand> commands)
    {
        foreach (var command in commands)
        {
            yield return command;
            foreach (var inner in Flatten(command.Inner))
            {
                yield return inner;
            }
        }
    }

    private static IReadOnlyList<SimpleCommand> Parse(string command, ShellDialect dialect, int depth)
    {
        var result = new List<SimpleCommand>();
        if (depth > 8)
        {
            return result; // a script nested this deep is not something to chase further
        }

        foreach (var (words, substitutions) in new Tokenizer(command, dialect).Commands())
        {
            var nested = substitutions.SelectMany(s => Parse(s, ShellDialect.Posix, depth + 1)).ToList();
            var simple = Simplify(words, dialect, depth, nested);
            if (simple is not null)
            {
                result.Add(simple);
            }
            else
            {
                result.AddRange(nested);
            }
        }

        return result;
    }

    private static SimpleCommand? Simplify(List<string> words, ShellDialect dialect, int depth, List<SimpleCommand> nested)
    {
        var start = 0;
        while (start < words.Count)
        {
            var word = words[start];
            if (IsAssignment(word) || Keywords.Contains(word) || (dialect == ShellDialect.Cmd && word == "@"))
            {
                start++;
                continue;
            }

            var name = new SimpleCommand(word, [], []).ProgramName;
            if (Wrappers.Contains(name) && start + 1 < words.Count)
            {
                start++;
                // The wrapper's own options and assignments (env -i A=b, sudo -u x, timeout 10, nice -n 5).
                var optionsWithValue = WrapperOptionsWithValue.GetValueOrDefault(name, []);
                while (start < words.Count - 1 && (words[start].StartsWith('-') || IsAssignment(words[start])
                                                    || words[start].All(c => char.IsDigit(c) || c == '.' || c == 's' || c == 'm')))
                {
                    start += optionsWithValue.Contains(words[start]) ? 2 : 1;
                }

                continue;
            }

            break;
        }

        if (start >= words.Count)
        {
            return null;
        }

        var program = words[start].TrimStart('@');
        var arguments = words.Skip(start + 1).ToList();
        var inner = new List<SimpleCommand>(nested);
        var script = ShellScript(new SimpleCommand(program, arguments, []).ProgramName, arguments);
        if (script is { } found)
        {
            inner.AddRange(Parse(found.Text, found.Dialect, depth + 1));
        }

        return new SimpleCommand(program, arguments, inner);
    }

    /// <summary>The script a shell is started with: <c>sh -c S</c>, <c>bash -ec S</c>,
    /// <c>cmd /c S…</c>, <c>pwsh -Command S…</c>.</summary>
    private static (string Text, ShellDialect Dialect)? ShellScript(string program, List<string> arguments)
    {
        if (PosixShells.Contains(program))
        {
            for (var i = 0; i < arguments.Count - 1; i++)
            {
                var a = arguments[i];
                if (a.Length > 1 && a[0] == '-' && a[1] != '-' && a.Contains('c'))
                {
                    return (arguments[i + 1], ShellDialect.Posix);
                }
            }

            return null;
        }

        if (program == "cmd")
        {
            var index = arguments.FindIndex(a => a.Equals("/c", StringComparison.OrdinalIgnoreCase) || a.Equals("/k", StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                // cmd /c "a && b": cmd drops the outer quotes of a single quoted script.
                var script = arguments.Skip(index + 1).ToList();
                return (script.Count == 1 ? script[0] : string.Join(" ", script.Select(QuoteForCmd)), ShellDialect.Cmd);
            }

            return null;
        }

        if (program is "pwsh" or "powershell")
        {
            var index = arguments.FindIndex(a => a.Length > 1 && a[0] == '-' && "-command".StartsWith(a.ToLowerInvariant(), StringComparison.Ordinal) && a.Length >= 2);
            if (index >= 0 && index + 1 < arguments.Count)
            {
                return (string.Join(" ", arguments.Skip(index + 1)), ShellDialect.PowerShell);
            }
        }

        return null;
    }

    private static string QuoteForCmd(string word) => word.Any(char.IsWhiteSpace) ? "\"" + word + "\"" : word;

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var name = word.AsSpan(0, equals);
        return (char.IsLetter(name[0]) || name[0] == '_') && name.ToArray().All(c => char.IsLetterOrDigit(c) || c == '_');
    }

    /// <summary>Splits a text into words and command boundaries for one dialect.</summary>
    private sealed class Tokenizer(string text, ShellDialect dialect)
    {
        private int _position;

        public IEnumerable<(List<string> Words, List<string> Substitutions)> Commands()
        {
            var words = new List<string>();
            var substitutions = new List<string>();
            var skipNextWord = false;
            while (true)
            {
                var token = Next(substitutions);
                if (token is null)
                {
                    break;
                }

                var (kind, value) = token.Value;
                switch (kind)
                {
                    case TokenKind.Separator:
                        if (words.Count > 0 || substitutions.Count > 0)
                        {
                            yield return (words, substitutions);
                        }

                        words = [];
                        substitutions = [];
                        skipNextWord = false;
                        break;
                    case TokenKind.Redirection:
                        skipNextWord = !value.EndsWith('&') || value.Length == 1; // "2>&1" carries its target
                        if (value.Contains(">&") && value.Length > 2 && char.IsDigit(value[^1]))
                        {
                            skipNextWord = false;
                        }

                        break;
                    case TokenKind.Word when skipNextWord:
                        skipNextWord = false;
                        break;
                    default:
                        words.Add(value);
                        break;
                }
            }

            if (words.Count > 0 || substitutions.Count > 0)
            {
                yield return (words, substitutions);
            }
        }

        private enum TokenKind
        {
            Word,
            Separator,
            Redirection,
        }

        private (TokenKind, string)? Next(List<string> substitutions)
        {
            // Blanks (not new lines) between words.
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\r')
            {
                _position++;
            }

            if (_position >= text.Length)
            {
                return null;
            }

            var c = text[_position];
            if (dialect != ShellDialect.Cmd && c == '#')
            {
                while (_position < text.Length && text[_position] != '\n')
                {
                    _position++;
                }

                return Next(substitutions);
            }

            if (c is '\n' or ';' or '&' or '|' or '(' or ')')
            {
                _position++;
                if (_position < text.Length && (c is '&' or '|') && text[_position] == c)
                {
                    _position++;
                }
                else if (c == '&' && _position < text.Length && text[_position] == '>')
                {
                    _position++; // "&>" redirects both streams
                    return (TokenKind.Redirection, "&>");
                }

                return (TokenKind.Separator, c.ToString());
            }

            if (c is '<' or '>' || (char.IsDigit(c) && _position + 1 < text.Length && text[_position + 1] is '<' or '>'))
            {
                var start = _position;
                while (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] is '<' or '>' or '&'))
                {
                    _position++;
                    if (_position - start > 1 && text[_position - 1] == '&')
                    {
                        while (_position < text.Length && char.IsDigit(text[_position]))
                        {
                            _position++;
                        }

                        break;
                    }
                }

                return (TokenKind.Redirection, text[start.._position]);
            }

            return (TokenKind.Word, Word(substitutions));
        }

        private string Word(List<string> substitutions)
        {
            var word = new StringBuilder();
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c is ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '<' or '>' || (dialect != ShellDialect.Cmd && c is '(' or ')'))
                {
                    break;
                }

                _position++;
                switch (dialect)
                {
                    case ShellDialect.Posix when c == '\\' && _position < text.Length:
                        if (text[_position] != '\n')
                        {
                            word.Append(text[_position]);
                        }

                        _position++;
                        break;
                    case ShellDialect.PowerShell when c == '`' && _position < text.Length:
                        word.Append(text[_position++]);
                        break;
                    case ShellDialect.Cmd when c == '^' && _position < text.Length:
                        word.Append(text[_position++]);
                        break;
                    case not ShellDialect.Cmd when c == '\'':
                        while (_position < text.Length && text[_position] != '\'')
                        {
                            word.Append(text[_position++]);
                        }

                        _position++;
                        break;
                    case ShellDialect.Posix when c == '`':
                        substitutions.Add(Until('`'));
                        break;
                    case ShellDialect.Posix when c == '$' && _position < text.Length && text[_position] == '(':
                        _position++;
                        substitutions.Add(Balanced());
                        break;
                    case ShellDialect.Cmd when c == '(' || c == ')':
                        break;
                    case var _ when c == '"':
                        DoubleQuoted(word, substitutions);
                        break;
                    default:
                        word.Append(c);
                        break;
                }
            }

            return word.ToString();
        }

        private void DoubleQuoted(StringBuilder word, List<string> substitutions)
        {
            while (_position < text.Length && text[_position] != '"')
            {
                var c = text[_position++];
                if (dialect == ShellDialect.Posix && c == '\\' && _position < text.Length && text[_position] is '$' or '`' or '"' or '\\' or '\n')
                {
                    word.Append(text[_position++]);
                }
                else if (dialect == ShellDialect.PowerShell && c == '`' && _position < text.Length)
                {
                    word.Append(text[_position++]);
                }
                else if (dialect == ShellDialect.Posix && c == '$' && _position < text.Length && text[_position] == '(')
                {
                    _position++;
                    substitutions.Add(Balanced());
                }
                else if (dialect == ShellDialect.Posix && c == '`')
                {
                    substitutions.Add(Until('`'));
                }
                else
                {
                    word.Append(c);
                }
            }

            _position++;
        }

        private string Until(char end)
        {
            var start = _position;
            while (_position < text.Length && text[_position] != end)
            {
                _position++;
            }

            var inner = text[start..Math.Min(_position, text.Length)];
            _position++;
            return inner;
        }

        /// <summary>The text up to the parenthesis that closes <c>$(</c>, quotes respected.</summary>
        private string Balanced()
        {
            var start = _position;
            var depth = 1;
            while (_position < text.Length)
            {
                var c = text[_position++];
                if (c == '\'')
                {
                    while (_position < text.Length && text[_position++] != '\'')
                    {
                    }
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    return text[start..(_position - 1)];
                }
            }

            return text[start..];
        }
    }
}
