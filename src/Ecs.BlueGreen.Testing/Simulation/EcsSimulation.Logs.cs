using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// CloudWatch Logs as the <c>awslogs</c> driver fills it: the lines of scripted containers
/// (<see cref="Scenarios.ImageBehaviour.LogLines"/>), and GetLogEvents and FilterLogEvents with the members,
/// limits and errors of the CloudWatch Logs model (<c>M:logs</c>). Timestamps are epoch milliseconds.
/// </summary>
internal sealed partial class EcsSimulation
{
    // M:logs#EventsLimit: 1 to 10,000; both operations return up to 10,000 events when no limit is given.
    private const int MaxLogEvents = 10_000;

    private readonly SortedDictionary<string, LogGroupState> _logGroups = new(StringComparer.Ordinal);
    private long _logSequence;

    /// <summary>The CloudWatch Logs operations the simulation answers.</summary>
    public static IReadOnlySet<string> LogsOperations { get; } = new HashSet<string>(StringComparer.Ordinal) { "GetLogEvents", "FilterLogEvents" };

    /// <summary>Runs one CloudWatch Logs operation.</summary>
    /// <exception cref="EcsApiException">CloudWatch Logs would answer with an error.</exception>
    public JsonObject ExecuteLogs(string operation, JsonObject input) => operation switch
    {
        "GetLogEvents" => GetLogEvents(input),
        "FilterLogEvents" => FilterLogEvents(input),
        _ => throw new EcsApiException("UnknownOperationException", $"The operation {operation} is not supported by the emulator."),
    };

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// Where the <c>awslogs</c> driver writes a container's output (<c>ecs#LogConfiguration.options</c>): the group
    /// <c>awslogs-group</c>, the stream <c>prefix-name/container-name/ecs-task-id</c> from
    /// <c>awslogs-stream-prefix</c>. Without a prefix the stream is named after the Docker container id, which
    /// the simulation does not have, so it writes nothing.
    /// </summary>
    private static LogDestination? LogLocation(JsonObject container, string name, string taskArn)
    {
        if (container["logConfiguration"] is not JsonObject configuration || Str(configuration, "logDriver") != "awslogs"
            || configuration["options"] is not JsonObject options)
        {
            return null;
        }

        var group = Str(options, "awslogs-group");
        var prefix = Str(options, "awslogs-stream-prefix");
        if (string.IsNullOrWhiteSpace(group) || string.IsNullOrWhiteSpace(prefix))
        {
            return null;
        }

        // Task ARNs end in the task id: arn:aws:ecs:region:account:task/cluster/id.
        return new LogDestination(group, $"{prefix}/{name}/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}");
    }

    /// <summary>Writes the lines due by now: line <c>i</c> at <c>startedAt + i</c> seconds.</summary>
    private void WriteDueLogLines(TaskState task)
    {
        var lines = task.Behaviour.LogLines;
        if (task.StartedAt is not { } started)
        {
            return;
        }

        while (task.LogLinesWritten < lines.Count)
        {
            var at = started + TimeSpan.FromSeconds(task.LogLinesWritten);
            if (at > _now)
            {
                break;
            }

            WriteLogLine(task, lines[task.LogLinesWritten], at);
            task.LogLinesWritten++;
        }
    }

    /// <summary>Writes every remaining line now: a process flushes its output as it exits.</summary>
    private void FlushLogLines(TaskState task)
    {
        var lines = task.Behaviour.LogLines;
        while (task.LogLinesWritten < lines.Count)
        {
            WriteLogLine(task, lines[task.LogLinesWritten], _now);
            task.LogLinesWritten++;
        }
    }

    /// <summary>
    /// One line from each essential container that logs with awslogs. The group and the stream are created on
    /// first use (as with <c>awslogs-create-group</c>; the emulator has one region, so <c>awslogs-region</c> is not checked).
    /// </summary>
    private void WriteLogLine(TaskState task, string message, DateTimeOffset at)
    {
        foreach (var container in task.Containers.Where(c => c.Essential && c.Log is not null))
        {
            var location = container.Log!;
            if (!_logGroups.TryGetValue(location.LogGroupName, out var group))
            {
                group = new LogGroupState { Name = location.LogGroupName, CreatedAt = at };
                _logGroups[group.Name] = group;
            }

            if (!group.Streams.TryGetValue(location.LogStreamName, out var stream))
            {
                stream = new LogStreamState { Name = location.LogStreamName, CreatedAt = at };
                group.Streams[stream.Name] = stream;
            }

            var ms = at.ToUnixTimeMilliseconds();
            stream.Events.Add(new LogEventState(ms, message, ms, ++_logSequence));
        }
    }

