using System.Text.Json;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>One service an observer watches: where it is, what its judge wants read, and what was seen of it so far.</summary>
internal sealed record ObservedService
{
    public required ServiceKey Key { get; init; }

    /// <summary>The service deployment our update started (<c>ecs#Service.currentServiceDeployment</c>), when known.</summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <summary>The revision watched: stopped tasks of unknown origin are ours when they ran it.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>The containers of <see cref="TaskDefinitionArn"/>, read once when first needed (for their health checks).</summary>
    public required Func<CancellationToken, Task<IReadOnlyList<ContainerDefinition>>> Containers { get; init; }

    public required ServiceEvidence Evidence { get; init; }

    /// <summary>What to read besides the service, decided (purely) from the service as just described.</summary>
    public required Func<Service?, ObservationNeeds> Needs { get; init; }

    /// <summary>Whether to look for newly stopped tasks, decided (purely) from the service and its service deployment.</summary>
    public required Func<Service?, ServiceDeployment?, bool> WantsStoppedTasks { get; init; }
}

/// <summary>
/// The I/O of watching: per tick, one snapshot of every watched service, read in batches as ECS allows
/// (<c>ecs#DescribeServicesRequest.services</c>: up to 10 per call and cluster;
/// <c>ecs#DescribeServiceDeploymentsRequest.serviceDeploymentArns</c>: up to 20 per call), plus the evidence each
/// service's judge asked for. Reading the service fails the tick (the poller retries a transient failure); reading
/// evidence is best effort: a failure there is a warning, never a verdict.
/// </summary>
internal sealed class ServiceObserver(IEcsClient ecs, PatientCalls calls, TimeProvider time, Action<string> warn)
{
    /// <summary>Health is read at most this often at the health checks' pace, whatever their interval.</summary>
    public static readonly TimeSpan ShortestHealthReadInterval = TimeSpan.FromSeconds(2);

    /// <summary>Health is read at least this often while the new tasks are not yet known healthy (ECS's default check interval is 30 s).</summary>
    public static readonly TimeSpan LongestHealthReadInterval = TimeSpan.FromSeconds(10);

    public const int ServicesPerCall = 10;

    public const int ServiceDeploymentsPerCall = 20;

    public async Task<IReadOnlyDictionary<ServiceKey, ServiceSnapshot>> ObserveAsync(IReadOnlyList<ObservedService> watched, CancellationToken cancellationToken)
    {
        var services = await DescribeServicesAsync(watched.Select(w => w.Key).ToList(), cancellationToken).ConfigureAwait(false);
        var needs = new Dictionary<ServiceKey, ObservationNeeds>();
        foreach (var service in watched)
        {
            var described = services.GetValueOrDefault(service.Key);
            if (described is not null)
            {
                service.Evidence.AddEvents(described);
            }

            needs[service.Key] = service.Needs(described);
        }

        var reads = watched.Where(w => w.ServiceDeploymentArn is not null && needs[w.Key].ServiceDeployment != ServiceDeploymentRead.None)
            .Select(w => (Arn: w.ServiceDeploymentArn!, needs[w.Key].ServiceDeployment))
            .DistinctBy(r => r.Arn, StringComparer.Ordinal)
            .ToList();
        var serviceDeployments = await DescribeServiceDeploymentsAsync(reads, cancellationToken).ConfigureAwait(false);

        var snapshots = new Dictionary<ServiceKey, ServiceSnapshot>();
        foreach (var service in watched)
        {
            var described = services.GetValueOrDefault(service.Key);
            var need = needs[service.Key];
            var serviceDeployment = service.ServiceDeploymentArn is { } arn && need.ServiceDeployment != ServiceDeploymentRead.None ? serviceDeployments.GetValueOrDefault(arn) : null;
            var ours = described?.Deployments.FirstOrDefault(d => d.Id == need.DeploymentId);
            var health = need.Health == HealthRead.None ? null : await HealthAsync(service, need.Health, need.DeploymentId, ours, cancellationToken).ConfigureAwait(false);
            if (service.WantsStoppedTasks(described, serviceDeployment))
            {
                await CollectStoppedTasksAsync(service, need.DeploymentId, cancellationToken).ConfigureAwait(false);
            }

            snapshots[service.Key] = new ServiceSnapshot
            {
                Key = service.Key,
                Service = described,
                ServiceDeployment = serviceDeployment,
                Health = health,
                StoppedTasks = service.Evidence.StoppedTasks.ToList(),
                Events = service.Evidence.Events.ToList(),
            };
        }

        return snapshots;
    }

