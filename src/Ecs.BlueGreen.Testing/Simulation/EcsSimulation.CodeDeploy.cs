using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing.Scenarios;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// AWS CodeDeploy for ECS (target prefix <c>CodeDeploy_20141006</c>, botocore's codedeploy model): the scenario's
/// applications, deployment groups and deployment configurations, and the operations a blue/green deployment of a
/// CODE_DEPLOY service uses. The workflow itself is in EcsSimulation.CodeDeployWorkflow.cs.
/// </summary>
internal sealed partial class EcsSimulation
{
    /// <summary>The CodeDeploy operations the emulator answers.</summary>
    public static IReadOnlySet<string> CodeDeployOperations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GetApplication", "ListApplications", "GetDeploymentGroup", "ListDeploymentGroups", "GetDeploymentConfig",
        "CreateDeployment", "GetDeployment", "BatchGetDeployments", "ListDeployments", "ListDeploymentTargets",
        "BatchGetDeploymentTargets", "ContinueDeployment", "StopDeployment", "PutLifecycleEventHookExecutionStatus",
    };

    // codedeploy#BatchGetDeploymentsInput.deploymentIds and codedeploy#BatchGetDeploymentTargetsInput.targetIds: at most 25.
    private const int CodeDeployBatchLimit = 25;

    // codedeploy#ListDeploymentsOutput: the page size is not documented [inference: 100, as ListApplications].
    private const int CodeDeployPageSize = 100;

    private readonly Dictionary<string, CodeDeployApplicationState> _applications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CodeDeployConfigState> _deploymentConfigs = new(StringComparer.Ordinal);
    private readonly List<CodeDeployDeploymentState> _codeDeployments = [];
    private readonly Dictionary<string, CodeDeployHook> _hookChanges = new(StringComparer.Ordinal);

    /// <summary>The hook outcomes set at run time, on top of the scenario's (a copy).</summary>
    public IReadOnlyDictionary<string, CodeDeployHook> HookChanges => new Dictionary<string, CodeDeployHook>(_hookChanges, StringComparer.Ordinal);

    /// <summary>Sets (or, with <c>null</c>, removes) how the hooks of a lifecycle event end, for hooks that start from now on.</summary>
    public void SetHook(string lifecycleEvent, CodeDeployHook? hook)
    {
        if (!AppSpec.HookEvents.Contains(lifecycleEvent))
        {
            throw new ArgumentException($"{lifecycleEvent} is not an ECS lifecycle event hook; use one of {string.Join(", ", AppSpec.HookEvents)}.", nameof(lifecycleEvent));
        }

        if (hook is null)
        {
            _hookChanges.Remove(lifecycleEvent);
        }
        else
        {
            _hookChanges[lifecycleEvent] = hook;
        }
    }

    public JsonObject ExecuteCodeDeploy(string operation, JsonObject input) => operation switch
    {
        "GetApplication" => new JsonObject { ["application"] = RenderApplication(Application(Str(input, "applicationName"))) },
        "ListApplications" => ListApplications(input),
        "GetDeploymentGroup" => new JsonObject { ["deploymentGroupInfo"] = RenderGroup(Group(Application(Str(input, "applicationName")), Str(input, "deploymentGroupName"))) },
        "ListDeploymentGroups" => ListDeploymentGroups(input),
        "GetDeploymentConfig" => new JsonObject { ["deploymentConfigInfo"] = RenderConfig(Config(Str(input, "deploymentConfigName"))) },
        "CreateDeployment" => CreateCodeDeployment(input),
        "GetDeployment" => new JsonObject { ["deploymentInfo"] = RenderCodeDeployment(CodeDeployment(Str(input, "deploymentId"))) },
        "BatchGetDeployments" => BatchGetDeployments(input),
        "ListDeployments" => ListCodeDeployments(input),
        "ListDeploymentTargets" => ListDeploymentTargets(input),
        "BatchGetDeploymentTargets" => BatchGetDeploymentTargets(input),
        "ContinueDeployment" => ContinueCodeDeployment(input),
        "StopDeployment" => StopCodeDeployment(input),
        "PutLifecycleEventHookExecutionStatus" => PutLifecycleEventHookExecutionStatus(input),
        _ => throw new EcsApiException("UnknownOperationException", $"The operation {operation} is not supported by the emulator."),
    };

    // ---------------------------------------------------------------- scenario

    /// <summary>
    /// The predefined ECS deployment configurations
    /// (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configurations-predefined-ecs).
    /// </summary>
    private void AddPredefinedConfigs()
    {
        foreach (var config in (CodeDeployConfigState[])
        [
            new("CodeDeployDefault.ECSAllAtOnce", PredefinedConfigId(1), "AllAtOnce", 100, 0, true),
            new("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", PredefinedConfigId(2), "TimeBasedLinear", 10, 1, true),
            new("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", PredefinedConfigId(3), "TimeBasedLinear", 10, 3, true),
            new("CodeDeployDefault.ECSCanary10Percent5Minutes", PredefinedConfigId(4), "TimeBasedCanary", 10, 5, true),
            new("CodeDeployDefault.ECSCanary10Percent15Minutes", PredefinedConfigId(5), "TimeBasedCanary", 10, 15, true),
        ])
        {
            _deploymentConfigs[config.Name] = config;
        }
    }

    private static string PredefinedConfigId(int n) => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-c0de{n:x8}");

    /// <exception cref="EmulatorScenarioException">An entry cannot be applied; the message names it.</exception>
    private void ApplyCodeDeployScenario()
    {
        AddPredefinedConfigs();

        // The task sets of the scenario's CODE_DEPLOY services, as their tasks started them.
        foreach (var service in _clusters.Values.SelectMany(c => c.Services.Values).Where(s => s.IsCodeDeploy))
        {
            foreach (var taskSet in service.TaskSets)
            {
                taskSet.Tasks.DesiredCount = (int)Math.Ceiling(service.DesiredCount * taskSet.ScalePercent / 100.0);
                taskSet.StabilityStatus = IsSteady(service, taskSet) ? "STEADY_STATE" : "STABILIZING";
                taskSet.StabilityStatusAt = _now;
            }
        }

        var scenario = _scenario.CodeDeploy;
        for (var i = 0; i < scenario.DeploymentConfigs.Count; i++)
        {
            var declared = scenario.DeploymentConfigs[i];
            var entry = Entry("codeDeploy.deploymentConfigs", i, declared.Name);
            if (string.IsNullOrEmpty(declared.Name) || _deploymentConfigs.ContainsKey(declared.Name))
            {
                throw new EmulatorScenarioException(entry, "it needs a \"name\" no other deployment configuration has (the CodeDeployDefault.ECS… ones are predefined).");
            }

            _deploymentConfigs[declared.Name] = ReadTrafficRouting(entry, declared);
        }

        foreach (var name in scenario.Hooks.Keys.Where(name => !AppSpec.HookEvents.Contains(name)))
        {
            throw new EmulatorScenarioException($"codeDeploy.hooks \"{name}\"", $"it is not an ECS lifecycle event hook; use one of {string.Join(", ", AppSpec.HookEvents)}.");
        }

        for (var i = 0; i < scenario.Applications.Count; i++)
        {
            var declared = scenario.Applications[i];
            var entry = Entry("codeDeploy.applications", i, declared.Name);
            if (string.IsNullOrEmpty(declared.Name) || _applications.ContainsKey(declared.Name))
            {
                throw new EmulatorScenarioException(entry, "it needs a \"name\" no other application has.");
            }

            if (declared.ComputePlatform != "ECS")
            {
                throw new EmulatorScenarioException(entry, $"the emulator deploys the ECS compute platform only, not {declared.ComputePlatform}.");
            }

            var application = new CodeDeployApplicationState { Name = declared.Name, Id = _ids.Guid().ToString(), CreatedAt = _now };
            _applications[declared.Name] = application;
            for (var j = 0; j < declared.DeploymentGroups.Count; j++)
            {
                var group = declared.DeploymentGroups[j];
                var groupEntry = $"{entry} deploymentGroups[{j}] \"{group.Name}\"";
                if (string.IsNullOrEmpty(group.Name) || application.Groups.ContainsKey(group.Name))
                {
                    throw new EmulatorScenarioException(groupEntry, "it needs a \"name\" no other group of the application has.");
                }

                application.Groups[group.Name] = ReadGroup(groupEntry, application, group);
            }
        }
    }

    private CodeDeployConfigState ReadTrafficRouting(string entry, CodeDeployDeploymentConfig declared)
    {
        var routing = declared.TrafficRoutingConfig ?? throw new EmulatorScenarioException(entry, "an ECS deployment configuration needs a \"trafficRoutingConfig\".");
        var type = Str(routing, "type");
        var id = _ids.Guid().ToString();
        switch (type)
        {
            case "AllAtOnce":
                return new CodeDeployConfigState(declared.Name, id, type, 100, 0, false);
            case "TimeBasedCanary" or "TimeBasedLinear":
                var member = type == "TimeBasedCanary" ? "timeBasedCanary" : "timeBasedLinear";
                var prefix = type == "TimeBasedCanary" ? "canary" : "linear";
                var settings = Structure(routing, member);
                var percentage = settings is null ? null : Int(settings, prefix + "Percentage");
                var interval = settings is null ? null : Int(settings, prefix + "Interval");
                if (percentage is not (>= 1 and <= 99) || interval is not >= 1)
                {
                    throw new EmulatorScenarioException(entry, $"\"trafficRoutingConfig\" of type {type} needs \"{member}\": {{\"{prefix}Percentage\": 1 to 99, \"{prefix}Interval\": minutes, at least 1}}.");
                }

                return new CodeDeployConfigState(declared.Name, id, type, percentage.Value, interval.Value, false);
            default:
                throw new EmulatorScenarioException(entry, $"\"trafficRoutingConfig.type\" must be TimeBasedCanary, TimeBasedLinear or AllAtOnce, not {type ?? "missing"}.");
        }
    }

    private CodeDeployGroupState ReadGroup(string entry, CodeDeployApplicationState application, CodeDeployDeploymentGroup group)
    {
        if (group.EcsServices.Count != 1 || Str(group.EcsServices[0], "clusterName") is not { } clusterName || Str(group.EcsServices[0], "serviceName") is not { } serviceName)
        {
            throw new EmulatorScenarioException(entry, "\"ecsServices\" must name one service: [{\"clusterName\": \"prod\", \"serviceName\": \"web\"}].");
        }

        if (!_clusters.TryGetValue(clusterName, out var cluster) || !cluster.Services.TryGetValue(serviceName, out var service))
        {
            throw new EmulatorScenarioException(entry, $"the service {clusterName}:{serviceName} is not in the scenario's \"services\".");
        }

        if (!service.IsCodeDeploy)
        {
            throw new EmulatorScenarioException(entry, $"the service {clusterName}:{serviceName} must have \"deploymentController\": {{\"type\": \"CODE_DEPLOY\"}}.");
        }

        if (_applications.Values.SelectMany(a => a.Groups.Values).Any(g => ReferenceEquals(g.Service, service)))
        {
            // One deployment group per ECS service (https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html).
            throw new EmulatorScenarioException(entry, $"another deployment group already deploys {clusterName}:{serviceName}.");
        }

        if (!_deploymentConfigs.ContainsKey(group.DeploymentConfigName))
        {
            throw new EmulatorScenarioException(entry, $"the deployment configuration {group.DeploymentConfigName} is neither predefined nor in \"codeDeploy.deploymentConfigs\".");
        }

        var pairs = group.LoadBalancerInfo?["targetGroupPairInfoList"] as JsonArray;
        if (pairs is not { Count: 1 } || pairs[0] is not JsonObject pair)
        {
            throw new EmulatorScenarioException(entry, "\"loadBalancerInfo.targetGroupPairInfoList\" must have one entry with two \"targetGroups\", a \"prodTrafficRoute\" and optionally a \"testTrafficRoute\".");
        }

        var names = (pair["targetGroups"] as JsonArray ?? []).OfType<JsonObject>().Select(tg => Str(tg, "name")).ToList();
        if (names.Count != 2 || names.Any(n => n is null) || names[0] == names[1])
        {
            throw new EmulatorScenarioException(entry, "the target group pair must name two different target groups: \"targetGroups\": [{\"name\": \"blue\"}, {\"name\": \"green\"}].");
        }

        var known = _listenerRules.Values.SelectMany(r => r.TargetGroups).ToList();
        foreach (var name in names)
        {
            if (!known.Any(arn => TargetGroupName(arn) == name))
            {
                throw new EmulatorScenarioException(entry, $"the target group {name} is not forwarded to by any of the scenario's \"listenerRules\".");
            }
        }

        if (service.LoadBalancers.Count != 1 || service.LoadBalancers[0].TargetGroupArn is not { } serviceGroup || !names.Contains(TargetGroupName(serviceGroup)))
        {
            throw new EmulatorScenarioException(entry, $"the service {clusterName}:{serviceName} must have one load balancer whose targetGroupArn is one of the pair's target groups.");
        }

        List<string> Listeners(string route)
        {
            var arns = StrList(pair[route] as JsonObject ?? [], "listenerArns") ?? [];
            foreach (var arn in arns.Where(arn => !_listenerRules.ContainsKey(arn)))
            {
                throw new EmulatorScenarioException(entry, $"the {route} listener {arn} is not in the scenario's \"listenerRules\".");
            }

            return arns;
        }

        var production = Listeners("prodTrafficRoute");
        if (production.Count != 1)
        {
            throw new EmulatorScenarioException(entry, "\"prodTrafficRoute.listenerArns\" must name one listener (https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html).");
        }

        var blueGreen = group.BlueGreenDeploymentConfiguration;
        var ready = blueGreen?["deploymentReadyOption"] as JsonObject;
        var terminate = blueGreen?["terminateBlueInstancesOnDeploymentSuccess"] as JsonObject;
        var action = ready is null ? "CONTINUE_DEPLOYMENT" : Str(ready, "actionOnTimeout") ?? "CONTINUE_DEPLOYMENT";
        var terminateAction = terminate is null ? "TERMINATE" : Str(terminate, "action") ?? "TERMINATE";
        if (action is not ("CONTINUE_DEPLOYMENT" or "STOP_DEPLOYMENT") || terminateAction is not ("TERMINATE" or "KEEP_ALIVE"))
        {
            throw new EmulatorScenarioException(entry, "\"deploymentReadyOption.actionOnTimeout\" is CONTINUE_DEPLOYMENT or STOP_DEPLOYMENT, \"terminateBlueInstancesOnDeploymentSuccess.action\" TERMINATE or KEEP_ALIVE.");
        }

        var terminationWait = terminate is null ? 0 : Int(terminate, "terminationWaitTimeInMinutes") ?? 0;
        if (terminationWait is < 0 or > 2880)
        {
            // codedeploy#BlueInstanceTerminationOption.terminationWaitTimeInMinutes: at most 2880 (2 days).
            throw new EmulatorScenarioException(entry, "\"terminationWaitTimeInMinutes\" must be between 0 and 2880.");
        }

        var rollback = group.AutoRollbackConfiguration;
        return new CodeDeployGroupState
        {
            Application = application,
            Name = group.Name,
            Id = _ids.Guid().ToString(),
            Declared = group,
            Service = service,
            DeploymentConfigName = group.DeploymentConfigName,
            TargetGroupNames = names!,
            ProductionListeners = production,
            TestListeners = Listeners("testTrafficRoute"),
            WaitForReady = action == "STOP_DEPLOYMENT",
            ReadyWaitMinutes = ready is null ? 0 : Int(ready, "waitTimeInMinutes") ?? 0,
            TerminateBlue = terminateAction == "TERMINATE",
            TerminationWaitMinutes = terminationWait,
            AutoRollback = rollback is not null && Bool(rollback, "enabled") == true,
            AutoRollbackEvents = rollback is null ? [] : StrList(rollback, "events") ?? [],
        };
    }

    private static string TargetGroupName(string arn)
    {
        // arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID
        var marker = arn.IndexOf(":targetgroup/", StringComparison.Ordinal);
        if (marker < 0)
        {
            return arn;
        }

        var rest = arn[(marker + ":targetgroup/".Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }

    private string TargetGroupArn(string name) =>
        _listenerRules.Values.SelectMany(r => r.TargetGroups).FirstOrDefault(arn => TargetGroupName(arn) == name) ?? name;

    // ---------------------------------------------------------------- lookups and errors

    private static EcsApiException CodeDeployError(string type, string message) => new(type, message);

    private CodeDeployApplicationState Application(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw CodeDeployError("ApplicationNameRequiredException", "The minimum number of required application names was not specified.");
        }

        return _applications.TryGetValue(name, out var application)
            ? application
            : throw CodeDeployError("ApplicationDoesNotExistException", $"No application found for name: {name}");
    }

    private static CodeDeployGroupState Group(CodeDeployApplicationState application, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw CodeDeployError("DeploymentGroupNameRequiredException", "The deployment group name was not specified.");
        }

        return application.Groups.TryGetValue(name, out var group)
            ? group
            : throw CodeDeployError("DeploymentGroupDoesNotExistException", $"No Deployment Group found for name: {name}");
    }

    private CodeDeployConfigState Config(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw CodeDeployError("DeploymentConfigNameRequiredException", "The deployment configuration name was not specified.");
        }

        return _deploymentConfigs.TryGetValue(name, out var config)
            ? config
            : throw CodeDeployError("DeploymentConfigDoesNotExistException", $"No deployment configuration found for name: {name}");
    }

    private CodeDeployDeploymentState CodeDeployment(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw CodeDeployError("DeploymentIdRequiredException", "At least one deployment ID must be specified.");
        }

        if (!DeploymentIdFormat().IsMatch(id))
        {
            throw CodeDeployError("InvalidDeploymentIdException", $"Specified deployment id is invalid: {id}");
        }

        return _codeDeployments.FirstOrDefault(d => d.Id == id)
            ?? throw CodeDeployError("DeploymentDoesNotExistException", $"The deployment {id} could not be found.");
    }

    // Deployment ids are d- and nine upper-case letters and digits (codedeploy#DeploymentInfo.deploymentId, for example d-A1B2C3D4E).
    [GeneratedRegex("^d-[A-Z0-9]{9}$")]
    private static partial Regex DeploymentIdFormat();

    private string NewCodeDeployId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var value = _ids.Next();
        var chars = new char[9];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(value % (ulong)alphabet.Length)];
            value /= (ulong)alphabet.Length;
        }

        return "d-" + new string(chars);
    }

    /// <summary>A page of a CodeDeploy list: CodeDeploy takes no maxResults, and a bad token is InvalidNextTokenException.</summary>
    private static (List<string> Page, string? Next) CodeDeployPage(List<string> items, JsonObject input, int size)
    {
        var paging = new JsonObject { ["nextToken"] = Str(input, "nextToken") };
        try
        {
            return Page(items, paging, size);
        }
        catch (EcsApiException)
        {
            throw CodeDeployError("InvalidNextTokenException", "The next token was specified in an invalid format.");
        }
    }

    // ---------------------------------------------------------------- applications, groups, configs

    private JsonObject ListApplications(JsonObject input)
    {
        var (page, next) = CodeDeployPage(_applications.Keys.Order(StringComparer.Ordinal).ToList(), input, CodeDeployPageSize);
        return PageResult("applications", page, next);
    }

    private JsonObject ListDeploymentGroups(JsonObject input)
    {
        var application = Application(Str(input, "applicationName"));
        var (page, next) = CodeDeployPage(application.Groups.Keys.Order(StringComparer.Ordinal).ToList(), input, CodeDeployPageSize);
        var result = PageResult("deploymentGroups", page, next);
        result["applicationName"] = application.Name;
        return result;
    }

    private static JsonObject RenderApplication(CodeDeployApplicationState application) => Shape(
        ("applicationId", application.Id),
        ("applicationName", application.Name),
        ("createTime", Timestamp(application.CreatedAt)),
        ("linkedToGitHub", false),
        ("computePlatform", "ECS"));

    private JsonObject RenderGroup(CodeDeployGroupState group)
    {
        static JsonObject? Last(CodeDeployDeploymentState? d) => d is null ? null : Shape(
            ("deploymentId", d.Id),
            ("status", d.Status),
            ("endTime", Timestamp(d.CompletedAt)),
            ("createTime", Timestamp(d.CreatedAt)));

        return Shape(
            ("applicationName", group.Application.Name),
            ("deploymentGroupId", group.Id),
            ("deploymentGroupName", group.Name),
            ("deploymentConfigName", group.DeploymentConfigName),
            ("ec2TagFilters", new JsonArray()),
            ("onPremisesInstanceTagFilters", new JsonArray()),
            ("autoScalingGroups", new JsonArray()),
            ("serviceRoleArn", group.Declared.ServiceRoleArn ?? $"arn:aws:iam::{Account}:role/ecsCodeDeployRole"),
            ("triggerConfigurations", new JsonArray()),
            ("alarmConfiguration", Shape(("enabled", false), ("ignorePollAlarmFailure", false), ("alarms", new JsonArray()))),
            ("autoRollbackConfiguration", RenderAutoRollback(group.AutoRollback, group.AutoRollbackEvents)),
            ("deploymentStyle", Shape(("deploymentType", "BLUE_GREEN"), ("deploymentOption", "WITH_TRAFFIC_CONTROL"))),
            ("outdatedInstancesStrategy", "UPDATE"),
            ("blueGreenDeploymentConfiguration", RenderBlueGreen(group)),
            ("loadBalancerInfo", RenderLoadBalancerInfo(group)),
            ("lastSuccessfulDeployment", Last(group.LastSucceeded)),
            ("lastAttemptedDeployment", Last(group.LastAttempted)),
            ("computePlatform", "ECS"),
            ("ecsServices", new JsonArray(Shape(("serviceName", group.Service.Name), ("clusterName", group.Service.Cluster.Name)))),
            ("terminationHookEnabled", false));
    }

    private static JsonObject RenderAutoRollback(bool enabled, IReadOnlyList<string> events) =>
        Shape(("enabled", enabled), ("events", new JsonArray(events.Select(e => (JsonNode)JsonValue.Create(e)).ToArray())));

    private static JsonObject RenderBlueGreen(CodeDeployGroupState group) => Shape(
        ("terminateBlueInstancesOnDeploymentSuccess", Shape(
            ("action", group.TerminateBlue ? "TERMINATE" : "KEEP_ALIVE"),
            ("terminationWaitTimeInMinutes", group.TerminationWaitMinutes))),
        ("deploymentReadyOption", Shape(
            ("actionOnTimeout", group.WaitForReady ? "STOP_DEPLOYMENT" : "CONTINUE_DEPLOYMENT"),
            ("waitTimeInMinutes", group.ReadyWaitMinutes))));

    private static JsonObject RenderLoadBalancerInfo(CodeDeployGroupState group)
    {
        static JsonObject Route(IReadOnlyList<string> arns) => Shape(("listenerArns", new JsonArray(arns.Select(a => (JsonNode)JsonValue.Create(a)).ToArray())));
        var pair = Shape(
            ("targetGroups", new JsonArray(group.TargetGroupNames.Select(n => (JsonNode)Shape(("name", n))).ToArray())),
            ("prodTrafficRoute", Route(group.ProductionListeners)),
            ("testTrafficRoute", group.TestListeners.Count > 0 ? Route(group.TestListeners) : null));
        return Shape(("targetGroupPairInfoList", new JsonArray(pair)));
    }

    private static JsonObject RenderConfig(CodeDeployConfigState config) => Shape(
        ("deploymentConfigId", config.Id),
        ("deploymentConfigName", config.Name),
        ("createTime", Timestamp(DateTimeOffset.FromUnixTimeSeconds(1_542_067_200))),
        ("computePlatform", "ECS"),
        ("trafficRoutingConfig", config.Type switch
        {
            "TimeBasedCanary" => Shape(("type", config.Type), ("timeBasedCanary", Shape(("canaryPercentage", config.Percentage), ("canaryInterval", config.IntervalMinutes)))),
            "TimeBasedLinear" => Shape(("type", config.Type), ("timeBasedLinear", Shape(("linearPercentage", config.Percentage), ("linearInterval", config.IntervalMinutes)))),
            _ => Shape(("type", config.Type)),
        }));

    // ---------------------------------------------------------------- deployments

    private JsonObject CreateCodeDeployment(JsonObject input)
    {
        var application = Application(Str(input, "applicationName"));
        var group = Group(application, Str(input, "deploymentGroupName"));
        var revision = Structure(input, "revision") ?? throw CodeDeployError("RevisionRequiredException", "The revision ID was not specified.");
        if (Str(revision, "revisionType") != "AppSpecContent")
        {
            throw CodeDeployError("InvalidRevisionException", "An ECS deployment takes its revision as \"revisionType\": \"AppSpecContent\" (the emulator does not read S3, GitHub or String revisions).");
        }

        var appSpecContent = Structure(revision, "appSpecContent");
        var content = appSpecContent is null ? null : Str(appSpecContent, "content");
        if (string.IsNullOrWhiteSpace(content))
        {
            throw CodeDeployError("InvalidRevisionException", "The revision's appSpecContent has no content.");
        }

        if (Str(appSpecContent!, "sha256") is { } sha && !string.Equals(sha, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))), StringComparison.OrdinalIgnoreCase))
        {
            // codedeploy#AppSpecContent.sha256: "The SHA256 hash value of the revision content."
            throw CodeDeployError("InvalidRevisionException", "The SHA256 hash of the AppSpec content does not match the sha256 given.");
        }

        var spec = AppSpec.Parse(content);
        var config = Str(input, "deploymentConfigName") is { } configName ? Config(configName) : _deploymentConfigs[group.DeploymentConfigName];
        if (_codeDeployments.FirstOrDefault(d => ReferenceEquals(d.Group, group) && !d.IsFinished) is { } active)
        {
            // One deployment at a time per deployment group (https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html).
            throw CodeDeployError("DeploymentLimitExceededException", $"The Deployment Group '{group.Name}' already has an active Deployment '{active.Id}'");
        }

        var rollbackOverride = Structure(input, "autoRollbackConfiguration");
        var description = Str(input, "description");
        if (description is { Length: > 512 })
        {
            throw CodeDeployError("DescriptionTooLongException", "The description is too long.");
        }

        var service = group.Service;
        var deployment = new CodeDeployDeploymentState
        {
            Id = NewCodeDeployId(),
            Group = group,
            Config = config,
            Creator = "user",
            Description = description,
            CreatedAt = _now,
            StepStartedAt = _now,
            Revision = (JsonObject)revision.DeepClone(),
            PreviousRevision = group.LastSucceeded?.Revision,
            TaskDefinitionReference = spec.TaskDefinition,
            ContainerName = spec.ContainerName,
            ContainerPort = spec.ContainerPort,
            PlatformVersion = spec.PlatformVersion,
            NetworkConfiguration = spec.NetworkConfiguration,
            CapacityProviderStrategy = spec.CapacityProviderStrategy,
            AutoRollback = rollbackOverride is null ? group.AutoRollback : Bool(rollbackOverride, "enabled") == true,
            AutoRollbackEvents = rollbackOverride is null ? group.AutoRollbackEvents : StrList(rollbackOverride, "events") ?? [],
            AutoRollbackOverride = rollbackOverride,
            Blue = service.TaskSets.FirstOrDefault(ts => ts.Status == "PRIMARY"),
        };
        foreach (var name in LifecycleEventOrder)
        {
            deployment.Events.Add(new LifecycleEventState { Name = name, HookFunction = spec.Hooks.GetValueOrDefault(name) });
        }

        _codeDeployments.Add(deployment);
        group.LastAttempted = deployment;
        return new JsonObject { ["deploymentId"] = deployment.Id };
    }

    private JsonObject BatchGetDeployments(JsonObject input)
    {
        var ids = StrList(input, "deploymentIds") ?? [];
        if (ids.Count == 0)
        {
            throw CodeDeployError("DeploymentIdRequiredException", "At least one deployment ID must be specified.");
        }

        if (ids.Count > CodeDeployBatchLimit)
        {
            throw CodeDeployError("BatchLimitExceededException", $"The maximum number of deployment IDs was exceeded: at most {CodeDeployBatchLimit}.");
        }

        foreach (var id in ids.Where(id => !DeploymentIdFormat().IsMatch(id)))
        {
            throw CodeDeployError("InvalidDeploymentIdException", $"Specified deployment id is invalid: {id}");
        }

        // Ids of no deployment are left out of the answer.
        return new JsonObject
        {
            ["deploymentsInfo"] = List(ids.Distinct().Select(id => _codeDeployments.FirstOrDefault(d => d.Id == id)).OfType<CodeDeployDeploymentState>(), RenderCodeDeployment),
        };
    }

    private JsonObject ListCodeDeployments(JsonObject input)
    {
        IEnumerable<CodeDeployDeploymentState> found = _codeDeployments;
        var applicationName = Str(input, "applicationName");
        var groupName = Str(input, "deploymentGroupName");
        if (groupName is not null && applicationName is null)
        {
            throw CodeDeployError("ApplicationNameRequiredException", "The minimum number of required application names was not specified.");
        }

        if (applicationName is not null)
        {
            var application = Application(applicationName);
            if (groupName is null)
            {
                // codedeploy#ListDeploymentsInput.deploymentGroupName: "If applicationName is specified, then deploymentGroupName must be specified."
                throw CodeDeployError("DeploymentGroupNameRequiredException", "The deployment group name was not specified.");
            }

            var group = Group(application, groupName);
            found = found.Where(d => ReferenceEquals(d.Group, group));
        }

        if (StrList(input, "includeOnlyStatuses") is { Count: > 0 } statuses)
        {
            foreach (var status in statuses.Where(s => s is not ("Created" or "Queued" or "InProgress" or "Baking" or "Succeeded" or "Failed" or "Stopped" or "Ready")))
            {
                throw CodeDeployError("InvalidDeploymentStatusException", $"The specified deployment status is invalid: {status}");
            }

            found = found.Where(d => statuses.Contains(d.Status));
        }

        if (Structure(input, "createTimeRange") is { } range)
        {
            var start = ReadTimestamp(range["start"]);
            var end = ReadTimestamp(range["end"]);
            if (start is not null && end is not null && start > end)
            {
                throw CodeDeployError("InvalidTimeRangeException", "The specified time range was specified incorrectly: the start is after the end.");
            }

            found = found.Where(d => (start is null || d.CreatedAt >= start) && (end is null || d.CreatedAt <= end));
        }

        // Newest first [inference: the order is not documented].
        var ids = found.OrderByDescending(d => d.CreatedAt).Select(d => d.Id).ToList();
        var (page, next) = CodeDeployPage(ids, input, CodeDeployPageSize);
        return PageResult("deployments", page, next);
    }

    private JsonObject ListDeploymentTargets(JsonObject input)
    {
        var deployment = CodeDeployment(Str(input, "deploymentId"));
        return new JsonObject { ["targetIds"] = new JsonArray(JsonValue.Create(deployment.TargetId)) };
    }

    private JsonObject BatchGetDeploymentTargets(JsonObject input)
    {
        var deployment = CodeDeployment(Str(input, "deploymentId"));
        var ids = StrList(input, "targetIds") ?? [];
        if (ids.Count == 0)
        {
            throw CodeDeployError("DeploymentTargetIdRequiredException", "A deployment target ID was not provided.");
        }

        if (ids.Count > CodeDeployBatchLimit)
        {
            throw CodeDeployError("DeploymentTargetListSizeExceededException", $"The maximum number of targets that can be associated with an Amazon ECS or AWS Lambda deployment was exceeded. The target list of both types of deployments must have exactly one item.");
        }

        foreach (var id in ids.Where(id => id != deployment.TargetId))
        {
            throw CodeDeployError("DeploymentTargetDoesNotExistException", $"The provided target ID does not belong to the attempted deployment: {id}");
        }

        return new JsonObject
        {
            ["deploymentTargets"] = new JsonArray(Shape(("deploymentTargetType", "ECSTarget"), ("ecsTarget", RenderEcsTarget(deployment)))),
        };
    }

    private JsonObject ContinueCodeDeployment(JsonObject input)
    {
        var deployment = CodeDeployment(Str(input, "deploymentId"));
        var waitType = Str(input, "deploymentWaitType") ?? "READY_WAIT";
        if (waitType is not ("READY_WAIT" or "TERMINATION_WAIT"))
        {
            throw CodeDeployError("InvalidDeploymentWaitTypeException", $"The wait type is invalid: {waitType}");
        }

        if (deployment.IsFinished)
        {
            throw CodeDeployError("DeploymentAlreadyCompletedException", $"The deployment {deployment.Id} is already completed.");
        }

        if (waitType == "READY_WAIT")
        {
            if (deployment.Status != "Ready")
            {
                throw CodeDeployError("DeploymentIsNotInReadyStateException", "The deployment does not have a status of Ready and can't continue yet.");
            }

            deployment.ReadyContinued = true;
            deployment.Status = "InProgress";
        }
        else
        {
            if (!deployment.TerminationWaitStarted)
            {
                // [inference: the error CodeDeploy answers for a TERMINATION_WAIT outside the termination wait is not documented.]
                throw CodeDeployError("InvalidDeploymentWaitTypeException", $"The wait type is invalid: the deployment {deployment.Id} is not waiting to terminate its original task set.");
            }

            deployment.TerminationDueAt = _now;
        }

        AdvanceCodeDeployment(deployment);
        return new JsonObject();
    }

    private JsonObject StopCodeDeployment(JsonObject input)
    {
        var deployment = CodeDeployment(Str(input, "deploymentId"));
        if (deployment.IsFinished)
        {
            throw CodeDeployError("DeploymentAlreadyCompletedException", $"The deployment {deployment.Id} is already completed.");
        }

        var rollback = Bool(input, "autoRollbackEnabled")
            ?? (deployment.AutoRollback && deployment.AutoRollbackEvents.Contains("DEPLOYMENT_STOP_ON_REQUEST"));
        EndCodeDeployment(deployment, "Stopped", "MANUAL_STOP", "The deployment was stopped by a StopDeployment request.");
        if (rollback && !deployment.IsRollback)
        {
            StartCodeDeployRollback(deployment, "The deployment was stopped and rolled back on request.");
        }

        return Shape(("status", "Succeeded"), ("statusMessage", rollback ? $"Deployment {deployment.Id} stopped; rollback deployment {deployment.RollbackDeploymentId} started." : $"Deployment {deployment.Id} stopped."));
    }

    private JsonObject PutLifecycleEventHookExecutionStatus(JsonObject input)
    {
        var deployment = CodeDeployment(Str(input, "deploymentId"));
        var executionId = Str(input, "lifecycleEventHookExecutionId");
        var status = Str(input, "status");
        if (status is not ("Succeeded" or "Failed"))
        {
            // codedeploy#PutLifecycleEventHookExecutionStatusInput.status: only Succeeded and Failed are accepted.
            throw CodeDeployError("InvalidLifecycleEventHookExecutionStatusException", $"The result of a Lambda validation function that verifies a lifecycle event is invalid: {status}. It should return Succeeded or Failed.");
        }

        var hook = deployment.Events.FirstOrDefault(e => e.HookExecutionId is not null && e.HookExecutionId == executionId)
            ?? throw CodeDeployError("InvalidLifecycleEventHookExecutionIdException", $"A lifecycle event hook is invalid: {executionId}");
        if (hook.Status != "InProgress" || deployment.IsFinished)
        {
            throw CodeDeployError("LifecycleEventAlreadyCompletedException", "An attempt to return the status of an already completed lifecycle event occurred.");
        }

        hook.Outcome = status == "Succeeded" ? CodeDeployHookOutcome.Succeed : CodeDeployHookOutcome.Fail;
        hook.DueAt = _now;
        AdvanceCodeDeployment(deployment);
        return new JsonObject { ["lifecycleEventHookExecutionId"] = executionId };
    }
}
