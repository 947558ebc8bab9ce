using System.Text;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// The progress of a run with many services: each service's events go to a <see cref="ConsoleReporter"/> of its own.
/// In a log (CI), every line is prefixed with the service (<c>[web] Registered …</c>); on an interactive terminal,
/// one line per service is kept up to date in place, showing what that service did last.
/// </summary>
internal sealed class GroupProgress : IProgress<DeploymentEvent>, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TextWriter _error;
    private readonly Terminal _terminal;
    private readonly int _width;
    private readonly Dictionary<(string Cluster, string Service), Member> _members = [];
    private readonly List<Member> _rows = [];
    private bool _drawn;

    public GroupProgress(IReadOnlyList<DeployRequest> members, TextWriter error, Terminal terminal, GitHubActions github, TimeProvider time, int? width = null)
    {
        _error = error;
        _terminal = terminal;
        _width = width ?? TerminalWidth();
        var clusters = members.Select(m => m.Cluster).Distinct(StringComparer.Ordinal).Count();
        var labels = members.Select(m => clusters > 1 ? $"{m.Cluster}/{m.Service}" : m.Service!).ToList();
        var pad = labels.Max(l => l.Length);
        for (var i = 0; i < members.Count; i++)
        {
            var prefix = $"[{labels[i]}]".PadRight(pad + 2) + " ";
            var member = new Member(this, prefix);

            // Each service's own reporter, without a live status line or log groups of its own (they would interleave).
            member.Reporter = new ConsoleReporter(member.Writer, Terminal.None, github, time, logGroups: false);
            _members[(members[i].Cluster!, members[i].Service!)] = member;
            _rows.Add(member);
        }

        if (terminal.IsInteractive)
        {
            lock (_lock)
            {
                Draw();
            }
        }
    }

    public void Report(DeploymentEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_members.TryGetValue((value.Cluster, value.Service), out var member))
        {
            member.Reporter!.Report(value);
        }
    }

    public void Dispose()
    {
        foreach (var member in _rows)
        {
            member.Reporter?.Dispose();
        }
    }

    /// <summary>A line a service's reporter wrote: printed with its prefix, or, on a terminal, made its row's text.</summary>
    private void Written(Member member, string line)
    {
        lock (_lock)
        {
            if (!_terminal.IsInteractive)
            {
                _error.WriteLine(member.Prefix + line);
                return;
            }

            member.Last = line;
            Draw();
        }
    }

    // Callers hold _lock: moves up over the rows drawn last time and draws them again, each cut to the terminal's width.
    private void Draw()
    {
        var text = new StringBuilder();
        if (_drawn)
        {
            text.Append("\u001b[").Append(_rows.Count).Append('F');
        }

        foreach (var row in _rows)
        {
            var line = row.Prefix + (row.Last ?? "waiting");
            text.Append("\u001b[2K").Append(line.Length > _width - 1 ? line[..(_width - 2)] + "…" : line).Append('\n');
        }

        _error.Write(text.ToString());
        _error.Flush();
        _drawn = true;
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth is > 20 and var width ? width : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private sealed class Member
    {
        public Member(GroupProgress owner, string prefix)
        {
            Prefix = prefix;
            Writer = new LineWriter(line => owner.Written(this, line));
        }

        public string Prefix { get; }

        public TextWriter Writer { get; }

        public ConsoleReporter? Reporter { get; set; }

        public string? Last { get; set; }
    }

    /// <summary>A writer that hands each whole line to a callback.</summary>
    private sealed class LineWriter(Action<string> line) : TextWriter
    {
        private readonly StringBuilder _pending = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                line(_pending.ToString().TrimEnd('\r'));
                _pending.Clear();
            }
            else
            {
                _pending.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value)
        {
            _pending.Append(value);
            Write('\n');
        }
    }
}