    // ---------------------------------------------------------------- operations

    /// <summary>
    /// M:logs#GetLogEvents. Tokens are positions in the stream: <c>f/N</c> reads forward from event N,
    /// <c>b/N</c> backward from before it; at the end a call answers the token it was given.
    /// </summary>
    private JsonObject GetLogEvents(JsonObject input)
    {
        var group = LogGroup(input);
        var streamName = Str(input, "logStreamName") ?? throw EcsApiException.InvalidParameter("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
        if (!group.Streams.TryGetValue(streamName, out var stream))
        {
            throw new EcsApiException("ResourceNotFoundException", "The specified log stream does not exist.");
        }

        var limit = Limit(input);
        var (start, end) = (Long(input, "startTime"), Long(input, "endTime"));
        var events = stream.Events;
        var matching = Enumerable.Range(0, events.Count).Where(i => InRange(events[i], start, end)).ToList();

        bool forward;
        int position;
        if (Str(input, "nextToken") is { } token)
        {
            if (token.Length < 3 || token[0] is not ('f' or 'b') || token[1] != '/'
                || !int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out position) || position > events.Count)
            {
                throw EcsApiException.InvalidParameter("The specified nextToken is invalid.");
            }

            forward = token[0] == 'f';
        }
        else
        {
            // M:logs#GetLogEventsRequest.startFromHead: the default is false, the latest events.
            forward = Bool(input, "startFromHead") ?? false;
            position = forward ? 0 : events.Count;
        }

        var window = forward ? matching.Where(i => i >= position).Take(limit).ToList() : matching.Where(i => i < position).TakeLast(limit).ToList();
        var result = new JsonObject
        {
            ["events"] = new JsonArray(window.Select(i => (JsonNode)new JsonObject
            {
                ["timestamp"] = events[i].Timestamp,
                ["message"] = events[i].Message,
                ["ingestionTime"] = events[i].IngestionTime,
            }).ToArray()),
            ["nextForwardToken"] = Token('f', window.Count > 0 ? window[^1] + 1 : position),
            ["nextBackwardToken"] = Token('b', window.Count > 0 ? window[0] : position),
        };
        return result;
    }

