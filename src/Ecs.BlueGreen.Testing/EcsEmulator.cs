using System.Text.Json.Nodes;
using Amazon.Runtime;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Protocol;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Testing.Simulation;

namespace Ecs.BlueGreen.Testing;

/// <summary>
/// A simulated Amazon ECS account and region, speaking the AWS JSON 1.1 protocol, with the CloudWatch Logs
/// streams its containers write (GetLogEvents and FilterLogEvents, on the same endpoint) and the Amazon ECR images
/// its tasks run (DescribeImages). Serve it in memory
/// with <see cref="CreateHandler"/>, <see cref="CreateClient"/> and <see cref="CreateLogsClient"/>, or on a
/// loopback port with
/// <see cref="EcsEmulatorServer"/>. Simulated time is the <see cref="TimeProvider"/>'s time: a
/// <see cref="ManualTimeProvider"/> in tests, the (optionally sped-up) real clock in a server.
/// Thread-safe: calls are handled one at a time.
/// </summary>
public sealed class EcsEmulator
{
    /// <summary>The target prefix of ECS (<c>targetPrefix</c> in the metadata of botocore's ECS model).</summary>
    public const string TargetPrefix = EmulatorEndpoint.EcsTargetPrefix;

    /// <summary>The target prefix of CloudWatch Logs (<c>targetPrefix</c> in the metadata of botocore's CloudWatch Logs model).</summary>
    public const string LogsTargetPrefix = EmulatorEndpoint.LogsTargetPrefix;

    /// <summary>The target prefix of Amazon ECR (<c>targetPrefix</c> in the metadata of botocore's ECR model).</summary>
    public const string EcrTargetPrefix = EmulatorEndpoint.EcrTargetPrefix;

    /// <summary>The target prefix of AWS CodeDeploy (<c>targetPrefix</c> in the metadata of botocore's CodeDeploy model).</summary>
    public const string CodeDeployTargetPrefix = EmulatorEndpoint.CodeDeployTargetPrefix;

    /// <summary>The path of the admin endpoints, outside the AWS protocol.</summary>
    public const string AdminPath = EmulatorEndpoint.AdminPath;

    private readonly EmulatorEndpoint _endpoint;

    /// <summary>Creates an emulator.</summary>
    /// <param name="scenario">The starting state and behaviours; the default is empty.</param>
    /// <param name="timeProvider">The clock of the simulation; the default is a new <see cref="ManualTimeProvider"/>.</param>
    /// <exception cref="EmulatorScenarioException">An entry of the scenario cannot be applied; the message names the entry.</exception>
    public EcsEmulator(EmulatorScenario? scenario = null, TimeProvider? timeProvider = null)
    {
        Scenario = scenario ?? EmulatorScenario.Empty;
        TimeProvider = timeProvider ?? new ManualTimeProvider();
        _endpoint = new EmulatorEndpoint(Scenario, TimeProvider);
    }

    /// <summary>The scenario the emulator started from (and returns to on <see cref="Reset"/>).</summary>
    public EmulatorScenario Scenario { get; }

    /// <summary>The clock of the simulation.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The simulated region.</summary>
    public string Region => Scenario.Region;

    /// <summary>Every API call so far, oldest first (a copy).</summary>
    public IReadOnlyList<EcsCall> Calls => _endpoint.Calls;

    /// <summary>How many calls of <paramref name="operation"/> (of ECS or CloudWatch Logs) the emulator received.</summary>
    public int CountCalls(string operation) => _endpoint.CountCalls(operation);

    /// <summary>Brings the simulation up to the clock's time, one simulated second at a time.</summary>
    public void Sync() => _endpoint.Sync();

    /// <summary>The whole simulated state as JSON: clusters, services, service deployments, tasks, task definitions, log groups.</summary>
    public JsonObject GetState() => _endpoint.GetState();

    /// <summary>
    /// Returns to the scenario's starting state at the current time and clears the call log; behaviours changed and
    /// faults injected at run time are forgotten.
    /// </summary>
    public void Reset() => _endpoint.Reset();

    /// <summary>
    /// Changes, mid-run, how the tasks of an image behave (exact reference, for example <c>repo/web:2</c>), on top of the
    /// scenario's <see cref="EmulatorScenario.Images"/>; <c>null</c> returns the image to the scenario's behaviour. Tasks
    /// started from now on take it; with <paramref name="liveTasks"/>, so does every task not yet stopped, from the next
    /// simulated second (a <see cref="ImageBehaviour.CrashAfterSeconds"/> counts from when the task became RUNNING, so a
    /// task that has run longer crashes at once). <see cref="Reset"/> forgets every change.
    /// </summary>
    /// <param name="image">The image reference, as in the task definition's <c>containerDefinitions[].image</c>.</param>
    /// <param name="behaviour">The whole new behaviour (members left out take their defaults), or <c>null</c>.</param>
    /// <param name="liveTasks">Whether the tasks already started change too.</param>
    public void SetImageBehaviour(string image, ImageBehaviour? behaviour, bool liveTasks = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        _endpoint.SetBehaviour(image, null, behaviour, liveTasks);
    }

