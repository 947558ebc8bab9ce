using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing.Faults;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Testing.Simulation;

namespace Ecs.BlueGreen.Testing.Protocol;

/// <summary>
/// The emulator's side of the wire: AWS JSON 1.1 requests (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html)
/// to ECS and CloudWatch Logs on one endpoint, the faults of the scenario, the call log, and the admin paths.
/// Thread-safe: requests are handled one at a time.
/// </summary>
internal sealed partial class EmulatorEndpoint
{
    /// <summary>The target prefix of ECS (<c>targetPrefix</c> in the metadata of botocore's ECS model).</summary>
    public const string EcsTargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    /// <summary>The target prefix of CloudWatch Logs (<c>targetPrefix</c> in the metadata of botocore's CloudWatch Logs model).</summary>
    public const string LogsTargetPrefix = "Logs_20140328.";

    /// <summary>The target prefix of Amazon ECR (<c>targetPrefix</c> in the metadata of botocore's ECR model).</summary>
    public const string EcrTargetPrefix = "AmazonEC2ContainerRegistry_V20150921.";

    /// <summary>The target prefix of AWS CodeDeploy (<c>targetPrefix</c> in the metadata of botocore's CodeDeploy model).</summary>
    public const string CodeDeployTargetPrefix = "CodeDeploy_20141006.";

    /// <summary>The path of the admin endpoints, outside the AWS protocol.</summary>
    public const string AdminPath = "/_emulator";

    private const string JsonContentType = "application/x-amz-json-1.1";
    private const string EcsService = "ecs";
    private const string LogsService = "logs";
    private const string EcrService = "ecr";
    private const string CodeDeployService = "codedeploy";

    private static readonly JsonSerializerOptions LogOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly Lock _lock = new();
    private readonly List<EcsCall> _calls = [];
    private readonly Dictionary<string, Uri> _listenerUrls = new(StringComparer.Ordinal);
    private readonly EmulatorScenario _scenario;
    private readonly TimeProvider _timeProvider;
    private EcsSimulation _simulation;
    private FaultInjector _faults;
    private long _requestIds;

    /// <exception cref="EmulatorScenarioException">An entry of the scenario cannot be applied; the message names the entry.</exception>
    public EmulatorEndpoint(EmulatorScenario scenario, TimeProvider timeProvider)
    {
        _scenario = scenario;
        _timeProvider = timeProvider;
        _simulation = new EcsSimulation(scenario, timeProvider.GetUtcNow());
        _faults = new FaultInjector(scenario.Faults);
    }

