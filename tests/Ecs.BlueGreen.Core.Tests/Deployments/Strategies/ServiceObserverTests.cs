using System.Reflection;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.Tests.Deployments.Strategies;

/// <summary>The observer reads every watched service per tick in as few calls as ECS allows, and each snapshot keeps to its service.</summary>
public class ServiceObserverTests
{
    [Test]
    public async Task Services_are_described_ten_per_call_and_cluster_and_service_deployments_twenty_per_call()
    {
        var ecs = RecordingEcs.Create();
        var watched = Enumerable.Range(1, 23).Select(i => Watched("prod", $"svc{i}", ServiceDeploymentRead.Evidence))
            .Append(Watched("staging", "svc1", ServiceDeploymentRead.Evidence)).ToList();

        var snapshots = await Observer(ecs).ObserveAsync(watched, CancellationToken.None);

        Recorder(ecs).Services.Select(c => (c.Cluster, c.Services.Count)).Should().Equal(("prod", 10), ("prod", 10), ("prod", 3), ("staging", 1));
        Recorder(ecs).ServiceDeployments.Select(c => c.Count).Should().Equal(20, 4);
        snapshots.Should().HaveCount(24);
        snapshots[new ServiceKey("prod", "svc17")].Service!.ServiceName.Should().Be("svc17");
        snapshots[new ServiceKey("staging", "svc1")].Service!.ClusterArn.Should().EndWith("/staging");
        snapshots[new ServiceKey("prod", "svc17")].ServiceDeployment!.ServiceDeploymentArn.Should().Be(Arn("prod", "svc17"));
    }

    [Test]
    public async Task Only_the_service_deployments_a_judge_asks_for_are_read_and_a_missing_service_has_none()
    {
        var ecs = RecordingEcs.Create();
        var watched = new[] { Watched("prod", "asked", ServiceDeploymentRead.Confirmation), Watched("prod", "not-asked", ServiceDeploymentRead.None), Watched("prod", "missing", ServiceDeploymentRead.Evidence) };

        var snapshots = await Observer(ecs).ObserveAsync(watched, CancellationToken.None);

        Recorder(ecs).Services.Should().ContainSingle().Which.Services.Should().HaveCount(3);
        Recorder(ecs).ServiceDeployments.Should().ContainSingle().Which.Should().Equal(Arn("prod", "asked"));
        snapshots[new ServiceKey("prod", "missing")].Service.Should().BeNull();
        snapshots[new ServiceKey("prod", "not-asked")].ServiceDeployment.Should().BeNull();
    }

    [Test]
    public async Task Health_is_read_at_the_checks_pace_and_a_task_seen_healthy_is_described_again_only_when_the_read_decides()
    {
        var ecs = RecordingEcs.Create();
        var recorder = Recorder(ecs);
        recorder.Tasks["t1"] = HealthStatus.Healthy;
        recorder.Tasks["t2"] = HealthStatus.Unknown;
        recorder.Tasks["t3"] = HealthStatus.Unknown;
        var time = new ManualTimeProvider();
        var observer = new ServiceObserver(ecs, new PatientCalls(time, _ => { }), time, _ => { });
        var read = HealthRead.WhenDue;
        var watched = Watched("prod", "web", ServiceDeploymentRead.None) with
        {
            Containers = _ => Task.FromResult<IReadOnlyList<ContainerDefinition>>([Checked(interval: 5)]),
            Needs = _ => new ObservationNeeds(ServiceDeploymentRead.None, read, "ecs-svc/new"),
        };
        async Task<TaskHealth?> Health() => (await observer.ObserveAsync([watched], CancellationToken.None))[watched.Key].Health;

        (await Health()).Should().BeNull("no check has run since the tasks started");
        recorder.ListedTasks.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(5));
        (await Health()).Should().Be(new TaskHealth(true, 1));
        recorder.DescribedTasks.Should().ContainSingle().Which.Should().Equal("t1", "t2", "t3");

