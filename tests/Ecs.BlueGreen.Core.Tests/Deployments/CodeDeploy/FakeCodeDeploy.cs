using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using DeploymentStatus = Ecs.BlueGreen.CodeDeploy.Model.DeploymentStatus;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>One observation of the scripted deployment: its status, its lifecycle events and its task sets' weights.</summary>
internal sealed record Step(DeploymentStatus Status, (string Event, string Status)[] Events, (string Label, double Weight)[] TaskSets)
{
    public bool TerminationWaitStarted { get; init; }

    public ErrorInformation? Error { get; init; }

    /// <summary>CodeDeploy rolled the deployment back itself, as this deployment.</summary>
    public string? CodeDeployRollbackId { get; init; }
}

/// <summary>
/// A hand-written CodeDeploy for the strategy's edge cases the emulator's CodeDeploy cannot be made to produce (scripted
/// statuses, refused calls; <see cref="CodeDeployScenarioHarness"/> runs on the emulator's): one application and group
/// deploying prod/web, the predefined configurations, and our deployment scripted as <see cref="Steps"/>: each
/// GetDeployment of it shows the next step (the last one stays). A Ready step holds until ContinueDeployment
/// READY_WAIT; a termination-wait step holds until ContinueDeployment TERMINATION_WAIT. StopDeployment with
/// auto-rollback answers Pending, then the deployment is Stopped and names rollback deployment d-ROLLBACK, which is
/// InProgress for two reads and then Succeeded (so is a rollback CodeDeploy starts itself). Every call is recorded.
/// </summary>
internal sealed class FakeCodeDeploy : ICodeDeployClient
{
    public const string DeploymentId = "d-OURS";
    public const string OurRollbackId = "d-ROLLBACK";

    private readonly Lock _lock = new();
    private readonly List<(string Operation, object Request)> _calls = [];
    private readonly Dictionary<string, int> _rollbackReads = new(StringComparer.Ordinal);
    private int _step = -1;
    private bool _created;
    private bool _stopped;
    private bool _stopRequested;
    private int _released = -1;
    private string? _description;

    public Dictionary<string, List<string>> Applications { get; } = new(StringComparer.Ordinal) { ["AppECS-prod-web"] = ["DgpECS-prod-web"] };

    public List<EcsService> Services { get; set; } = [new EcsService { ClusterName = "prod", ServiceName = "web" }];

    public BlueGreenDeploymentConfiguration BlueGreen { get; set; } = new()
    {
        TerminateBlueInstancesOnDeploymentSuccess = new BlueInstanceTerminationOption { Action = InstanceAction.Terminate, TerminationWaitTimeInMinutes = 60 },
        DeploymentReadyOption = new DeploymentReadyOption { ActionOnTimeout = DeploymentReadyAction.ContinueDeployment },
    };

    public HashSet<string> Configs { get; } = new(StringComparer.Ordinal) { "CodeDeployDefault.ECSAllAtOnce", "CodeDeployDefault.ECSCanary10Percent5Minutes" };

    /// <summary>Deployment ids ListDeployments reports as in flight for the group before ours.</summary>
    public List<string> AlreadyInFlight { get; } = [];

    public List<Step> Steps { get; } = [];

    /// <summary>The first CreateDeployment creates the deployment but its answer is lost.</summary>
    public bool LoseFirstCreateAnswer { get; set; }

    /// <summary>The rollback deployment ends so (Succeeded by default).</summary>
    public DeploymentStatus RollbackEnds { get; set; } = DeploymentStatus.Succeeded;

