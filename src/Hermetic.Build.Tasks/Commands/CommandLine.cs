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
    /// <summary>The variables the command line sets for this command: <c>A=1 cmd</c>, <c>env A=1 cmd</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Assignments { get; init; } = [];

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
        "busybox", "setsid", "ionice", "unbuffer", "nocache", "eatmydata", "fakeroot", "proxychains", "proxychains4", "torsocks",
        "chronic", "mono", "wine", "start-process", "saps", "runas", "caffeinate", "flatpak-spawn", "scl",
    };

    /// <summary>Options of the wrappers that take a value as the next word (sudo -u user, nice -n 5).</summary>
    private static readonly Dictionary<string, string[]> WrapperOptionsWithValue = new(StringComparer.Ordinal)
    {
        ["env"] = ["-u", "-C", "--unset", "--chdir"],
        ["exec"] = ["-a"],
        ["ionice"] = ["-c", "-n", "-p", "--class", "--classdata"],
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

    private static readonly HashSet<string> PosixShells = new(StringComparer.Ordinal) { "sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "fish", "csh", "tcsh" };

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
        var assignments = new List<KeyValuePair<string, string>>();
        var start = 0;
        while (start < words.Count)
        {
            var word = words[start];
            if (IsAssignment(word))
            {
                var equals = word.IndexOf('=');
                assignments.Add(KeyValuePair.Create(word[..equals], word[(equals + 1)..]));
                start++;
                continue;
            }

            // cmd's "@" echo switch, PowerShell's script blocks, an empty title of cmd's start.
            if (Keywords.Contains(word) || word.Trim('@', '{', '}').Length == 0)
            {
                start++;
                continue;
            }

            var name = new SimpleCommand(word, [], []).ProgramName;
            if (name == "command" && words.Skip(start + 1).TakeWhile(w => w.StartsWith('-')).Any(w => w.Contains('v') || w.Contains('V')))
            {
                return null; // command -v curl: a question about curl, which does not run it
            }

            if (name == "env" && words.FindIndex(start + 1, w => w is "-S" or "--split-string" || w.StartsWith("--split-string=", StringComparison.Ordinal)) is var split and > 0)
            {
                // env -S 'curl x': env splits the string into the command it runs.
                var text = words[split].Contains('=') ? words[split][(words[split].IndexOf('=') + 1)..] : split + 1 < words.Count ? words[split + 1] : string.Empty;
                var rest = string.Join(" ", new[] { text }.Concat(words.Skip(split + 2).Select(QuoteForPosix)));
                return new SimpleCommand(words[start], words.Skip(start + 1).ToList(), [.. nested, .. Parse(rest, ShellDialect.Posix, depth + 1)]);
            }

            if (Wrappers.Contains(name) && start + 1 < words.Count)
            {
                start++;
                // The wrapper's own options and assignments (env -i A=b, sudo -u x, timeout 10, nice -n 5, start /b "").
                var optionsWithValue = WrapperOptionsWithValue.GetValueOrDefault(name, []);
                while (start < words.Count - 1 && (words[start].StartsWith('-') || IsAssignment(words[start]) || words[start].Length == 0
                                                    || (name is "start" or "call" or "runas" && words[start].StartsWith('/'))
                                                    || words[start].All(c => char.IsDigit(c) || c == '.' || c == 's' || c == 'm')))
                {
                    if (IsAssignment(words[start]))
                    {
                        var equals = words[start].IndexOf('=');
                        assignments.Add(KeyValuePair.Create(words[start][..equals], words[start][(equals + 1)..]));
                    }

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

        var program = words[start].TrimStart('@', '{').TrimEnd('}');
        var arguments = words.Skip(start + 1).ToList();
        var inner = new List<SimpleCommand>(nested);
        var programName = new SimpleCommand(program, arguments, []).ProgramName;
        var script = ShellScript(programName, arguments);
        if (script is { } found)
        {
            inner.AddRange(Parse(found.Text, found.Dialect, depth + 1));
        }

        // find -exec CMD {} ';' runs CMD for every file it finds.
        if (programName == "find")
        {
            for (var i = 0; i < arguments.Count - 1; i++)
            {
                if (arguments[i] is "-exec" or "-execdir" or "-ok" or "-okdir")
                {
                    var run = arguments.Skip(i + 1).TakeWhile(a => a is not (";" or "+")).ToList();
                    inner.AddRange(Parse(string.Join(" ", run.Select(QuoteForPosix)), ShellDialect.Posix, depth + 1));
                }
            }
        }

        return new SimpleCommand(program, arguments, inner) { Assignments = assignments };
    }

    private static string QuoteForPosix(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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

            // -EncodedCommand (-e, -ec, -enc…): the script in base64 of UTF-16LE.
            var encoded = arguments.FindIndex(a => a.Length > 1 && a[0] == '-' && (a.Equals("-e", StringComparison.OrdinalIgnoreCase)
                || a.Equals("-ec", StringComparison.OrdinalIgnoreCase) || (a.Length >= 4 && "-encodedcommand".StartsWith(a.ToLowerInvariant(), StringComparison.Ordinal))));
            if (encoded >= 0 && encoded + 1 < arguments.Count)
            {
                try
                {
                    return (Encoding.Unicode.GetString(Convert.FromBase64String(arguments[encoded + 1])), ShellDialect.PowerShell);
                }
                catch (FormatException)
                {
                    return null;
                }
            }

            // Windows PowerShell takes its first bare argument as the command (pwsh takes it as a file).
            var file = arguments.FindIndex(a => a.Length > 1 && a[0] == '-' && "-file".StartsWith(a.ToLowerInvariant(), StringComparison.Ordinal));
            if (program == "powershell" && file < 0 && arguments.FindIndex(a => !a.StartsWith('-')) is var first and >= 0
                && (first == 0 || !PowerShellOptionsWithValue.Contains(arguments[first - 1].ToLowerInvariant())))
            {
                return (string.Join(" ", arguments.Skip(first)), ShellDialect.PowerShell);
            }
        }

        if (program is "eval")
        {
            return (string.Join(" ", arguments), ShellDialect.Posix);
        }

        if (program is "invoke-expression" or "iex")
        {
            return (string.Join(" ", arguments.Where(a => !a.Equals("-Command", StringComparison.OrdinalIgnoreCase))), ShellDialect.PowerShell);
        }

        return null;
    }

    private static readonly HashSet<string> PowerShellOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-executionpolicy", "-ex", "-ep", "-windowstyle", "-w", "-version", "-v", "-configurationname", "-outputformat", "-o", "-inputformat", "-if", "-psconsolefile",
    };

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
            // Blanks (not new lines) between words, and line continuations (\, ` or ^ before a new line).
            while (_position < text.Length)
            {
                if (text[_position] is ' ' or '\t' or '\r')
                {
                    _position++;
                }
                else if (IsContinuation(_position) is var length and > 0)
                {
                    _position += length;
                }
                else
                {
                    break;
                }
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

            if (c is '\n' or ';' or '&' or '|' or '(' or ')' || (dialect == ShellDialect.PowerShell && c is '{' or '}'))
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

        /// <summary>The length of a line continuation at <paramref name="at"/> in this dialect, else 0.</summary>
        private int IsContinuation(int at)
        {
            var escape = dialect switch { ShellDialect.Posix => '\\', ShellDialect.PowerShell => '`', _ => '^' };
            if (at + 1 >= text.Length || text[at] != escape)
            {
                return 0;
            }

            return text[at + 1] == '\n' ? 2 : text[at + 1] == '\r' && at + 2 < text.Length && text[at + 2] == '\n' ? 3 : 0;
        }

        private string Word(List<string> substitutions)
        {
            var word = new StringBuilder();
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c is ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '<' or '>' || (dialect != ShellDialect.Cmd && c is '(' or ')')
                    || (dialect == ShellDialect.PowerShell && c is '{' or '}'))
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
                    case ShellDialect.Cmd when c == '^' && _position < text.Length:
                        // A line continuation joins the lines; any other escaped character is itself.
                        if (text[_position] == '\r' && _position + 1 < text.Length && text[_position + 1] == '\n')
                        {
                            _position++;
                        }

                        if (text[_position] == '\n')
                        {
                            _position++;
                            return word.ToString();
                        }

                        word.Append(text[_position++]);
                        break;
                    case ShellDialect.Posix when c == '$' && _position < text.Length && text[_position] == '\'':
                        _position++;
                        AnsiCQuoted(word);
                        break;
                    case ShellDialect.Posix when c == '$' && _position < text.Length && text[_position] == '"':
                        break; // $"…" is a translated string: the quotes that follow are read as usual
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

        /// <summary>bash's <c>$'…'</c>: backslash escapes (\\n, \\t, \\xHH, \\NNN octal, \\', \\\\) inside single quotes.</summary>
        private void AnsiCQuoted(StringBuilder word)
        {
            while (_position < text.Length && text[_position] != '\'')
            {
                var c = text[_position++];
                if (c != '\\' || _position >= text.Length)
                {
                    word.Append(c);
                    continue;
                }

                var e = text[_position++];
                switch (e)
                {
                    case 'n': word.Append('\n'); break;
                    case 't': word.Append('\t'); break;
                    case 'r': word.Append('\r'); break;
                    case 'x':
                        var hex = 0;
                        var digits = 0;
                        while (digits < 2 && _position < text.Length && Uri.IsHexDigit(text[_position]))
                        {
                            hex = (hex * 16) + Convert.ToInt32(text[_position++].ToString(), 16);
                            digits++;
                        }

                        word.Append((char)hex);
                        break;
                    case >= '0' and <= '7':
                        var octal = e - '0';
                        for (var n = 0; n < 2 && _position < text.Length && text[_position] is >= '0' and <= '7'; n++)
                        {
                            octal = (octal * 8) + (text[_position++] - '0');
                        }

                        word.Append((char)octal);
                        break;
                    default: word.Append(e); break;
                }
            }

            _position++;
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