        time.Advance(TimeSpan.FromSeconds(4));
        recorder.Tasks["t2"] = HealthStatus.Healthy;
        (await Health()).Should().Be(new TaskHealth(true, 1), "no check ran since: the last read stands");
        recorder.ListedTasks.Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(1));
        (await Health()).Should().Be(new TaskHealth(true, 2));
        recorder.ListedTasks.Should().Be(2);
        recorder.DescribedTasks[^1].Should().Equal(["t2", "t3"], "t1 was seen healthy");

        recorder.Tasks["t1"] = HealthStatus.Unhealthy;
        read = HealthRead.Now;
        (await Health()).Should().Be(new TaskHealth(true, 1), "a decisive read describes every task and sees t1 turn UNHEALTHY");
        recorder.DescribedTasks[^1].Should().Equal("t1", "t2", "t3");

        recorder.Tasks.Remove("t2");
        read = HealthRead.WhenDue;
        time.Advance(TimeSpan.FromSeconds(5));
        (await Health()).Should().Be(new TaskHealth(true, 0), "t2 no longer runs, and t1 is not healthy");
    }

    [Test]
    public async Task Our_tasks_are_listed_again_only_when_our_counts_move_and_a_decisive_read_right_after_an_all_healthy_one_reads_nothing()
    {
        var ecs = RecordingEcs.Create();
        var recorder = Recorder(ecs);
        recorder.Tasks["t1"] = HealthStatus.Unknown;
        recorder.Tasks["t2"] = HealthStatus.Unknown;
        recorder.Ours = Ours(failed: 0);
        var time = new ManualTimeProvider();
        var observer = new ServiceObserver(ecs, new PatientCalls(time, _ => { }), time, _ => { });
        var read = HealthRead.WhenDue;
        var watched = Watched("prod", "web", ServiceDeploymentRead.None) with
        {
            Containers = _ => Task.FromResult<IReadOnlyList<ContainerDefinition>>([Checked(interval: 5)]),
            Needs = _ => new ObservationNeeds(ServiceDeploymentRead.None, read, "ecs-svc/new"),
        };
        async Task<TaskHealth?> Health() => (await observer.ObserveAsync([watched], CancellationToken.None))[watched.Key].Health;

        (await Health()).Should().BeNull();
        time.Advance(TimeSpan.FromSeconds(5));
        (await Health()).Should().Be(new TaskHealth(true, 0));
        recorder.ListedTasks.Should().Be(1);

        recorder.Tasks["t1"] = HealthStatus.Healthy;
        time.Advance(TimeSpan.FromSeconds(5));
        (await Health()).Should().Be(new TaskHealth(true, 1));
        recorder.ListedTasks.Should().Be(1, "our deployment's counts did not move: the same tasks run");
        recorder.DescribedTasks[^1].Should().Equal("t1", "t2");

        // t2 failed and ECS replaced it with t3: the counts moved, so the tasks are listed again.
        recorder.Tasks.Remove("t2");
        recorder.Tasks["t3"] = HealthStatus.Healthy;
        recorder.Ours = Ours(failed: 1);
        time.Advance(TimeSpan.FromSeconds(5));
        (await Health()).Should().Be(new TaskHealth(true, 2));
        recorder.ListedTasks.Should().Be(2);
        recorder.DescribedTasks[^1].Should().Equal(["t3"], "t1 was seen healthy");

        read = HealthRead.Now;
        var described = recorder.DescribedTasks.Count;
        time.Advance(TimeSpan.FromSeconds(1));
        (await Health()).Should().Be(new TaskHealth(true, 2), "a second ago every task ours runs was seen HEALTHY");
        recorder.DescribedTasks.Should().HaveCount(described, "that read answers the decisive one");
        recorder.ListedTasks.Should().Be(2);

        time.Advance(TimeSpan.FromSeconds(5));
        recorder.Tasks["t1"] = HealthStatus.Unhealthy;
        (await Health()).Should().Be(new TaskHealth(true, 1), "an interval later, a decisive read describes every task again");
        recorder.DescribedTasks[^1].Should().Equal("t1", "t3");
    }

    private static Deployment Ours(int failed) =>
        new() { Id = "ecs-svc/new", Status = "PRIMARY", RunningCount = 2, DesiredCount = 2, PendingCount = 0, FailedTasks = failed };

    [TestCase(5, 5)]
    [TestCase(1, 2)]
    [TestCase(60, 10)]
    [TestCase(null, 10)]
    public void Health_is_read_at_the_shortest_check_interval_kept_between_two_and_ten_seconds(int? interval, int seconds)
    {
        ServiceObserver.HealthReadInterval([Checked(interval), Checked(interval is { } i ? i * 3 : null)]).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    private static ContainerDefinition Checked(int? interval) => new()
    {
        Name = "app",
        Essential = true,
        AdditionalMembers = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["healthCheck"] = System.Text.Json.JsonDocument.Parse(interval is { } i ? $$"""{"command":["CMD","true"],"interval":{{i}}}""" : """{"command":["CMD","true"]}""").RootElement,
        },
    };

    private static ServiceObserver Observer(IEcsClient ecs) =>
        new(ecs, new PatientCalls(new ManualTimeProvider(), _ => { }), TimeProvider.System, _ => { });

    private static ObservedService Watched(string cluster, string service, ServiceDeploymentRead read) => new()
    {
        Key = new ServiceKey(cluster, service),
        ServiceDeploymentArn = Arn(cluster, service),
        TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
        Containers = _ => Task.FromResult<IReadOnlyList<ContainerDefinition>>([]),
        Evidence = new ServiceEvidence(new EventReporter(cluster, service, null, NullLogger.Instance, TimeProvider.System), [], []),
        Needs = found => found is null ? ObservationNeeds.Nothing : new ObservationNeeds(read, HealthRead.None, null),
        WantsStoppedTasks = (_, _) => false,
    };

    private static string Arn(string cluster, string service) => $"arn:aws:ecs:us-east-1:123456789012:service-deployment/{cluster}/{service}/sd";

    private static RecordingEcs Recorder(IEcsClient ecs) => (RecordingEcs)(object)ecs;

    /// <summary>An ECS client that answers DescribeServices (every service but "missing") and DescribeServiceDeployments, and records each call.</summary>
    public class RecordingEcs : DispatchProxy
    {
        public List<(string Cluster, IReadOnlyList<string> Services)> Services { get; } = [];

        public List<IReadOnlyList<string>> ServiceDeployments { get; } = [];

        /// <summary>The running tasks of our deployment and their health.</summary>
        public Dictionary<string, HealthStatus> Tasks { get; } = [];

        public int ListedTasks { get; private set; }

        /// <summary>Our deployment, in every service described.</summary>
        public Deployment? Ours { get; set; }

        public List<IReadOnlyList<string>> DescribedTasks { get; } = [];

        public static IEcsClient Create() => DispatchProxy.Create<IEcsClient, RecordingEcs>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (args?[0])
            {
                case DescribeServicesRequest request:
                    Services.Add((request.Cluster!, request.Services.ToList()));
                    return Task.FromResult(new DescribeServicesResponse
                    {
                        Services = request.Services.Where(s => s != "missing")
                            .Select(s => new Service { ServiceName = s, ClusterArn = $"arn:aws:ecs:us-east-1:123456789012:cluster/{request.Cluster}", Status = "ACTIVE", Deployments = Ours is { } ours ? [ours] : [] }).ToList(),
                    });
                case DescribeServiceDeploymentsRequest request:
                    ServiceDeployments.Add(request.ServiceDeploymentArns.ToList());
                    return Task.FromResult(new DescribeServiceDeploymentsResponse
                    {
                        ServiceDeployments = request.ServiceDeploymentArns.Select(a => new ServiceDeployment { ServiceDeploymentArn = a, Status = ServiceDeploymentStatus.InProgress }).ToList(),
                    });
                case ListTasksRequest:
                    ListedTasks++;
                    return Task.FromResult(new ListTasksResponse { TaskArns = Tasks.Keys.ToList() });
                case DescribeTasksRequest request:
                    DescribedTasks.Add(request.Tasks.ToList());
                    return Task.FromResult(new DescribeTasksResponse
                    {
                        Tasks = request.Tasks.Select(t => new TaskDetails { TaskArn = t, LastStatus = "RUNNING", HealthStatus = Tasks.GetValueOrDefault(t, HealthStatus.Unknown) }).ToList(),
                    });
                default:
                    throw new NotSupportedException($"{targetMethod?.Name} is not expected while observing.");
            }
        }
    }
}
