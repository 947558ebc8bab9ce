using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ecs.BlueGreen.Benchmarks;

// How fast and how cheaply in API calls a deployment's outcome is known: the installed ecs-bluegreen tool against
// `aws ecs register-task-definition` + `update-service` + `wait services-stable`, on the ECS emulator at real speed.
const string Usage = """
    Usage: dotnet run -c Release --project bench/Ecs.BlueGreen.Benchmarks -- [options]
      --latency-ms N    per-call latency the emulator adds to every API call (default 40)
      --iterations N    runs of each scenario and command (default 1)
      --only NAME       only ecs-bluegreen or aws-cli
      --case NAME       only this scenario (healthy-10, healthy-100, healthy-500, circuit-breaker-10, services-50)
      --sequential      run the commands one after the other instead of side by side (each on its own
                        emulator, the second starting 5 s after the first); slower, no shared machine
      --output DIR      where to write latest.md/latest.json and a dated copy (default bench/results)
      --smoke           one tiny deployment per command at 60x speed, results in a temporary folder;
                        exits 1 when ecs-bluegreen gives a wrong verdict (CI runs this)
    """;

var latency = 40;
var iterations = 1;
var smoke = false;
var sequential = false;
string? only = null;
string? onlyCase = null;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--latency-ms": latency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--only": only = Next(); break;
        case "--case": onlyCase = Next(); break;
        case "--output": output = Next(); break;
        case "--smoke": smoke = true; break;
        case "--sequential": sequential = true; break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}.\n{Usage}"); return 3;
    }
}

if (!File.Exists(MeasuredProcess.TimeCommand))
{
    Console.Error.WriteLine($"bench: GNU time ({MeasuredProcess.TimeCommand}) measures every command; install it with .ci/install-time.sh (apt-get install time).");
    return 2;
}

var root = RepositoryRoot();
var began = TimeProvider.System.GetTimestamp();
var work = Directory.CreateTempSubdirectory("ecs-bluegreen-bench-").FullName;
try
{
    var (tool, version) = await InstallToolAsync(root, work);
    var contenders = new List<string> { BenchRunner.Ours, BenchRunner.AwsCli };
    if (only is not null)
    {
        contenders.RemoveAll(c => c != only);
    }

    if (!File.Exists(BenchRunner.AwsCommand) && contenders.Remove(BenchRunner.AwsCli))
    {
        Console.Error.WriteLine($"bench: {BenchRunner.AwsCommand} is not installed (.ci/install-awscli.sh); only ecs-bluegreen is measured.");
    }

    // Real time: the AWS CLI waiter's 15 s interval is real time, so only speed 1 gives meaningful latencies.
    var speed = smoke ? 60.0 : 1.0;
    var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
    var runner = new BenchRunner(tool, dotnetRoot, work, speed, latency);
    var runs = new List<RunResult>();

    // The emulator runs in this (JIT-compiled) process: its first request ever pays for compiling Kestrel's request
    // path before the call reaches the emulator's log, which would count against whichever command calls first.
    await WarmUpEmulatorAsync();
    var runNumber = 0;
    foreach (var benchCase in (smoke ? BenchCase.Smoke : BenchCase.Full).Where(c => onlyCase is null || c.Name == onlyCase))
    {
        for (var iteration = 1; iteration <= (smoke ? 1 : iterations); iteration++)
        {
            // Both commands of a run start at the same point of the emulator's step; successive runs spread over the
            // step evenly (the fractional parts of multiples of the golden ratio), so no run repeats another's phase.
            var startPhase = (++runNumber * 0.6180339887498949) % 1;
            // Side by side, each command on its own emulator: a run is mostly waiting, so the two barely meet, and
            // GNU time measures each process alone. The 5 s head start keeps the two start-ups apart.
            var pending = new List<Task<RunResult>>();
            // The AWS CLI approach has no command for many services: only ours is run there.
            foreach (var (contender, index) in contenders.Where(c => benchCase.Services == 1 || c == BenchRunner.Ours).Select((c, i) => (c, i)))
            {
                var run = RunAfterAsync(TimeSpan.FromSeconds(sequential ? 0 : index * 5), benchCase, contender, iteration, startPhase);
                pending.Add(run);
                if (sequential)
                {
                    await run;
                }
            }

            foreach (var run in await Task.WhenAll(pending))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench: {run.Scenario} {run.Contender}: exit {run.ExitCode}, ECS {run.EcsOutcome}, verdict {(run.VerdictRight ? "right" : "WRONG")}, detection {run.DetectionLatencySeconds:0.00} s, wall {run.WallSeconds:0.0} s, CPU {run.CpuSeconds:0.00} s, {run.TotalCalls} calls"));
                runs.Add(run);
            }
        }
    }

    async Task<RunResult> RunAfterAsync(TimeSpan delay, BenchCase benchCase, string contender, int iteration, double startPhase)
    {
        await Task.Delay(delay, TimeProvider.System, CancellationToken.None);
        return await runner.RunAsync(benchCase, contender, iteration, startPhase);
    }

    var report = new BenchReport
    {
        Date = TimeProvider.System.GetUtcNow(),
        Smoke = smoke,
        Machine = Machine(),
        Versions = new Dictionary<string, string>
        {
            ["ecs-bluegreen"] = version,
            ["aws-cli"] = contenders.Contains(BenchRunner.AwsCli) ? (await CaptureAsync(BenchRunner.AwsCommand, ["--version"], root)).Split(' ')[0] : "not run",
            [".NET"] = RuntimeInformation.FrameworkDescription,
            ["commit"] = await CaptureAsync("git", ["rev-parse", "--short", "HEAD"], root),
        },
        Settings = new Dictionary<string, string>
        {
            ["per-call latency"] = $"{latency} ms",
            ["emulator speed"] = speed.ToString(CultureInfo.InvariantCulture) + "x",
            ["iterations"] = (smoke ? 1 : iterations).ToString(CultureInfo.InvariantCulture),
            ["commands"] = sequential ? "one after the other" : "side by side, 5 s apart",
            ["command"] = smoke ? "dotnet run --project bench/Ecs.BlueGreen.Benchmarks -- --smoke" : "dotnet run -c Release --project bench/Ecs.BlueGreen.Benchmarks",
        },
        DurationSeconds = Math.Round(TimeProvider.System.GetElapsedTime(began).TotalSeconds, 1),
        Runs = runs,
        Targets = Report.CheckTargets(runs),
    };

    var folder = output ?? (smoke ? Path.Combine(work, "results") : Path.Combine(root, "bench", "results"));
    Directory.CreateDirectory(folder);
    var markdown = Report.Markdown(report);
    var json = JsonSerializer.Serialize(report, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    }) + "\n";
    var dated = report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    foreach (var name in smoke ? ["latest"] : new[] { "latest", dated })
    {
        await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.json"), json);
    }

    Console.WriteLine(markdown);
    Console.Error.WriteLine($"bench: results in {folder}; {report.DurationSeconds:0} s in all.");
    return smoke && runs.Any(r => r.Contender == BenchRunner.Ours && !r.VerdictRight) ? 1 : 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

