using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Hosting;

namespace Ecs.BlueGreen.Benchmarks;

/// <summary>
/// Runs one scenario for one contender against a fresh emulator on 127.0.0.1, then reads the emulator's call log
/// and state to measure the run.
/// </summary>
internal sealed class BenchRunner(string toolCommand, string dotnetRoot, string workFolder, double speed, int latencyMilliseconds)
{
    public const string Ours = "ecs-bluegreen";
    public const string AwsCli = "aws-cli";
    public const string AwsCommand = "/usr/bin/aws";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="contender"/> once. It starts <paramref name="startPhase"/> of a simulation step (0 to 1) after
    /// the emulator: the emulator advances in whole 1 s steps from its start, so a command that checks every second
    /// would otherwise meet ECS's decision at the same point of its cycle in every run, fixed by start-up time alone. ECS's
    /// decisions fall at no fixed point of a client's cycle; spreading the start over the step measures that.
    /// </summary>
    public async Task<RunResult> RunAsync(BenchCase benchCase, string contender, int iteration, double startPhase)
    {
        var clock = new ScaledTimeProvider(speed);
        var simulatedStart = clock.GetUtcNow();
        var realStart = TimeProvider.System.GetUtcNow();
        await using var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(benchCase.Scenario(latencyMilliseconds), clock));
        var endpoint = server.Endpoint.ToString().TrimEnd('/');
        var existing = Deployments(server.Emulator.GetState());
        var phaseStart = simulatedStart + TimeSpan.FromSeconds(Math.Ceiling((clock.GetUtcNow() - simulatedStart).TotalSeconds) + startPhase);
        await Task.Delay(Max(TimeSpan.Zero, (phaseStart - clock.GetUtcNow()) / speed), TimeProvider.System, CancellationToken.None);

        var processes = contender == Ours ? await RunOursAsync(benchCase, endpoint) : await RunAwsCliAsync(benchCase, endpoint);
        var last = processes[^1];

        DateTimeOffset Real(DateTimeOffset simulated) => realStart + ((simulated - simulatedStart) / speed);

        var calls = server.Emulator.Calls;
        var update = calls.FirstOrDefault(c => c.Operation == "UpdateService")
            ?? throw new InvalidOperationException($"{contender} made no UpdateService call in {benchCase.Name}:\n{Describe(processes)}");
        var updated = Real(update.Time);
        var waiting = calls.Where(c => c.Sequence > update.Sequence).ToList();

        var (outcome, decided, settled) = Outcome(server.Emulator.GetState(), existing, benchCase.Services);
        var verdictRight = benchCase.Succeeds ? last.ExitCode == 0 && outcome == "COMPLETED" : last.ExitCode != 0;
        if (contender == Ours && !verdictRight)
        {
            Console.Error.WriteLine($"bench: {contender} gave the wrong verdict in {benchCase.Name}:\n{Describe(processes)}");
        }