    /// <summary>The services, at most <see cref="ServicesPerCall"/> per call and cluster; missing or not ACTIVE ones map to <see langword="null"/>.</summary>
    public async Task<IReadOnlyDictionary<ServiceKey, Service?>> DescribeServicesAsync(IReadOnlyCollection<ServiceKey> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<ServiceKey, Service?>();
        foreach (var cluster in keys.Distinct().GroupBy(k => k.Cluster, StringComparer.Ordinal))
        {
            foreach (var batch in cluster.Chunk(ServicesPerCall))
            {
                var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster.Key, Services = batch.Select(k => k.Service).ToList() }, cancellationToken).ConfigureAwait(false);
                foreach (var key in batch)
                {
                    var service = response.Services.FirstOrDefault(s => s.ServiceName == key.Service || s.ServiceArn == key.Service);
                    found[key] = service is not null && service.IsActive() ? service : null;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The service deployments, at most <see cref="ServiceDeploymentsPerCall"/> per call. A batch with one read for
    /// confirmation is read patiently; a failure leaves its deployments out with a warning, except a transient failure
    /// of a confirmation, which fails the tick so that the poller tries again.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ServiceDeployment>> DescribeServiceDeploymentsAsync(IReadOnlyList<(string Arn, ServiceDeploymentRead Read)> reads, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ServiceDeployment>(StringComparer.Ordinal);
        foreach (var batch in reads.Chunk(ServiceDeploymentsPerCall))
        {
            var confirmation = batch.Any(r => r.Read == ServiceDeploymentRead.Confirmation);
            Task<DescribeServiceDeploymentsResponse> Describe(CancellationToken token) =>
                ecs.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = batch.Select(r => r.Arn).ToList() }, token);
            try
            {
                var response = confirmation ? await calls.ReadAsync(Describe, cancellationToken).ConfigureAwait(false) : await Describe(cancellationToken).ConfigureAwait(false);
                foreach (var serviceDeployment in response.ServiceDeployments)
                {
                    if (serviceDeployment.ServiceDeploymentArn is { } arn)
                    {
                        found[arn] = serviceDeployment;
                    }
                }
            }
            catch (AwsException exception) when (!(confirmation && exception.IsTransient))
            {
                foreach (var (arn, read) in batch)
                {
                    warn(read == ServiceDeploymentRead.Confirmation
                        ? $"The service deployment {Short(arn)} could not be read to confirm the outcome, so the deployment's COMPLETED state decided: {exception.Message}"
                        : $"The service deployment {Short(arn)} could not be read: {exception.Message}");
                }
            }
        }