// One DescribeClusters through a throwaway emulator on 127.0.0.1, so every measured call finds the server's code compiled.
static async Task WarmUpEmulatorAsync()
{
    await using var server = await Ecs.BlueGreen.Testing.Hosting.EcsEmulatorServer.StartAsync(
        new Ecs.BlueGreen.Testing.EcsEmulator(BenchCase.Smoke[0].Scenario(0), TimeProvider.System));
    using var http = new HttpClient();
    using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new StringContent("{}") };
    request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeClusters");
    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
    using var response = await http.SendAsync(request);
}

// The repository root: the folder above the program that holds Ecs.BlueGreen.sln.
static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Ecs.BlueGreen.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("Ecs.BlueGreen.sln was not found above the benchmark program.");
}

// Packs the tool this program was built with as it ships (the package users name and this machine's Native AOT package)
// and installs it as a user does, from a NuGet configuration with only the local folder and an empty package cache, so
// the measured command is exactly this source's native executable.
static async Task<(string Command, string Version)> InstallToolAsync(string root, string work)
{
#if DEBUG
    const string configuration = "Debug";
#else
    const string configuration = "Release";
#endif
    var packages = Path.Combine(work, "packages");
    var project = Path.Combine(root, "src", "Ecs.BlueGreen.Tool", "Ecs.BlueGreen.Tool.csproj");
    await CaptureAsync("dotnet", ["pack", project, "-c", configuration, "-o", packages, "--no-build", "--no-restore", "-nologo"], root);
    await CaptureAsync("dotnet", ["pack", project, "-c", configuration, "-o", packages, "-r", RuntimeInformation.RuntimeIdentifier, "-nologo"], root);
    var package = Path.GetFileNameWithoutExtension(Directory.GetFiles(packages, "ecs-bluegreen.*.nupkg").Single(p => char.IsDigit(Path.GetFileName(p)["ecs-bluegreen.".Length])));
    var version = package["ecs-bluegreen.".Length..];
    var config = Path.Combine(work, "nuget.config");
    await File.WriteAllTextAsync(config, $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{packages}" />
          </packageSources>
        </configuration>
        """);
    var tools = Path.Combine(work, "tools");
    await CaptureAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "ecs-bluegreen", "--version", version], root,
        new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-cache") });
    return (Path.Combine(tools, "ecs-bluegreen"), version);
}

static async Task<string> CaptureAsync(string file, string[] arguments, string folder, Dictionary<string, string>? environment = null)
{
    var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
    start.Environment["DOTNET_NOLOGO"] = "1";
    start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    foreach (var (name, value) in environment ?? [])
    {
        start.Environment[name] = value;
    }

    using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return process.ExitCode == 0
        ? (await output).Trim()
        : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await output}{await error}");
}

static Dictionary<string, string> Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    var os = File.Exists("/etc/os-release")
        ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
        : null;
    return new Dictionary<string, string>
    {
        ["CPU"] = $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores",
        ["OS"] = $"{os ?? RuntimeInformation.OSDescription} ({RuntimeInformation.OSDescription})",
    };
}
