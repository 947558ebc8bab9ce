using System.Text.Json.Nodes;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Logs.Model;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Output;

namespace Ecs.BlueGreen.Tool.Tests.Support;

/// <summary>What a run printed and returned.</summary>
internal sealed record RunResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs the command in-process against an in-memory emulator. The emulator and the command share one clock: by
/// default it runs 200 times faster than real time, so a minute-long rollout takes a fraction of a second; on a
/// manual clock (<see cref="OnManualClock"/>) simulated time moves a second whenever the command waits, which makes
/// runs with faults, latency and retries deterministic.
/// </summary>
internal sealed class InProcess
{
    private readonly ManualTimeProvider? _manual;

    public InProcess(EmulatorScenario scenario, double speed = 200)
        : this(scenario, new ScaledTimeProvider(speed))
    {
    }

    private InProcess(EmulatorScenario scenario, TimeProvider clock)
    {
        Clock = clock;
        _manual = clock as ManualTimeProvider;
        Emulator = new EcsEmulator(scenario, Clock);
    }

    /// <summary>The command and the emulator on one manual clock, driven a simulated second at a time.</summary>
    public static InProcess OnManualClock(EmulatorScenario scenario) => new(scenario, new ManualTimeProvider());

    public TimeProvider Clock { get; }

    public EcsEmulator Emulator { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The region of the settings of the CloudWatch Logs client that made each log read, in order.</summary>
    public List<string?> LogReadRegions { get; } = [];

    /// <summary>The region of the settings of each Amazon ECR client the command made (one per registry region), in order.</summary>
    public List<string?> EcrRegions { get; } = [];

    /// <summary>On a manual clock: called after each simulated second with the time elapsed (to press Ctrl+C, say).</summary>
    public Action<TimeSpan>? EachSecond { get; set; }

    private int _codeDeployClients;

    /// <summary>How many CodeDeploy clients the command made (it makes one only when it calls CodeDeploy).</summary>
    public int CodeDeployClientsMade => _codeDeployClients;

    /// <summary>What stderr is: by default not a terminal.</summary>
    public Terminal Terminal { get; set; } = Terminal.None;

    /// <summary>On a manual clock: the token the command gets (Ctrl+C).</summary>
    public CancellationToken Cancellation { get; set; }

    public async Task<RunResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            Environment = name => Environment.GetValueOrDefault(name),
            Terminal = Terminal,
            Time = Clock,
            ClientFactory = (_, options) => Emulator.CreateClient(options),
            LogsClientFactory = (settings, options) => new RegionLogsClient(Emulator.CreateLogsClient(options), settings.Region, LogReadRegions),
            CodeDeployClientFactory = (_, options) =>
            {
                Interlocked.Increment(ref _codeDeployClients);
                return Emulator.CreateCodeDeployClient(options);
            },
            EcrClientFactory = (settings, options) =>
            {
                lock (EcrRegions)
                {
                    EcrRegions.Add(settings.Region);
                }

                return Emulator.CreateEcrClient(options);
            },
        };
        int code;
        if (_manual is { } manual)
        {
            code = await SimulatedTime.DriveAsync(Emulator, manual, token => Cli.RunAsync(args, context, token), TimeSpan.FromHours(2), EachSecond, Cancellation);
        }
        else
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            code = await Cli.RunAsync(args, context, limit.Token);
        }

        return new RunResult(code, output.ToString(), error.ToString());
    }

    public JsonObject Service()
    {
        var state = Emulator.GetState();
        return state["clusters"]![0]!["services"]!.AsArray().Single(s => (string?)s!["serviceName"] == "web")!.AsObject();
    }

    public string ServiceTaskDefinition() => (string)Service()["taskDefinition"]!;

    public JsonObject TaskDefinition(string arn) =>
        Emulator.GetState()["taskDefinitions"]!.AsArray().Single(t => (string?)t!["taskDefinitionArn"] == arn)!.AsObject();

    public JsonObject NewestTaskDefinition(string family = "web") =>
        Emulator.GetState()["taskDefinitions"]!.AsArray().Where(t => (string?)t!["family"] == family).MaxBy(t => (int)t!["revision"]!)!.AsObject();

    public string[] Writes() => Emulator.Calls
        .Where(c => c.Operation is "RegisterTaskDefinition" or "UpdateService" or "DeregisterTaskDefinition" or "RunTask" or "CreateService"
            or "ContinueServiceDeployment" or "StopServiceDeployment")
        .Select(c => c.Operation).ToArray();

    public JsonObject Request(string operation) => JsonNode.Parse(Emulator.Calls.Last(c => c.Operation == operation).Request)!.AsObject();
}

/// <summary>The emulator's CloudWatch Logs client, noting the region it was made for at each read.</summary>
internal sealed class RegionLogsClient(CloudWatchLogsClient inner, string? region, List<string?> reads) : ICloudWatchLogsClient, IDisposable
{
    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        lock (reads)
        {
            reads.Add(region);
        }

        return inner.GetLogEventsAsync(request, cancellationToken);
    }

    public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default) =>
        inner.FilterLogEventsAsync(request, cancellationToken);

    public void Dispose() => inner.Dispose();
}