    public IReadOnlyList<(string Operation, object Request)> Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.ToList();
            }
        }
    }

    public IReadOnlyList<T> Requests<T>() => Calls.Select(c => c.Request).OfType<T>().ToList();

    public IReadOnlyList<string> Writes => Calls.Select(c => c.Operation).Where(o => o is "CreateDeployment" or "ContinueDeployment" or "StopDeployment").ToList();

    public Task<GetApplicationResponse> GetApplicationAsync(GetApplicationRequest request, CancellationToken cancellationToken = default)
    {
        Record("GetApplication", request);
        return Applications.ContainsKey(request.ApplicationName)
            ? Task.FromResult(new GetApplicationResponse { Application = new ApplicationInfo { ApplicationName = request.ApplicationName } })
            : throw NotFound("GetApplication", "ApplicationDoesNotExistException", $"No application found for name: {request.ApplicationName}");
    }

    public Task<ListApplicationsResponse> ListApplicationsAsync(ListApplicationsRequest request, CancellationToken cancellationToken = default)
    {
        Record("ListApplications", request);
        return Task.FromResult(new ListApplicationsResponse { Applications = Applications.Keys.Order(StringComparer.Ordinal).ToList() });
    }

    public Task<GetDeploymentGroupResponse> GetDeploymentGroupAsync(GetDeploymentGroupRequest request, CancellationToken cancellationToken = default)
    {
        Record("GetDeploymentGroup", request);
        if (!Applications.TryGetValue(request.ApplicationName, out var groups) || !groups.Contains(request.DeploymentGroupName))
        {
            throw NotFound("GetDeploymentGroup", "DeploymentGroupDoesNotExistException", "No Deployment Group found for name");
        }

        return Task.FromResult(new GetDeploymentGroupResponse
        {
            DeploymentGroupInfo = new DeploymentGroupInfo
            {
                ApplicationName = request.ApplicationName,
                DeploymentGroupName = request.DeploymentGroupName,
                DeploymentConfigName = "CodeDeployDefault.ECSAllAtOnce",
                ComputePlatform = ComputePlatform.Ecs,
                EcsServices = Services,
                BlueGreenDeploymentConfiguration = BlueGreen,
                LoadBalancerInfo = new LoadBalancerInfo
                {
                    TargetGroupPairInfoList = [new TargetGroupPairInfo
                    {
                        ProdTrafficRoute = new TrafficRoute { ListenerArns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/prod"] },
                        TestTrafficRoute = new TrafficRoute { ListenerArns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1/test"] },
                    }],
                },
            },
        });
    }

    /// <summary>Applications whose ListDeploymentGroups the caller may not call.</summary>
    public HashSet<string> DeniedGroupLists { get; } = new(StringComparer.Ordinal);

    public Task<ListDeploymentGroupsResponse> ListDeploymentGroupsAsync(ListDeploymentGroupsRequest request, CancellationToken cancellationToken = default)
    {
        Record("ListDeploymentGroups", request);
        if (DeniedGroupLists.Contains(request.ApplicationName))
        {
            throw new AwsServiceException("CodeDeploy", "ListDeploymentGroups", "AccessDeniedException", "not authorized", System.Net.HttpStatusCode.BadRequest, "req");
        }

        return Task.FromResult(new ListDeploymentGroupsResponse { ApplicationName = request.ApplicationName, DeploymentGroups = Applications[request.ApplicationName] });
    }

    public Task<GetDeploymentConfigResponse> GetDeploymentConfigAsync(GetDeploymentConfigRequest request, CancellationToken cancellationToken = default)
    {
        Record("GetDeploymentConfig", request);
        if (!Configs.Contains(request.DeploymentConfigName))
        {
            throw NotFound("GetDeploymentConfig", "DeploymentConfigDoesNotExistException", "The deployment configuration does not exist");
        }

        var canary = request.DeploymentConfigName.Contains("Canary", StringComparison.Ordinal);
        return Task.FromResult(new GetDeploymentConfigResponse
        {
            DeploymentConfigInfo = new DeploymentConfigInfo
            {
                DeploymentConfigName = request.DeploymentConfigName,
                ComputePlatform = ComputePlatform.Ecs,
                TrafficRoutingConfig = canary
                    ? new TrafficRoutingConfig { Type = TrafficRoutingType.TimeBasedCanary, TimeBasedCanary = new TimeBasedCanary { CanaryPercentage = 10, CanaryInterval = 5 } }
                    : new TrafficRoutingConfig { Type = TrafficRoutingType.AllAtOnce },
            },
        });
    }

    public Task<CreateDeploymentResponse> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Record("CreateDeployment", request);
        lock (_lock)
        {
            if (_created)
            {
                throw new AwsServiceException("CodeDeploy", "CreateDeployment", "DeploymentLimitExceededException", "The deployment group already has an active deployment.", System.Net.HttpStatusCode.BadRequest, "req");
            }

            _created = true;
            _description = request.Description;
        }

        if (LoseFirstCreateAnswer)
        {
            throw new AwsWriteOutcomeUnknownException("CodeDeploy", "CreateDeployment", new HttpRequestException("The connection was reset."));
        }

        return Task.FromResult(new CreateDeploymentResponse { DeploymentId = DeploymentId });
    }

    public Task<GetDeploymentResponse> GetDeploymentAsync(GetDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Record("GetDeployment", request);
        lock (_lock)
        {
            if (request.DeploymentId == DeploymentId)
            {
                return Task.FromResult(new GetDeploymentResponse { DeploymentInfo = Ours(advance: true) });
            }

            if (Steps.Any(s => s.CodeDeployRollbackId == request.DeploymentId) || (request.DeploymentId == OurRollbackId && _stopped))
            {
                var reads = _rollbackReads[request.DeploymentId] = _rollbackReads.GetValueOrDefault(request.DeploymentId) + 1;
                return Task.FromResult(new GetDeploymentResponse
                {
                    DeploymentInfo = new DeploymentInfo { DeploymentId = request.DeploymentId, Status = reads <= 2 ? DeploymentStatus.InProgress : RollbackEnds, Creator = DeploymentCreator.CodeDeployRollback },
                });
            }
        }

        throw NotFound("GetDeployment", "DeploymentDoesNotExistException", $"There is no deployment {request.DeploymentId}");
    }

    public Task<BatchGetDeploymentsResponse> BatchGetDeploymentsAsync(BatchGetDeploymentsRequest request, CancellationToken cancellationToken = default)
    {
        Record("BatchGetDeployments", request);
        lock (_lock)
        {
            return Task.FromResult(new BatchGetDeploymentsResponse
            {
                DeploymentsInfo = request.DeploymentIds.Where(id => id == DeploymentId && _created).Select(_ => Ours(advance: false) with { Description = _description }).ToList(),
            });
        }
    }

    public Task<ListDeploymentsResponse> ListDeploymentsAsync(ListDeploymentsRequest request, CancellationToken cancellationToken = default)
    {
        Record("ListDeployments", request);
        lock (_lock)
        {
            var ours = _created && (request.IncludeOnlyStatuses is null || request.IncludeOnlyStatuses.Contains(Ours(advance: false).Status!.Value)) ? new[] { DeploymentId } : [];
            return Task.FromResult(new ListDeploymentsResponse { Deployments = ours.Concat(AlreadyInFlight).ToList() });
        }
    }

    public Task<ListDeploymentTargetsResponse> ListDeploymentTargetsAsync(ListDeploymentTargetsRequest request, CancellationToken cancellationToken = default)
    {
        Record("ListDeploymentTargets", request);
        return Task.FromResult(new ListDeploymentTargetsResponse { TargetIds = ["prod:web"] });
    }

    /// <summary>BatchGetDeploymentTargets is refused (the caller's policy lacks it).</summary>
    public bool DenyTargets { get; set; }

    public Task<BatchGetDeploymentTargetsResponse> BatchGetDeploymentTargetsAsync(BatchGetDeploymentTargetsRequest request, CancellationToken cancellationToken = default)
    {
        Record("BatchGetDeploymentTargets", request);
        if (DenyTargets)
        {
            throw new AwsServiceException("CodeDeploy", "BatchGetDeploymentTargets", "AccessDeniedException", "not authorized to perform codedeploy:BatchGetDeploymentTargets", System.Net.HttpStatusCode.BadRequest, "req");
        }

        lock (_lock)
        {
            var step = Steps[Math.Max(0, _step)];
            return Task.FromResult(new BatchGetDeploymentTargetsResponse
            {
                DeploymentTargets =
                [
                    new DeploymentTarget
                    {
                        DeploymentTargetType = DeploymentTargetType.ECSTarget,
                        EcsTarget = new EcsTarget
                        {
                            DeploymentId = DeploymentId,
                            TargetId = "prod:web",
                            LifecycleEvents = step.Events.Select(e => new LifecycleEvent
                            {
                                LifecycleEventName = e.Event,
                                Status = LifecycleEventStatus.FromValue(e.Status),
                                Diagnostics = e.Status == "Failed" ? new Diagnostics { ErrorCode = "ScriptFailed", ScriptName = "CheckHealthFunction", Message = "health check returned 503" } : null,
                            }).ToList(),
                            TaskSetsInfo = step.TaskSets.Select(t => new EcsTaskSet { Identifer = $"ecs-svc/{t.Label}", TaskSetLabel = TargetLabel.FromValue(t.Label), TrafficWeight = t.Weight, DesiredCount = 2, RunningCount = 2 }).ToList(),
                        },
                    },
                ],
            });
        }
    }

    public Task<ContinueDeploymentResponse> ContinueDeploymentAsync(ContinueDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Record("ContinueDeployment", request);
        lock (_lock)
        {
            var current = Steps[_step];
            var fits = request.DeploymentWaitType == DeploymentWaitType.ReadyWait ? current.Status == DeploymentStatus.Ready : current.TerminationWaitStarted;
            if (!fits)
            {
                throw new AwsServiceException("CodeDeploy", "ContinueDeployment", "DeploymentIsNotInReadyStateException", "The deployment does not have a status of Ready and can't continue yet.", System.Net.HttpStatusCode.BadRequest, "req");
            }

            _released = _step;
        }

        return Task.FromResult(new ContinueDeploymentResponse());
    }

    /// <summary>StopDeployment is refused as for a deployment that already ended.</summary>
    public bool RefuseStop { get; set; }

    public Task<StopDeploymentResponse> StopDeploymentAsync(StopDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        Record("StopDeployment", request);
        if (RefuseStop)
        {
            throw new AwsServiceException("CodeDeploy", "StopDeployment", "DeploymentAlreadyCompletedException", "The deployment is already complete.", System.Net.HttpStatusCode.BadRequest, "req");
        }

        lock (_lock)
        {
            _stopRequested = request.AutoRollbackEnabled == true;
        }

        return Task.FromResult(new StopDeploymentResponse { Status = StopStatus.Pending, StatusMessage = "Stopping" });
    }

    /// <summary>Our deployment now; a read moves it on unless it holds at Ready or in the termination wait.</summary>
    private DeploymentInfo Ours(bool advance)
    {
        if (_stopRequested && advance && !_stopped)
        {
            // StopDeployment answered Pending; on the next read it is Stopped and names its rollback.
            _stopped = true;
        }

        if (_stopped)
        {
            return new DeploymentInfo
            {
                DeploymentId = DeploymentId,
                Status = DeploymentStatus.Stopped,
                ErrorInformation = new ErrorInformation { Code = "MANUAL_STOP", Message = "The deployment was stopped by the user." },
                RollbackInfo = new RollbackInfo { RollbackDeploymentId = OurRollbackId, RollbackMessage = "Deployment was stopped and rolled back." },
            };
        }

        if (advance && _step < Steps.Count - 1 && (_step < 0 || !Holds(Steps[_step]) || _released == _step))
        {
            _step++;
        }

        var step = Steps[Math.Max(0, _step)];
        return new DeploymentInfo
        {
            ApplicationName = "AppECS-prod-web",
            DeploymentGroupName = "DgpECS-prod-web",
            DeploymentId = DeploymentId,
            Status = step.Status,
            ErrorInformation = step.Error,
            InstanceTerminationWaitTimeStarted = step.TerminationWaitStarted,
            RollbackInfo = step.CodeDeployRollbackId is { } id ? new RollbackInfo { RollbackDeploymentId = id, RollbackMessage = $"Deployment {DeploymentId} failed and was rolled back automatically." } : null,
        };
    }

    private static bool Holds(Step step) => step.Status == DeploymentStatus.Ready || step.TerminationWaitStarted;

    private void Record(string operation, object request)
    {
        lock (_lock)
        {
            _calls.Add((operation, request));
        }
    }

    private static AwsServiceException NotFound(string operation, string code, string message) =>
        new("CodeDeploy", operation, code, message, System.Net.HttpStatusCode.BadRequest, "req");
}