    /// <summary>
    /// Changes, mid-run, how the tasks of a task definition behave (<c>family</c> or <c>family:revision</c>), on top of
    /// the scenario's <see cref="EmulatorScenario.TaskDefinitionBehaviours"/>; as <see cref="SetImageBehaviour"/> otherwise.
    /// </summary>
    /// <param name="taskDefinition">The task definition's <c>family</c> or <c>family:revision</c>.</param>
    /// <param name="behaviour">The whole new behaviour (members left out take their defaults), or <c>null</c>.</param>
    /// <param name="liveTasks">Whether the tasks already started change too.</param>
    public void SetTaskDefinitionBehaviour(string taskDefinition, ImageBehaviour? behaviour, bool liveTasks = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskDefinition);
        _endpoint.SetBehaviour(null, taskDefinition, behaviour, liveTasks);
    }

    /// <summary>
    /// Pushes an image tag mid-run: <paramref name="tag"/> of the ECR repository <paramref name="repository"/> (of the
    /// scenario's account; created when the scenario does not declare it) names <paramref name="digest"/> from now on,
    /// moved from the image it named before. DescribeImages sees it at once; a task reports it as its
    /// <c>imageDigest</c> when its pull starts after the push, so the tasks of one deployment can run different digests
    /// of one tag. <see cref="Reset"/> forgets every push.
    /// </summary>
    /// <param name="repository">The repository's name, for example <c>web</c> for <c>123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2</c>.</param>
    /// <param name="tag">The tag.</param>
    /// <param name="digest">The image's digest, <c>sha256:</c> and 64 lower-case hex digits.</param>
    /// <exception cref="ArgumentException">The repository, the tag or the digest is not valid.</exception>
    public void PushImage(string repository, string tag, string digest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentException.ThrowIfNullOrWhiteSpace(digest);
        _endpoint.PushImage(repository, tag, digest);
    }

    /// <summary>
    /// Injects an API fault mid-run: the rule is checked after the scenario's <see cref="FaultSettings.Rules"/> and the
    /// rules injected before it, and its <see cref="FaultRule.AfterCalls"/> and <see cref="FaultRule.Count"/> count calls
    /// from now on. Its <see cref="FaultRule.FromSecond"/> and <see cref="FaultRule.UntilSecond"/> are, as in a scenario,
    /// seconds since the emulator started (or was last reset). <see cref="Reset"/> and <see cref="ClearInjectedFaults"/>
    /// remove it.
    /// </summary>
    public void InjectFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _endpoint.InjectFault(rule);
    }

    /// <summary>Removes every fault injected with <see cref="InjectFault"/>; the scenario's own rules stay.</summary>
    public void ClearInjectedFaults() => _endpoint.ClearInjectedFaults();

    /// <summary>The faults injected with <see cref="InjectFault"/> and still in force, oldest first.</summary>
    public IReadOnlyList<FaultRule> InjectedFaults => _endpoint.InjectedFaults;

    /// <summary>
    /// Changes, mid-run, how the hooks of a CodeDeploy lifecycle event end (<c>BeforeInstall</c>, <c>AfterInstall</c>,
    /// <c>AfterAllowTestTraffic</c>, <c>BeforeAllowTraffic</c>, <c>AfterAllowTraffic</c>), on top of the scenario's
    /// <see cref="CodeDeployScenario.Hooks"/>; <c>null</c> returns the event to the scenario's outcome. Hooks that start
    /// from now on take it; <see cref="Reset"/> forgets every change. A hook runs only when the deployment's AppSpec names a
    /// function for its event.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="lifecycleEvent"/> is not a hookable ECS lifecycle event.</exception>
    public void SetCodeDeployHook(string lifecycleEvent, CodeDeployHook? hook)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lifecycleEvent);
        _endpoint.SetHook(lifecycleEvent, hook);
    }

    /// <summary>
    /// A CodeDeploy deployment at the clock's time: <c>deploymentInfo</c> as GetDeployment answers it and <c>ecsTarget</c> as
    /// BatchGetDeploymentTargets does (lifecycle events, task sets and their traffic weights), and <c>hookExecutions</c>: each
    /// hook started so far with the <c>lifecycleEventHookExecutionId</c> that PutLifecycleEventHookExecutionStatus takes
    /// (a <see cref="CodeDeployHookOutcome.TimeOut"/> hook waits for that call); <c>null</c> when no deployment
    /// has the id. Not a call: the call log does not record it and faults do not apply.
    /// </summary>
    public JsonObject? GetCodeDeployDeployment(string deploymentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        return _endpoint.GetCodeDeployDeployment(deploymentId);
    }

    /// <summary>An in-memory <see cref="HttpMessageHandler"/> that answers as ECS would.</summary>
    public HttpMessageHandler CreateHandler() => new EcsEmulatorHandler(this);

    /// <summary>
    /// An <see cref="EcsClient"/> wired to this emulator in memory, with dummy credentials. The client's own
    /// clock (for retries and timeouts) is <see cref="AwsClientOptions.TimeProvider"/> of <paramref name="options"/>.
    /// </summary>
    public EcsClient CreateClient(AwsClientOptions? options = null)
    {
        var connection = new AwsConnection(Region, new Uri($"https://ecs.{Region}.amazonaws.com/"), new BasicAWSCredentials("AKIDEMULATOR", "emulator-secret"));
        var source = options ?? new AwsClientOptions();
        return new EcsClient(connection, new AwsClientOptions
        {
            HttpHandler = CreateHandler(),
            TimeProvider = source.TimeProvider,
            Logger = source.Logger,
            Retry = source.Retry,
        });
    }

    /// <summary>
    /// A <see cref="CloudWatchLogsClient"/> wired to this emulator in memory, with dummy credentials; it reads the
    /// log streams that containers with the <c>awslogs</c> driver write.
    /// </summary>
    public CloudWatchLogsClient CreateLogsClient(AwsClientOptions? options = null)
    {
        var connection = new AwsConnection(Region, new Uri($"https://logs.{Region}.amazonaws.com/"), new BasicAWSCredentials("AKIDEMULATOR", "emulator-secret"));
        var source = options ?? new AwsClientOptions();
        return new CloudWatchLogsClient(connection, new AwsClientOptions
        {
            HttpHandler = CreateHandler(),
            TimeProvider = source.TimeProvider,
            Logger = source.Logger,
            Retry = source.Retry,
        });
    }

    /// <summary>
    /// A <see cref="CodeDeployClient"/> wired to this emulator in memory, with dummy credentials; it deploys the services of
    /// the scenario's <see cref="EmulatorScenario.CodeDeploy"/> deployment groups.
    /// </summary>
    public CodeDeployClient CreateCodeDeployClient(AwsClientOptions? options = null)
    {
        var connection = new AwsConnection(Region, new Uri($"https://codedeploy.{Region}.amazonaws.com/"), new BasicAWSCredentials("AKIDEMULATOR", "emulator-secret"));
        var source = options ?? new AwsClientOptions();
        return new CodeDeployClient(connection, new AwsClientOptions
        {
            HttpHandler = CreateHandler(),
            TimeProvider = source.TimeProvider,
            Logger = source.Logger,
            Retry = source.Retry,
        });
    }

    /// <summary>
    /// An <see cref="EcrClient"/> wired to this emulator in memory, with dummy credentials; it answers DescribeImages for
    /// the scenario's <see cref="EmulatorScenario.EcrRepositories"/>, whatever region a registry names.
    /// </summary>
    public EcrClient CreateEcrClient(AwsClientOptions? options = null)
    {
        var connection = new AwsConnection(Region, new Uri($"https://api.ecr.{Region}.amazonaws.com/"), new BasicAWSCredentials("AKIDEMULATOR", "emulator-secret"));
        var source = options ?? new AwsClientOptions();
        return new EcrClient(connection, new AwsClientOptions
        {
            HttpHandler = CreateHandler(),
            TimeProvider = source.TimeProvider,
            Logger = source.Logger,
            Retry = source.Retry,
        });
    }

    /// <summary>
    /// Where an <see cref="EcsEmulatorServer"/> serves each listener rule of the scenario (<see cref="EmulatorScenario.ListenerRules"/>)
    /// as plain HTTP, by rule ARN; empty while no server serves the emulator.
    /// </summary>
    public IReadOnlyDictionary<string, Uri> ListenerUrls => _endpoint.ListenerUrls;

    /// <summary>The URL on which an <see cref="EcsEmulatorServer"/> serves the listener rule <paramref name="listenerRuleArn"/>, for example <c>http://127.0.0.1:41234/</c>.</summary>
    /// <exception cref="KeyNotFoundException">The scenario declares no such rule, or no server serves the emulator.</exception>
    public Uri ListenerUrl(string listenerRuleArn) =>
        ListenerUrls.TryGetValue(listenerRuleArn, out var url)
            ? url
            : throw new KeyNotFoundException($"The listener rule {listenerRuleArn} is not served: the scenario's listenerRules must declare it, and an EcsEmulatorServer must serve the emulator.");

    internal EmulatorResponse Handle(EmulatorRequest request) => _endpoint.Handle(request);

    internal ListenerAnswer HandleListener(string listenerRuleArn) => _endpoint.HandleListener(listenerRuleArn);

    internal void SetListenerUrl(string listenerRuleArn, Uri? url) => _endpoint.SetListenerUrl(listenerRuleArn, url);
}