        return found;
    }

    /// <summary>Adds the tasks of our deployment that stopped since the last look; a failure to read them is a warning.</summary>
    public async Task CollectStoppedTasksAsync(ObservedService service, string? deploymentId, CancellationToken cancellationToken)
    {
        try
        {
            var arns = await ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = service.Key.Cluster, ServiceName = service.Key.Service, DesiredStatus = DesiredStatus.Stopped }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var fresh = arns.Where(a => !service.Evidence.KnownStoppedTasks.Contains(a)).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            var described = await ecs.DescribeAllTasksAsync(service.Key.Cluster, fresh, cancellationToken).ConfigureAwait(false);
            service.Evidence.AddStoppedTasks(described.Tasks, deploymentId, service.TaskDefinitionArn);
        }
        catch (AwsException exception)
        {
            warn($"The stopped tasks could not be read: {exception.Message}");
        }
    }

    /// <summary>
    /// The health checks of our running tasks, when the revision has one for an essential container. Tasks are listed
    /// at every read (one may have been replaced); of them, only those not yet seen HEALTHY are described, except when
    /// the read is decisive (<see cref="HealthRead.Now"/>): then every one is, so a task that turned UNHEALTHY is seen.
    /// <see langword="null"/> until the first read at the checks' pace is due.
    /// </summary>
    private async Task<TaskHealth?> HealthAsync(ObservedService service, HealthRead read, string? deploymentId, Deployment? ours, CancellationToken cancellationToken)
    {
        var containers = service.Evidence.Containers ??= await service.Containers(cancellationToken).ConfigureAwait(false);
        var checks = containers.Where(c => (c.Essential ?? true) && c.AdditionalMembers?.ContainsKey("healthCheck") == true).ToList();
        if (checks.Count == 0)
        {
            return TaskHealth.NoHealthCheck;
        }

        var reads = service.Evidence.Health;
        if (read == HealthRead.Deferred)
        {
            return reads.Last;
        }

        var now = time.GetTimestamp();
        var interval = (long)(HealthReadInterval(checks).TotalSeconds * time.TimestampFrequency);
        if (read == HealthRead.WhenDue && reads.DueAt == 0)
        {
            // A container is first reported HEALTHY after a check passes, and the first check runs one interval after
            // it starts (https://docs.docker.com/reference/dockerfile/#healthcheck): the first read is due then.
            reads.DueAt = now + interval;
            return null;
        }

        if (read == HealthRead.WhenDue && now < reads.DueAt)
        {
            return reads.Last;
        }

        // A decisive read adds nothing when the last one, less than an interval ago, saw as many tasks HEALTHY as ours
        // runs now: a task that turned UNHEALTHY since then is one ECS replaces, which changes its counts.
        if (read == HealthRead.Now && now < reads.DueAt && reads.Last is { HealthyRunning: var healthyBefore } && ours?.RunningCount is { } running && healthyBefore >= running)
        {
            return reads.Last;
        }

        // Our tasks are listed again only when our deployment's counts moved since they were (a task started, stopped
        // or failed): otherwise the same tasks run (ecs#Deployment.runningCount, pendingCount, failedTasks).
        var counts = ours is null ? null : new TaskCounts(ours.RunningCount, ours.PendingCount, ours.FailedTasks);
        var arns = counts is not null && counts == reads.ListedAt && reads.Listed is { } listed
            ? listed
            : await ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = service.Key.Cluster, StartedBy = deploymentId, DesiredStatus = DesiredStatus.Running }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        reads.Listed = arns;
        reads.ListedAt = counts;
        var known = read == HealthRead.Now ? [] : reads.Healthy;
        var unknown = arns.Where(a => !known.Contains(a)).ToList();
        var healthy = new HashSet<string>(arns.Where(known.Contains), StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            var tasks = await ecs.DescribeAllTasksAsync(service.Key.Cluster, unknown, cancellationToken).ConfigureAwait(false);
            var runningTasks = tasks.Tasks.Where(t => t.TaskArn is not null && t.Is(TaskLifecycleStatus.Running)).ToList();
            healthy.UnionWith(runningTasks.Where(t => t.HealthStatus == HealthStatus.Healthy).Select(t => t.TaskArn!));
            foreach (var task in runningTasks)
            {
                reads.Images[task.TaskArn!] = RunningImage.Of(task);
            }
        }

        foreach (var gone in reads.Images.Keys.Except(arns, StringComparer.Ordinal).ToList())
        {
            reads.Images.Remove(gone);
        }

        reads.Healthy = healthy;
        reads.DueAt = now + interval;
        reads.Last = new TaskHealth(true, healthy.Count);
        return reads.Last;
    }

    /// <summary>
    /// The shortest interval of the essential containers' health checks (<c>ecs#HealthCheck.interval</c>, 30 s when
    /// absent: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html), kept between
    /// <see cref="ShortestHealthReadInterval"/> and <see cref="LongestHealthReadInterval"/>.
    /// </summary>
    internal static TimeSpan HealthReadInterval(IEnumerable<ContainerDefinition> checkedContainers)
    {
        var seconds = checkedContainers.Select(c => c.AdditionalMembers!["healthCheck"])
            .Select(check => check.ValueKind == JsonValueKind.Object && check.TryGetProperty("interval", out var interval) && interval.TryGetInt32(out var value) ? value : 30)
            .Min();
        var wanted = TimeSpan.FromSeconds(seconds);
        return wanted < ShortestHealthReadInterval ? ShortestHealthReadInterval : wanted > LongestHealthReadInterval ? LongestHealthReadInterval : wanted;
    }

    private static string Short(string? arn) => DeploymentEvent.Short(arn);
}