    /// <summary>M:logs#FilterLogEvents: the events of the chosen streams, interleaved by time, in pages.</summary>
    private JsonObject FilterLogEvents(JsonObject input)
    {
        var group = LogGroup(input);
        var names = StrList(input, "logStreamNames");
        var prefix = Str(input, "logStreamNamePrefix");
        if (names is not null && prefix is not null)
        {
            // M:logs#FilterLogEventsRequest.logStreamNames: both → InvalidParameterException.
            throw EcsApiException.InvalidParameter("logStreamNames and logStreamNamePrefix cannot both be specified.");
        }

        if (names is { Count: 0 or > 100 })
        {
            throw EcsApiException.InvalidParameter("logStreamNames must contain between 1 and 100 names.");
        }

        var limit = Limit(input);
        var (start, end) = (Long(input, "startTime"), Long(input, "endTime"));
        var pattern = FilterPattern.Parse(Str(input, "filterPattern"));

        // Streams named but absent contribute nothing [inference: the model documents no error for them].
        var streams = group.Streams.Values.Where(s => names is null ? prefix is null || s.Name.StartsWith(prefix, StringComparison.Ordinal) : names.Contains(s.Name));
        var matching = streams
            .SelectMany(s => s.Events.Select(e => (Stream: s.Name, Event: e)))
            .Where(x => InRange(x.Event, start, end) && pattern.Matches(x.Event.Message))
            .OrderBy(x => x.Event.Timestamp).ThenBy(x => x.Event.Sequence)
            .ToList();

        // M:logs#FilterLogEventsRequest.startFromHead: default true; false returns the latest events first.
        if (Bool(input, "startFromHead") == false)
        {
            matching.Reverse();
        }

        var offset = 0;
        if (Str(input, "nextToken") is { } token && !TryReadFilterToken(token, out offset))
        {
            throw EcsApiException.InvalidParameter("The specified nextToken is invalid.");
        }

        var page = matching.Skip(offset).Take(limit).ToList();
        var result = new JsonObject
        {
            ["events"] = new JsonArray(page.Select(x => (JsonNode)new JsonObject
            {
                ["logStreamName"] = x.Stream,
                ["timestamp"] = x.Event.Timestamp,
                ["message"] = x.Event.Message,
                ["ingestionTime"] = x.Event.IngestionTime,
                ["eventId"] = x.Event.Sequence.ToString("D20", CultureInfo.InvariantCulture),
            }).ToArray()),

            // M:logs#FilterLogEventsResponse.searchedLogStreams: "no longer supported … returns an empty list".
            ["searchedLogStreams"] = new JsonArray(),
        };
        if (offset + page.Count < matching.Count)
        {
            result["nextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"filter:{offset + page.Count}")));
        }

        return result;
    }

    /// <summary>M:logs: <c>logGroupName</c> or <c>logGroupIdentifier</c> (a name or an ARN), not both.</summary>
    private LogGroupState LogGroup(JsonObject input)
    {
        var name = Str(input, "logGroupName");
        var identifier = Str(input, "logGroupIdentifier");
        if ((name is null) == (identifier is null))
        {
            throw EcsApiException.InvalidParameter("You must include either logGroupIdentifier or logGroupName, but not both.");
        }

        if (identifier is not null)
        {
            const string marker = ":log-group:";
            var at = identifier.IndexOf(marker, StringComparison.Ordinal);
            name = at < 0 ? identifier : identifier[(at + marker.Length)..];
            if (name.EndsWith(":*", StringComparison.Ordinal))
            {
                name = name[..^2];
            }
        }

        return _logGroups.TryGetValue(name!, out var group)
            ? group
            : throw new EcsApiException("ResourceNotFoundException", "The specified log group does not exist.");
    }

    private static int Limit(JsonObject input)
    {
        var limit = Int(input, "limit") ?? MaxLogEvents;
        return limit is >= 1 and <= MaxLogEvents
            ? limit
            : throw EcsApiException.InvalidParameter($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {MaxLogEvents}");
    }

    /// <summary>M:logs#GetLogEventsRequest.startTime (included) and endTime (excluded).</summary>
    private static bool InRange(LogEventState logEvent, long? start, long? end) =>
        (start is null || logEvent.Timestamp >= start) && (end is null || logEvent.Timestamp < end);

    private static string Token(char direction, int position) => string.Create(CultureInfo.InvariantCulture, $"{direction}/{position:D20}");

    private static bool TryReadFilterToken(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("filter:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private JsonArray RenderLogGroups() => new(_logGroups.Values.Select(group => (JsonNode)new JsonObject
    {
        ["logGroupName"] = group.Name,
        ["creationTime"] = group.CreatedAt.ToUnixTimeMilliseconds(),
        ["logStreams"] = new JsonArray(group.Streams.Values.Select(stream => (JsonNode)new JsonObject
        {
            ["logStreamName"] = stream.Name,
            ["creationTime"] = stream.CreatedAt.ToUnixTimeMilliseconds(),
            ["events"] = new JsonArray(stream.Events.Select(e => (JsonNode)new JsonObject { ["timestamp"] = e.Timestamp, ["message"] = e.Message }).ToArray()),
        }).ToArray()),
    }).ToArray());

    /// <summary>
    /// The term form of CloudWatch Logs filter patterns: every plain term (or <c>"quoted phrase"</c>) must
    /// appear, no <c>-term</c> may, and when there are <c>?term</c>s at least one must; matching is
    /// case-sensitive. JSON and space-delimited patterns are not supported.
    /// </summary>
    private sealed class FilterPattern
    {
        private readonly List<string> _all = [];
        private readonly List<string> _none = [];
        private readonly List<string> _any = [];

        public static FilterPattern Parse(string? pattern)
        {
            var result = new FilterPattern();
            var text = pattern?.Trim() ?? string.Empty;
            if (text.StartsWith('{') || text.StartsWith('[') || text.StartsWith('%'))
            {
                throw EcsApiException.InvalidParameter("The emulator supports only term filter patterns (terms, \"phrases\", ?term, -term).");
            }

            var i = 0;
            while (i < text.Length)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    i++;
                    continue;
                }

                var list = result._all;
                if (text[i] is '?' or '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
                {
                    list = text[i] == '?' ? result._any : result._none;
                    i++;
                }

                string term;
                if (text[i] == '"')
                {
                    var close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        throw EcsApiException.InvalidParameter("Invalid filter pattern: unmatched quote.");
                    }

                    term = text[(i + 1)..close];
                    i = close + 1;
                }
                else
                {
                    var stop = i;
                    while (stop < text.Length && !char.IsWhiteSpace(text[stop]))
                    {
                        stop++;
                    }

                    term = text[i..stop];
                    i = stop;
                }

                list.Add(term);
            }

            return result;
        }

        public bool Matches(string message) =>
            _all.All(t => message.Contains(t, StringComparison.Ordinal))
            && !_none.Any(t => message.Contains(t, StringComparison.Ordinal))
            && (_any.Count == 0 || _any.Any(t => message.Contains(t, StringComparison.Ordinal)));
    }
}
