using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using DeploymentStatus = Ecs.BlueGreen.CodeDeploy.Model.DeploymentStatus;

namespace Ecs.BlueGreen.Deployments;

/// <summary>What a deployment through CodeDeploy will use, found and checked with read calls only.</summary>
internal sealed record CodeDeployPlan
{
    public required ICodeDeployClient Client { get; init; }

    public required string Application { get; init; }

    public required DeploymentGroupInfo Group { get; init; }

    /// <summary>The override of the group's deployment configuration, when one was given.</summary>
    public string? ConfigOverride { get; init; }

    /// <summary>The configuration the deployment runs with (the override's, else the group's), when it could be read.</summary>
    public DeploymentConfigInfo? Config { get; init; }

    /// <summary>The AppSpec, without the new revision's ARN yet; <see langword="null"/> when acting on a deployment in flight.</summary>
    public AppSpec? AppSpec { get; init; }

    public string GroupName => Group.DeploymentGroupName!;

    /// <summary>The configuration's name as it will run.</summary>
    public string? ConfigName => ConfigOverride ?? Group.DeploymentConfigName;

    /// <summary>Whether the group waits at Ready for a manual reroute (<c>codedeploy#DeploymentReadyOption.actionOnTimeout</c> STOP_DEPLOYMENT).</summary>
    public bool WaitsAtReady => Group.BlueGreenDeploymentConfiguration?.DeploymentReadyOption?.ActionOnTimeout == DeploymentReadyAction.StopDeployment;

    /// <summary>The group's termination wait, in minutes (<c>codedeploy#BlueInstanceTerminationOption.terminationWaitTimeInMinutes</c>).</summary>
    public int? TerminationWaitMinutes => Group.BlueGreenDeploymentConfiguration?.TerminateBlueInstancesOnDeploymentSuccess?.TerminationWaitTimeInMinutes;

    /// <summary>
    /// The test and production listeners of the group's target group pair (<c>codedeploy#TargetGroupPairInfo</c>), for
    /// the smoke test at Ready.
    /// </summary>
    public (string? Test, string? Production) Listeners =>
        Group.LoadBalancerInfo?.TargetGroupPairInfoList is [var pair, ..]
            ? (First(pair.TestTrafficRoute?.ListenerArns), First(pair.ProdTrafficRoute?.ListenerArns))
            : (null, null);

    private static string? First(IReadOnlyList<string>? items) => items is [var first, ..] ? first : null;
}

/// <summary>
/// Finds and checks, before any write, what a CODE_DEPLOY service's deployment needs: the CodeDeploy application and
/// deployment group (given, or named as the ECS console names them), the group deploying this service, the
/// configuration override, no deployment of the group in progress, and an AppSpec with the members CodeDeploy requires.
/// </summary>
internal static class CodeDeployPlanner
{
    /// <summary>The statuses of a deployment that has not ended (<c>codedeploy#DeploymentStatus</c>).</summary>
    public static readonly IReadOnlyList<DeploymentStatus> InFlight =
        [DeploymentStatus.Created, DeploymentStatus.Queued, DeploymentStatus.InProgress, DeploymentStatus.Baking, DeploymentStatus.Ready];

    /// <summary>The application and group names the ECS console gives a service's blue/green deployment.</summary>
    public static (string Application, string Group) ConsoleNames(string cluster, string service) =>
        ($"AppECS-{LastSegment(cluster)}-{LastSegment(service)}", $"DgpECS-{LastSegment(cluster)}-{LastSegment(service)}");

