using System.Text.Json.Nodes;
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
/// Runs the command in-process against an in-memory emulator. The emulator and the command share one clock that
/// runs 200 times faster than real time, so a minute-long rollout takes a fraction of a second.
/// </summary>
internal sealed class InProcess
{
    public InProcess(EmulatorScenario scenario, double speed = 200)
    {
        Clock = new ScaledTimeProvider(speed);
        Emulator = new EcsEmulator(scenario, Clock);
    }

    public ScaledTimeProvider Clock { get; }

    public EcsEmulator Emulator { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public async Task<RunResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            Environment = name => Environment.GetValueOrDefault(name),
            Terminal = Terminal.None,
            Time = Clock,
            ClientFactory = (_, options) => Emulator.CreateClient(options),
            LogsClientFactory = (_, options) => Emulator.CreateLogsClient(options),
        };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var code = await Cli.RunAsync(args, context, limit.Token);
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
        .Where(c => c.Operation is "RegisterTaskDefinition" or "UpdateService" or "DeregisterTaskDefinition" or "RunTask" or "CreateService")
        .Select(c => c.Operation).ToArray();

    public JsonObject Request(string operation) => JsonNode.Parse(Emulator.Calls.Last(c => c.Operation == operation).Request)!.AsObject();
}