    /// <summary>Every call so far, oldest first (a copy).</summary>
    public IReadOnlyList<EcsCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.ToList();
            }
        }
    }

    /// <summary>How many calls of <paramref name="operation"/> arrived.</summary>
    public int CountCalls(string operation)
    {
        lock (_lock)
        {
            return _calls.Count(c => c.Operation == operation);
        }
    }

    /// <summary>Brings the simulation up to the clock's time.</summary>
    public void Sync()
    {
        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
        }
    }

    /// <summary>The whole simulated state as JSON.</summary>
    public JsonObject GetState()
    {
        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
            return _simulation.Snapshot();
        }
    }

    /// <summary>Returns to the scenario's starting state at the current time and clears the call log.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _simulation = new EcsSimulation(_scenario, _timeProvider.GetUtcNow());
            _faults = new FaultInjector(_scenario.Faults);
            _calls.Clear();
        }
    }

    /// <summary>Sets (or, with <c>null</c>, removes) how the hooks of a lifecycle event end, for hooks that start from now on.</summary>
    public void SetHook(string lifecycleEvent, CodeDeployHook? hook)
    {
        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
            _simulation.SetHook(lifecycleEvent, hook);
        }
    }

    /// <summary>A CodeDeploy deployment as GetDeployment and BatchGetDeploymentTargets answer it; <c>null</c> when there is none.</summary>
    public JsonObject? GetCodeDeployDeployment(string deploymentId)
    {
        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
            return _simulation.CodeDeploymentSnapshot(deploymentId);
        }
    }

    /// <summary>Sets (or, with <c>null</c>, removes) a behaviour at run time: by exact image reference, or by task definition <c>family</c> or <c>family:revision</c>.</summary>
    public void SetBehaviour(string? image, string? taskDefinition, ImageBehaviour? behaviour, bool liveTasks)
    {
        if ((image is null) == (taskDefinition is null))
        {
            throw new ArgumentException("Name either an image or a task definition.");
        }

        if (string.IsNullOrWhiteSpace(image ?? taskDefinition))
        {
            throw new ArgumentException("The image or task definition is empty.");
        }

        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
            _simulation.SetBehaviour(image, taskDefinition, behaviour, liveTasks);
        }
    }

    /// <summary>The behaviours set at run time: by image, and by task definition.</summary>
    public (IReadOnlyDictionary<string, ImageBehaviour> Images, IReadOnlyDictionary<string, ImageBehaviour> TaskDefinitions) BehaviourChanges
    {
        get
        {
            lock (_lock)
            {
                return (_simulation.ImageChanges, _simulation.TaskDefinitionChanges);
            }
        }
    }

    /// <summary>Pushes (or moves) an ECR tag to a digest at run time; tasks whose pull starts from now on resolve the tag to it.</summary>
    /// <exception cref="ArgumentException">The repository, the tag or the digest is not valid.</exception>
    public void PushImage(string repository, string tag, string digest)
    {
        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
            _simulation.PushImage(repository, tag, digest);
        }
    }

    /// <summary>Adds a fault rule at run time, checked after the scenario's rules and the rules injected before it.</summary>
    public void InjectFault(FaultRule rule)
    {
        lock (_lock)
        {
            _faults.Inject(rule);
        }
    }

    /// <summary>Removes every fault rule injected at run time.</summary>
    public void ClearInjectedFaults()
    {
        lock (_lock)
        {
            _faults.ClearInjected();
        }
    }

    /// <summary>The fault rules injected at run time, oldest first.</summary>
    public IReadOnlyList<FaultRule> InjectedFaults
    {
        get
        {
            lock (_lock)
            {
                return _faults.Injected;
            }
        }
    }

    /// <summary>Where each listener rule is served, by rule ARN (a copy).</summary>
    public IReadOnlyDictionary<string, Uri> ListenerUrls
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, Uri>(_listenerUrls, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Records (or, with <c>null</c>, forgets) where a listener rule is served.</summary>
    public void SetListenerUrl(string ruleArn, Uri? url)
    {
        lock (_lock)
        {
            if (url is null)
            {
                _listenerUrls.Remove(ruleArn);
            }
            else
            {
                _listenerUrls[ruleArn] = url;
            }
        }
    }

    /// <summary>Answers one HTTP request to a listener rule at the clock's time.</summary>
    public ListenerAnswer HandleListener(string ruleArn)
    {
        lock (_lock)
        {
            _simulation.AdvanceTo(_timeProvider.GetUtcNow());
            return _simulation.Route(ruleArn);
        }
    }

    public EmulatorResponse Handle(EmulatorRequest request)
    {
        if (request.Path.StartsWith(AdminPath, StringComparison.Ordinal))
        {
            return HandleAdmin(request);
        }

        if (request.Method != "POST" || request.Path != "/")
        {
            // Every operation is POST / (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
            return Error(HttpStatusCode.NotFound, "UnknownOperationException", "Every ECS operation is POST /.");
        }

        // One endpoint serves both services; the X-Amz-Target prefix says which (each botocore model's metadata.targetPrefix).
        var target = request.Headers.GetValueOrDefault("x-amz-target");
        var service = target switch
        {
            not null when target.StartsWith(EcsTargetPrefix, StringComparison.Ordinal) => EcsService,
            not null when target.StartsWith(LogsTargetPrefix, StringComparison.Ordinal) => LogsService,
            not null when target.StartsWith(EcrTargetPrefix, StringComparison.Ordinal) => EcrService,
            not null when target.StartsWith(CodeDeployTargetPrefix, StringComparison.Ordinal) => CodeDeployService,
            _ => null,
        };
        if (service is null)
        {
            return Error(HttpStatusCode.BadRequest, "UnknownOperationException", null);
        }

        if (request.Headers.GetValueOrDefault("authorization") is not { } authorization)
        {
            return Error(HttpStatusCode.BadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        // SigV4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html). Any well-formed signature is accepted; it is not verified.
        if (!SigV4Header().IsMatch(authorization))
        {
            return Error(HttpStatusCode.BadRequest, "IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of an AWS4-HMAC-SHA256 signature.");
        }

        var operation = target![(target!.IndexOf('.', StringComparison.Ordinal) + 1)..];
        lock (_lock)
        {
            // The call log stamps a call with its arrival on the simulated clock, to the millisecond; the state it
            // sees is that of the last whole simulated second.
            var arrival = _timeProvider.GetUtcNow();
            _simulation.AdvanceTo(arrival);
            var response = HandleOperation(service, operation, request.Body);
            _calls.Add(new EcsCall
            {
                Sequence = _calls.Count + 1,
                Service = service,
                Operation = operation,
                Time = ToMilliseconds(arrival),
                ReceivedAt = arrival,
                Request = request.Body,
                Authorization = request.Headers.GetValueOrDefault("Authorization"),
                StatusCode = response.DropConnection ? 0 : response.StatusCode,
                ErrorType = response.StatusCode >= 400 && !response.DropConnection ? response.Headers.GetValueOrDefault("x-amzn-ErrorType") : null,
            });
            return response;
        }
    }

    private EmulatorResponse HandleOperation(string service, string operation, string body)
    {
        var decision = _faults.Decide(operation, _simulation.Now - _simulation.Start, _simulation.Now);
        EmulatorResponse response;
        switch (decision.Kind)
        {
            case FaultKind.Throttle:
                // ThrottlingException, HTTP 400, "Rate exceeded" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
                response = Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
                break;
            case FaultKind.ServerError:
                // ServerException is a fault, HTTP 500 (ecs#ServerException). An applied one did the work first.
                if (decision.Applied)
                {
                    Execute(service, operation, body);
                }

                response = Error(HttpStatusCode.InternalServerError, "ServerException", "Service Unavailable. Please try again later.");
                break;
            case FaultKind.DropConnection:
                if (decision.Applied)
                {
                    Execute(service, operation, body);
                }

                response = Error(HttpStatusCode.InternalServerError, "ConnectionDropped", null) with { DropConnection = true };
                break;
            default:
                response = Execute(service, operation, body);
                break;
        }

        return response with { Delay = decision.Latency };
    }

    private EmulatorResponse Execute(string service, string operation, string body)
    {
        var operations = service switch
        {
            LogsService => EcsSimulation.LogsOperations,
            EcrService => EcsSimulation.EcrOperations,
            CodeDeployService => EcsSimulation.CodeDeployOperations,
            _ => EcsSimulation.Operations,
        };
        if (!operations.Contains(operation))
        {
            return Error(HttpStatusCode.BadRequest, "UnknownOperationException", null);
        }

        JsonObject input;
        try
        {
            input = JsonNode.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body) as JsonObject
                ?? throw new JsonException("The body is not a JSON object.");
        }
        catch (JsonException exception)
        {
            return Error(HttpStatusCode.BadRequest, "SerializationException", exception.Message);
        }

        try
        {
            var output = service switch
            {
                LogsService => _simulation.ExecuteLogs(operation, input),
                EcrService => _simulation.ExecuteEcr(operation, input),
                CodeDeployService => _simulation.ExecuteCodeDeploy(operation, input),
                _ => _simulation.Execute(operation, input),
            };
            return new EmulatorResponse(200, JsonContentType, output.ToJsonString(), Headers());
        }
        catch (EcsApiException exception)
        {
            return Error(exception.StatusCode, exception.ErrorType, exception.Message);
        }
    }

    private EmulatorResponse HandleAdmin(EmulatorRequest request)
    {
        var path = request.Path[AdminPath.Length..].TrimEnd('/');
        JsonNode result;
        switch (request.Method, path)
        {
            case ("GET", "/calls"):
                lock (_lock)
                {
                    result = new JsonObject
                    {
                        ["calls"] = new JsonArray(_calls.Select(c => (JsonNode)new JsonObject
                        {
                            ["sequence"] = c.Sequence,
                            ["service"] = c.Service,
                            ["operation"] = c.Operation,
                            ["time"] = c.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                            ["request"] = TryParse(c.Request),
                            ["statusCode"] = c.StatusCode,
                            ["errorType"] = c.ErrorType,
                        }).ToArray()),
                    };
                }

                break;
            case ("GET", "/state"):
                result = GetState();
                break;
            case ("GET", "/listeners"):
                var urls = ListenerUrls;
                result = new JsonObject
                {
                    ["listeners"] = new JsonArray(_scenario.ListenerRules.Select(rule => (JsonNode)WireJson.Shape(
                        ("listenerRuleArn", rule.Arn),
                        ("url", urls.TryGetValue(rule.Arn, out var url) ? url.ToString() : null))).ToArray()),
                };
                break;
            case ("POST", "/reset"):
                Reset();
                result = new JsonObject { ["reset"] = true };
                break;
            case ("POST", "/advance"):
                if (_timeProvider is not ManualTimeProvider manual)
                {
                    return Admin(409, new JsonObject { ["error"] = "The emulator runs on a real clock; /advance needs a manual clock." });
                }

                var seconds = double.TryParse(QueryValue(request.Query, "seconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 1;
                manual.Advance(TimeSpan.FromSeconds(seconds));
                Sync();
                result = new JsonObject { ["time"] = WireJson.Timestamp(_timeProvider.GetUtcNow()) };
                break;
            case ("GET", "/behaviours"):
                result = BehavioursJson();
                break;
            case ("POST", "/behaviours"):
                if (ReadBody<BehaviourChange>(request.Body, out var behaviourProblem) is not { } change)
                {
                    return BadBody(behaviourProblem, "a behaviour change: {\"image\": \"repo/web:2\", \"behaviour\": {…}} or {\"taskDefinition\": \"web:2\", \"behaviour\": {…}}, optionally with \"liveTasks\": true");
                }

                try
                {
                    SetBehaviour(change.Image, change.TaskDefinition, change.Behaviour, change.LiveTasks);
                }
                catch (ArgumentException e)
                {
                    return Admin(400, new JsonObject { ["error"] = e.Message });
                }

                result = BehavioursJson();
                break;
            case ("GET", "/images"):
                result = ImagesJson();
                break;
            case ("POST", "/images"):
                if (ReadBody<ImagePush>(request.Body, out var pushProblem) is not { Repository: not null, Tag: not null, Digest: not null } push)
                {
                    return BadBody(pushProblem, "an image push: {\"repository\": \"web\", \"tag\": \"2\", \"digest\": \"sha256:…\"}");
                }

                try
                {
                    PushImage(push.Repository, push.Tag, push.Digest);
                }
                catch (ArgumentException e)
                {
                    return Admin(400, new JsonObject { ["error"] = e.Message });
                }

                result = ImagesJson();
                break;
            case ("GET", "/hooks"):
                result = HooksJson();
                break;
            case ("POST", "/hooks"):
                if (ReadBody<HookChange>(request.Body, out var hookProblem) is not { LifecycleEvent: not null } hookChange)
                {
                    return BadBody(hookProblem, "a hook change: {\"lifecycleEvent\": \"AfterAllowTestTraffic\", \"hook\": {\"outcome\": \"fail\"}}");
                }

                try
                {
                    SetHook(hookChange.LifecycleEvent, hookChange.Hook);
                }
                catch (ArgumentException e)
                {
                    return Admin(400, new JsonObject { ["error"] = e.Message });
                }

                result = HooksJson();
                break;
            case ("GET", "/faults"):
                result = FaultsJson();
                break;
            case ("POST", "/faults"):
                if (ReadBody<FaultRule>(request.Body, out var ruleProblem) is not { } rule)
                {
                    return BadBody(ruleProblem, "a fault rule: {\"operation\": \"DescribeServices\", \"kind\": \"throttle\", \"count\": 3}");
                }

                InjectFault(rule);
                result = FaultsJson();
                break;
            case ("DELETE", "/faults"):
                ClearInjectedFaults();
                result = FaultsJson();
                break;
            default:
                return Admin(404, new JsonObject { ["error"] = $"Unknown admin endpoint {request.Method} {request.Path}. Try GET {AdminPath}/calls, GET {AdminPath}/state, GET {AdminPath}/listeners, GET or POST {AdminPath}/behaviours, GET or POST {AdminPath}/images, GET or POST {AdminPath}/hooks, GET, POST or DELETE {AdminPath}/faults, POST {AdminPath}/reset, POST {AdminPath}/advance?seconds=N." });
        }

        return Admin(200, result);
    }

    private JsonObject BehavioursJson()
    {
        var (images, taskDefinitions) = BehaviourChanges;
        return new JsonObject
        {
            ["images"] = JsonSerializer.SerializeToNode(images, EmulatorScenario.JsonOptions),
            ["taskDefinitions"] = JsonSerializer.SerializeToNode(taskDefinitions, EmulatorScenario.JsonOptions),
        };
    }

    private JsonObject HooksJson()
    {
        lock (_lock)
        {
            return new JsonObject
            {
                ["scenario"] = JsonSerializer.SerializeToNode(_scenario.CodeDeploy.Hooks, EmulatorScenario.JsonOptions),
                ["changes"] = JsonSerializer.SerializeToNode(_simulation.HookChanges, EmulatorScenario.JsonOptions),
            };
        }
    }

    private JsonObject ImagesJson() => new() { ["ecrRepositories"] = GetState()["ecrRepositories"]!.DeepClone() };

    private JsonObject FaultsJson() => new()
    {
        ["tokenBuckets"] = _scenario.Faults.TokenBuckets,
        ["rules"] = JsonSerializer.SerializeToNode(_scenario.Faults.Rules, EmulatorScenario.JsonOptions),
        ["injected"] = JsonSerializer.SerializeToNode(InjectedFaults, EmulatorScenario.JsonOptions),
    };

    /// <summary>An admin request body, read as the scenario file is (camelCase members, unknown members refused); <c>null</c>, and why, when it is not one.</summary>
    private static T? ReadBody<T>(string body, out string? problem)
        where T : class
    {
        problem = null;
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(body) ? "null" : body, EmulatorScenario.JsonOptions);
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return null;
        }
    }

    private static EmulatorResponse BadBody(string? problem, string expected) =>
        Admin(400, new JsonObject { ["error"] = problem is null ? $"The body is not {expected}." : $"The body is not {expected}. {problem}" });

    private static DateTimeOffset ToMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string? QueryValue(string? query, string name) =>
        query?.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty).FirstOrDefault();

    private static EmulatorResponse Admin(int status, JsonNode body) =>
        new(status, "application/json", body.ToJsonString(LogOptions), new Dictionary<string, string>());

    private Dictionary<string, string> Headers() => new(StringComparer.OrdinalIgnoreCase)
    {
        // The request id header botocore reads (x-amzn-requestid, botocore/parsers.py).
        ["x-amzn-RequestId"] = RequestId(),
    };

    /// <summary>An error as AWS writes it (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html): <c>{"__type": …, "message": …}</c>.</summary>
    private EmulatorResponse Error(HttpStatusCode status, string type, string? message)
    {
        var body = new JsonObject { ["__type"] = type };
        if (message is not null)
        {
            body["message"] = message;
        }

        var headers = Headers();
        headers["x-amzn-ErrorType"] = type;
        return new EmulatorResponse((int)status, JsonContentType, body.ToJsonString(), headers);
    }

    private string RequestId()
    {
        var n = Interlocked.Increment(ref _requestIds);
        return string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{n:x12}");
    }

    /// <summary>The body of <c>POST /_emulator/behaviours</c>.</summary>
    private sealed record BehaviourChange
    {
        public string? Image { get; init; }

        public string? TaskDefinition { get; init; }

        public ImageBehaviour? Behaviour { get; init; }

        public bool LiveTasks { get; init; }
    }

    /// <summary>The body of <c>POST /_emulator/hooks</c>.</summary>
    private sealed record HookChange
    {
        public string? LifecycleEvent { get; init; }

        public CodeDeployHook? Hook { get; init; }
    }

    /// <summary>The body of <c>POST /_emulator/images</c>.</summary>
    private sealed record ImagePush
    {
        public string? Repository { get; init; }

        public string? Tag { get; init; }

        public string? Digest { get; init; }
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/\s]+/\d{8}/[^/\s]+/[^/\s]+/aws4_request,\s*SignedHeaders=[a-z0-9;_.-]+,\s*Signature=[0-9a-f]{64}$")]
    private static partial Regex SigV4Header();
}