    /// <summary>Everything a new deployment needs; <see langword="null"/> after adding each problem to <paramref name="problems"/>.</summary>
    public static async Task<CodeDeployPlan?> PlanAsync(DeploymentSettings settings, Service service, IReadOnlyList<ContainerDefinition>? containers, PatientCalls calls,
        List<string> problems, CancellationToken cancellationToken)
    {
        CheckOptions(settings, problems);
        var client = settings.Operation.CodeDeploy;
        if (client is null)
        {
            problems.Add($"The service '{settings.Service}' uses the CODE_DEPLOY deployment controller and this deployment has no CodeDeploy client: give one with WithCodeDeployClient (a deployment given WithClient builds none).");
            return null;
        }

        var appSpec = ReadAppSpec(settings, service, problems);
        if (appSpec?.TrafficContainer is { } container && containers is not null && containers.All(c => c.Name != container))
        {
            problems.Add($"{Capitalize(appSpec.Source)} routes traffic to container '{container}', which the revision to deploy does not have (it has {string.Join(", ", containers.Select(c => c.Name))}).");
        }

        var plan = await ResolveAsync(settings, client, calls, problems, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return null;
        }

        var config = await ReadConfigAsync(client, calls, plan.ConfigName, settings.CodeDeploy.ConfigName is not null, problems, cancellationToken).ConfigureAwait(false);
        if ((settings.PauseAnswerer is not null || settings.WaitUntilPaused) && !plan.WaitsAtReady)
        {
            problems.Add($"The deployment group '{plan.GroupName}' reroutes traffic without waiting (deploymentReadyOption.actionOnTimeout is not STOP_DEPLOYMENT), so the deployment is never Ready for {(settings.PauseAnswerer is null ? "a pause" : "a smoke test")}.");
        }

        var inFlight = await calls.ReadAsync(token => client.ListAllDeploymentsAsync(
            new ListDeploymentsRequest { ApplicationName = plan.Application, DeploymentGroupName = plan.GroupName, IncludeOnlyStatuses = InFlight }, token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
        if (inFlight.Count > 0)
        {
            problems.Add($"The deployment group '{plan.GroupName}' already has a deployment in progress ({string.Join(", ", inFlight)}); CodeDeploy runs one at a time: let it finish, continue it or roll it back first.");
        }

        return plan with { Config = config, AppSpec = appSpec };
    }

    /// <summary>
    /// The application and group: the given names (GetApplication, GetDeploymentGroup), else the console's; when none is
    /// found, one problem that lists the applications and groups that exist. The group must deploy this service.
    /// </summary>
    public static async Task<CodeDeployPlan?> ResolveAsync(DeploymentSettings settings, ICodeDeployClient client, PatientCalls calls, List<string> problems, CancellationToken cancellationToken)
    {
        var (consoleApplication, consoleGroup) = ConsoleNames(settings.Cluster, settings.Service);
        var application = settings.CodeDeploy.Application ?? consoleApplication;
        var groupName = settings.CodeDeploy.DeploymentGroup ?? consoleGroup;
        var applicationFound = await ExistsAsync(token => client.GetApplicationAsync(new GetApplicationRequest { ApplicationName = application }, token), "ApplicationDoesNotExistException", calls, cancellationToken).ConfigureAwait(false);
        var group = applicationFound
            ? await FindAsync(token => client.GetDeploymentGroupAsync(new GetDeploymentGroupRequest { ApplicationName = application, DeploymentGroupName = groupName }, token), "DeploymentGroupDoesNotExistException", calls, cancellationToken).ConfigureAwait(false)
            : null;
        if (group?.DeploymentGroupInfo is not { } info)
        {
            var how = settings.CodeDeploy.Application is null && settings.CodeDeploy.DeploymentGroup is null ? " (the names the ECS console gives; name them with ViaCodeDeploy)" : string.Empty;
            var missing = applicationFound ? $"the application '{application}' has no deployment group '{groupName}'" : $"there is no CodeDeploy application '{application}'";
            problems.Add($"No CodeDeploy deployment group for service '{settings.Service}': {missing}{how}. {await ListExistingAsync(client, calls, cancellationToken).ConfigureAwait(false)}");
            return null;
        }

        var cluster = LastSegment(settings.Cluster);
        var service = LastSegment(settings.Service);
        if (!info.EcsServices.Any(s => s.ClusterName == cluster && s.ServiceName == service))
        {
            var deploys = info.EcsServices.Count == 0 ? "no ECS service" : string.Join(", ", info.EcsServices.Select(s => $"{s.ClusterName}/{s.ServiceName}"));
            problems.Add($"The deployment group '{groupName}' of '{application}' deploys {deploys}, not {cluster}/{service}.");
            return null;
        }

        if (info.ComputePlatform is { } platform && platform != ComputePlatform.Ecs)
        {
            problems.Add($"The deployment group '{groupName}' of '{application}' is for the {platform.Value} compute platform, not ECS.");
            return null;
        }

        return new CodeDeployPlan { Client = client, Application = application, Group = info with { DeploymentGroupName = info.DeploymentGroupName ?? groupName }, ConfigOverride = settings.CodeDeploy.ConfigName };
    }

    /// <summary>Options that do not apply to a deployment through CodeDeploy.</summary>
    private static void CheckOptions(DeploymentSettings settings, List<string> problems)
    {
        if (settings.WaitUntil is not null || settings.SmokeTestStages is not null)
        {
            problems.Add($"The service '{settings.Service}' deploys through CodeDeploy, which has lifecycle events rather than ECS lifecycle stages: wait until a CodeDeploy lifecycle event (WaitUntil(CodeDeployLifecycleEvent)); a smoke test runs at the Ready wait.");
        }

        if (settings.DesiredCount is not null || settings.SetsDeploymentLimits || settings.ForceNewDeployment)
        {
            problems.Add($"The service '{settings.Service}' deploys through CodeDeploy: a desired count, deployment limits or a forced new deployment are not part of a CodeDeploy deployment (set them on the service).");
        }

        if (settings.RollBack is not null)
        {
            problems.Add($"The service '{settings.Service}' deploys through CodeDeploy: roll back its deployment in progress with EcsServiceDeployment.RollBackAsync, or deploy the earlier revision (WithTaskDefinition).");
        }

        if (settings.CodeDeploy.AppSpecFile is not null && settings.CodeDeploy.AppSpecContent is not null)
        {
            problems.Add("Give the AppSpec as a file or as content, not both.");
        }
    }

    private static AppSpec? ReadAppSpec(DeploymentSettings settings, Service service, List<string> problems)
    {
        if (settings.CodeDeploy.AppSpecFile is { } path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problems.Add($"Cannot read the AppSpec file '{path}': {exception.Message}");
                return null;
            }

            return AppSpec.Parse(text, $"file '{path}'", problems);
        }

        return settings.CodeDeploy.AppSpecContent is { } content ? AppSpec.Parse(content, "given as content", problems) : AppSpec.FromService(service, problems);
    }

    private static async Task<DeploymentConfigInfo?> ReadConfigAsync(ICodeDeployClient client, PatientCalls calls, string? name, bool isOverride, List<string> problems, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            return null;
        }

        var config = await FindAsync(token => client.GetDeploymentConfigAsync(new GetDeploymentConfigRequest { DeploymentConfigName = name }, token), "DeploymentConfigDoesNotExistException", calls, cancellationToken).ConfigureAwait(false);
        if (config?.DeploymentConfigInfo is null && isOverride)
        {
            problems.Add($"There is no CodeDeploy deployment configuration '{name}' (predefined ones for ECS: CodeDeployDefault.ECSAllAtOnce, CodeDeployDefault.ECSCanary10Percent5Minutes, CodeDeployDefault.ECSLinear10PercentEvery1Minutes, …).");
        }

        return config?.DeploymentConfigInfo;
    }