        return new RunResult
        {
            Scenario = benchCase.Name,
            Tasks = benchCase.Tasks,
            Contender = contender,
            Iteration = iteration,
            StartPhase = startPhase,
            ExitCode = last.ExitCode,
            EcsOutcome = outcome,
            VerdictRight = verdictRight,
            DetectionLatencySeconds = settled is { } f ? (last.Exited - Real(f)).TotalSeconds : null,
            SinceFailureSeconds = outcome == "FAILED" && decided is { } d ? (last.Exited - Real(d)).TotalSeconds : null,
            WallSeconds = (last.Exited - processes[0].Started).TotalSeconds,
            FirstCallSeconds = calls.Count > 0 ? (Real(calls[0].ReceivedAt) - processes[0].Started).TotalSeconds : null,
            WaitSeconds = (last.Exited - updated).TotalSeconds,
            CpuSeconds = processes.Sum(p => p.CpuTime.TotalSeconds),
            PeakRssMegabytes = processes.Max(p => p.PeakRssBytes) / (1024.0 * 1024.0),
            Processes = processes.Count,
            TotalCalls = calls.Count,
            WaitCalls = waiting.Count,
            Polls = waiting.Count(c => c.Operation == "DescribeServices"),
            Services = benchCase.Services,
            ServicesPerDescribe = waiting.Where(c => c.Operation == "DescribeServices").Select(c => JsonNode.Parse(c.Request)!["services"]!.AsArray().Count).DefaultIfEmpty().Average(),
            CallsByOperation = new SortedDictionary<string, int>(calls.GroupBy(c => c.Operation).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// When ECS decided and when it was done, from the events of deployments that did not exist before the run: the
    /// first "deployment completed" or "deployment failed" event decides; after a failure, ECS is done when its
    /// rollback deployment completes (both commands wait for that: ours to report ECS's rollback, the AWS CLI's waiter
    /// for a stable service). Matching by deployment, not by time, matters: the emulator stamps calls and events
    /// with its 1 s simulation step, so an update sent within the first second shares its timestamp with the
    /// completion event of the service's initial deployment.
    /// </summary>
    private static (string Outcome, DateTimeOffset? Decided, DateTimeOffset? Settled) Outcome(JsonObject state, IReadOnlySet<string> existing, int services)
    {
        // Many services: COMPLETED when every one completed, decided and settled when the last one was; else the first that did not.
        var each = Services(state).Take(services).Select(service => Outcome(service, existing)).ToList();
        return each.FirstOrDefault(o => o.Outcome != "COMPLETED") is { Outcome: not null } other
            ? other
            : ("COMPLETED", each.Max(o => o.Decided), each.Max(o => o.Settled));
    }

    private static (string Outcome, DateTimeOffset? Decided, DateTimeOffset? Settled) Outcome(JsonNode service, IReadOnlySet<string> existing)
    {
        var events = service["events"]!.AsArray()
            .Select(e => (Message: (string)e!["message"]!, Time: EventTime(e!["createdAt"]!)))
            .Where(e => !existing.Any(id => e.Message.Contains($"(deployment {id})", StringComparison.Ordinal)))
            .OrderBy(e => e.Time)
            .ToList();
        foreach (var (message, time) in events)
        {
            if (message.EndsWith("deployment completed.", StringComparison.Ordinal))
            {
                return ("COMPLETED", time, time);
            }

            if (message.Contains("deployment failed", StringComparison.Ordinal))
            {
                var rolledBack = events.Where(e => e.Time >= time && e.Message.EndsWith("deployment completed.", StringComparison.Ordinal)).Select(e => (DateTimeOffset?)e.Time).FirstOrDefault();
                return ("FAILED", time, rolledBack);
            }
        }

        return ("IN_PROGRESS", null, null);
    }

    private static HashSet<string> Deployments(JsonObject state) =>
        Services(state).SelectMany(s => s["deployments"]!.AsArray()).Select(d => (string)d!["id"]!).ToHashSet(StringComparer.Ordinal);

    private static List<JsonNode> Services(JsonObject state) => [.. state["clusters"]![0]!["services"]!.AsArray().Select(s => s!)];

    // Epoch seconds as the wire writes them (the emulator's state keeps them as decimal numbers), or an ISO string.
    private static DateTimeOffset EventTime(JsonNode node) => node.GetValueKind() == JsonValueKind.Number
        ? DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture))
        : DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);

    private async Task<List<ProcessMeasurement>> RunOursAsync(BenchCase benchCase, string endpoint)
    {
        var environment = CleanEnvironment();
        environment["DOTNET_ROOT"] = dotnetRoot;
        environment["NO_COLOR"] = "1";
        string[] arguments = ["-c", BenchCase.Cluster, .. benchCase.ServiceNames.SelectMany(name => new[] { "-n", name }), "-i", benchCase.Image, "-t", "600", "--endpoint-url", endpoint];
        return [await MeasuredProcess.RunAsync(toolCommand, arguments, environment, Limit)];
    }

    /// <summary>What pipelines do without us: register the revision, point the service at it, wait until stable.</summary>
    private async Task<List<ProcessMeasurement>> RunAwsCliAsync(BenchCase benchCase, string endpoint)
    {
        var input = Path.Combine(workFolder, $"task-definition-{benchCase.Name}.json");
        await File.WriteAllTextAsync(input, BenchCase.TaskDefinition(benchCase.Image).ToJsonString());
        var environment = CleanEnvironment();
        environment["AWS_PAGER"] = "";
        string[] common = ["--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"];
        var register = await MeasuredProcess.RunAsync(AwsCommand, ["ecs", "register-task-definition", "--cli-input-json", $"file://{input}", .. common], environment, Limit);
        var revision = register.ExitCode == 0
            ? JsonNode.Parse(register.Output)!["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>()
            : throw new InvalidOperationException($"aws ecs register-task-definition failed:\n{register.Error}");
        var update = await MeasuredProcess.RunAsync(AwsCommand, ["ecs", "update-service", "--cluster", BenchCase.Cluster, "--service", BenchCase.Service, "--task-definition", revision, .. common], environment, Limit);
        if (update.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws ecs update-service failed:\n{update.Error}");
        }

        var wait = await MeasuredProcess.RunAsync(AwsCommand, ["ecs", "wait", "services-stable", "--cluster", BenchCase.Cluster, "--services", BenchCase.Service, .. common], environment, Limit);
        return [register, update, wait];
    }

    /// <summary>Dummy credentials, no AWS files or profiles, no CI variables: only the emulator is called.</summary>
    private static Dictionary<string, string?> CleanEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("GITHUB_", StringComparison.Ordinal) || name == "CI")
            {
                environment[name] = null;
            }
        }

        environment["AWS_ACCESS_KEY_ID"] = "AKIDBENCHMARK";
        environment["AWS_SECRET_ACCESS_KEY"] = "benchmark-secret";
        environment["AWS_REGION"] = "us-east-1";
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return environment;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Describe(IEnumerable<ProcessMeasurement> processes) =>
        string.Join('\n', processes.Select(p => $"exit {p.ExitCode}\n{p.Output}{p.Error}"));
}