    /// <summary>The applications and their deployment groups that exist, for a person.</summary>
    private static async Task<string> ListExistingAsync(ICodeDeployClient client, PatientCalls calls, CancellationToken cancellationToken)
    {
        const int Shown = 20;
        List<string> applications;
        try
        {
            applications = await calls.ReadAsync(token => client.ListAllApplicationsAsync(new ListApplicationsRequest(), token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception)
        {
            return $"The applications could not be listed: {exception.Message}";
        }

        if (applications.Count == 0)
        {
            return "The account has no CodeDeploy application in this region.";
        }

        var listed = new List<string>();
        foreach (var application in applications.Take(Shown))
        {
            try
            {
                var groups = await calls.ReadAsync(token => client.ListAllDeploymentGroupsAsync(new ListDeploymentGroupsRequest { ApplicationName = application }, token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
                listed.Add($"{application} (groups: {(groups.Count == 0 ? "none" : string.Join(", ", groups))})");
            }
            catch (AwsServiceException exception) when (!exception.IsTransient)
            {
                // A least-privilege policy may allow ListDeploymentGroups on the service's own application only.
                listed.Add($"{application} (groups not readable: {exception.ErrorCode})");
            }
        }

        var more = applications.Count > Shown ? $" and {applications.Count - Shown} more" : string.Empty;
        return $"Applications and their deployment groups: {string.Join("; ", listed)}{more}.";
    }

    private static async Task<bool> ExistsAsync<T>(Func<CancellationToken, Task<T>> read, string notFoundCode, PatientCalls calls, CancellationToken cancellationToken)
        where T : class => await FindAsync(read, notFoundCode, calls, cancellationToken).ConfigureAwait(false) is not null;

    private static async Task<T?> FindAsync<T>(Func<CancellationToken, Task<T>> read, string notFoundCode, PatientCalls calls, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await calls.ReadAsync(read, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == notFoundCode)
        {
            return null;
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    internal static string LastSegment(string nameOrArn) => nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];
}
