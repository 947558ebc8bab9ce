using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Deployments to many services run together, each as its own <see cref="EcsDeployment"/> configures it, made with
/// <see cref="EcsDeployment.Group"/>. Immutable: every <c>With…</c> method returns a configured copy.
/// <code>
/// var result = await EcsDeployment.Group(
///         EcsDeployment.For("prod", "web").WithImage("repo/app:1.4"),
///         EcsDeployment.For("prod", "worker").WithImage("repo/app:1.4"))
///     .WithMaxParallel(5)
///     .RollbackAllOnFailure()
///     .RunAsync(cancellationToken);
/// </code>
/// </summary>
public sealed class EcsDeploymentGroup
{
    /// <summary>The members' checks fall on ticks this far apart (their polling intervals are rounded up to them).</summary>
    internal static readonly TimeSpan GridPeriod = TimeSpan.FromSeconds(1);

    private readonly bool _rollbackAllOnFailure;

    internal EcsDeploymentGroup(IReadOnlyList<EcsDeployment> deployments, int? maxParallel = null, bool rollbackAllOnFailure = false)
    {
        Deployments = deployments;
        MaxParallel = maxParallel;
        _rollbackAllOnFailure = rollbackAllOnFailure;
    }

    /// <summary>The deployments, in the order given (the order of <see cref="DeploymentGroupResult.Results"/>).</summary>
    public IReadOnlyList<EcsDeployment> Deployments { get; }

    /// <summary>How many deployments run at once; <see langword="null"/> for all of them.</summary>
    public int? MaxParallel { get; }

    /// <summary>Creates a copy that runs at most <paramref name="maxParallel"/> deployments (and their reads before) at once.</summary>
    [Pure]
    public EcsDeploymentGroup WithMaxParallel(int maxParallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        return new EcsDeploymentGroup(Deployments, maxParallel, _rollbackAllOnFailure);
    }

    /// <summary>
    /// Creates a copy that, when any deployment did not succeed, rolls back every one that succeeded once all have
    /// finished, each to the revision it ran before (<see cref="EcsDeployment.RollBackToAsync"/>, with the member's
    /// timeouts and polling; the desired count stays as it is now).
    /// </summary>
    [Pure]
    public EcsDeploymentGroup RollbackAllOnFailure() => new(Deployments, MaxParallel, rollbackAllOnFailure: true);

    /// <summary>
    /// Validates every deployment, then runs them concurrently (at most <see cref="MaxParallel"/> at once), each as
    /// <see cref="EcsDeployment.RunAsync"/> would alone. Nothing is written unless every deployment is valid: the
    /// reads and checks of all of them come before the first write of any. Members that would register the same new
    /// revision of a family from the same base revision share one registration. All calls of the group wait for a
    /// client-side token bucket per category of actions, at ECS's burst and sustained rates
    /// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html), on the first member's
    /// clock. The result is returned whatever the
    /// outcomes (a member's own <c>WithValidation</c> does not apply).
    /// </summary>
    /// <exception cref="DeploymentValidationException">Nothing was changed: one or more deployments are not valid (every problem, each naming its service), or a service is in the group twice.</exception>
    /// <exception cref="AwsServiceException">AWS refused a read before any write that retries could not get through.</exception>
    /// <exception cref="Aws.Configuration.AwsConfigurationException">No region or credentials could be found.</exception>
    public async Task<DeploymentGroupResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var twice = Deployments.GroupBy(d => (d.Cluster, d.Service)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Cluster}/{g.Key.Service}: the service is in the group {g.Count()} times; give each service once.").ToList();
        if (twice.Count > 0)
        {
            throw new DeploymentValidationException(twice);
        }

        var scopes = new List<ClientScope>();
        using var gate = new SemaphoreSlim(MaxParallel ?? Deployments.Count);
        try
        {
            // One rate limiter for the group (ECS throttles per account and Region), on the clock of its first member.
            // One shared observer: the members check on the ticks of one grid, and their reads of the same tick go out
            // together, batched per cluster, through one batching client per ECS client (members given the same client, or
            // building theirs from the same settings, share it).
            var time = Deployments[0].Time;
            var limits = new EcsRateLimits(time);
            var grid = new TickGrid(time, GridPeriod);
            var batching = new Dictionary<IEcsClient, IEcsClient>(ReferenceEqualityComparer.Instance);
            var shared = new SharedRegistrations();
            var limited = new List<IEcsClient>();
            var owned = new Dictionary<object, ClientScope>();
            var memberClients = new List<ClientScope>();
            var runners = Deployments.Select(d =>
            {
                // Members that build their own clients from the same settings share one set (and so one batching client).
                var key = d.OwnClientsKey;
                if (key is null || !owned.TryGetValue(key, out var clients))
                {
                    clients = d.Clients();
                    scopes.Add(clients);
                    if (key is not null)
                    {
                        owned[key] = clients;
                    }
                }

                memberClients.Add(clients);
                if (!batching.TryGetValue(clients.Ecs, out var batched))
                {
                    batched = new BatchingEcsClient(new RateLimitedEcsClient(clients.Ecs, limits), time);
                    batching[clients.Ecs] = batched;
                }

                limited.Add(batched);
                return d.GroupRunner(clients, batched, shared, grid);
            }).ToList();

            // 1. Reads and checks of every member; a problem in any refuses the group before anything is written.
            var starts = runners.Select(r => r.Now).ToList();
            var planned = await Task.WhenAll(runners.Select((runner, i) => BoundedAsync(gate, async () =>
            {
                try
                {
                    return (Plan: (DeploymentPlan?)await runner.PlanAsync(cancellationToken).ConfigureAwait(false), Problems: (IReadOnlyList<string>)[]);
                }
                catch (DeploymentValidationException exception)
                {
                    return (Plan: (DeploymentPlan?)null, Problems: (IReadOnlyList<string>)exception.Problems.Select(p => $"{Name(Deployments[i])}: {p}").ToList());
                }
            }))).ConfigureAwait(false);
            var problems = planned.SelectMany(p => p.Problems).ToList();
            if (problems.Count > 0)
            {
                throw new DeploymentValidationException(problems);
            }

            // 2. The deployments.
            var results = await Task.WhenAll(runners.Select((runner, i) => BoundedAsync(gate, async () =>
            {
                try
                {
                    return await runner.RunAsync(planned[i].Plan!, starts[i], cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Cancelled before its first write: this member changed nothing.
                    return NotStarted(Deployments[i], starts[i], runner.Now, planned[i].Plan!);
                }
            }))).ConfigureAwait(false);

            // 3. When asked, the members that succeeded are rolled back once one did not.
            var rollbacks = new DeploymentResult?[results.Length];
            if (_rollbackAllOnFailure && results.Any(r => !r.IsSuccess))
            {
                await Task.WhenAll(results.Select((result, i) => (result, i))
                    .Where(r => r.result.Outcome == DeploymentOutcome.Succeeded && r.result.PreviousTaskDefinitionArn is { } previous && previous != r.result.TaskDefinitionArn)
                    .Select(r => BoundedAsync(gate, async () => rollbacks[r.i] = await RollBackAsync(Rollback(Deployments[r.i], limited[r.i], memberClients[r.i], grid), r.result, cancellationToken).ConfigureAwait(false))))
                    .ConfigureAwait(false);
            }

            return new DeploymentGroupResult
            {
                Outcome = DeploymentGroupResult.Worst(results.Select(r => r.Outcome)),
                Results = results,
                Rollbacks = rollbacks,
            };
        }
        finally
        {
            foreach (var scope in scopes)
            {
                scope.Dispose();
            }
        }
    }

    private static async Task<T> BoundedAsync<T>(SemaphoreSlim gate, Func<Task<T>> run)
    {
        // The wait for a slot is not cancelled: a member that starts after cancellation ends at once, before any write.
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            return await run().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A member's rollback, with the group's rate-limited client and the member's logs client.</summary>
    private static EcsDeployment Rollback(EcsDeployment deployment, IEcsClient ecs, ClientScope clients, TickGrid grid)
    {
        var rollback = deployment.ForGroupRollback(grid).WithClient(ecs);
        return clients.Logs is { } logs ? rollback.WithLogsClient(logs) : rollback;
    }

    /// <summary>A member's rollback back to the revision it ran before the group; a rollback that cannot be made is a failed one.</summary>
    private static async Task<DeploymentResult> RollBackAsync(EcsDeployment deployment, DeploymentResult deployed, CancellationToken cancellationToken)
    {
        var start = deployed.EndTime;
        try
        {
            return await deployment.RollBackToAsync(deployed.PreviousTaskDefinitionArn!, cancellationToken).ConfigureAwait(false);
        }
        catch (DeploymentValidationException exception)
        {
            return Ended(deployed, DeploymentOutcome.Failed, $"The rollback to {DeploymentEvent.Short(deployed.PreviousTaskDefinitionArn)} was refused: {exception.Message}", start, null);
        }
        catch (AwsException exception)
        {
            return Ended(deployed, DeploymentOutcome.Interrupted, $"The rollback to {DeploymentEvent.Short(deployed.PreviousTaskDefinitionArn)} could not be made: {exception.Message}", start, exception);
        }
    }

    private static DeploymentResult Ended(DeploymentResult deployed, DeploymentOutcome outcome, string reason, DateTimeOffset start, AwsException? error) => new()
    {
        Outcome = outcome,
        Reason = reason,
        Cluster = deployed.Cluster,
        Service = deployed.Service,
        PreviousTaskDefinitionArn = deployed.TaskDefinitionArn,
        TaskDefinitionArn = deployed.PreviousTaskDefinitionArn,
        ServiceTaskDefinitionArn = deployed.ServiceTaskDefinitionArn,
        Error = error,
        StartTime = start,
        EndTime = start,
    };

    private static DeploymentResult NotStarted(EcsDeployment deployment, DateTimeOffset start, DateTimeOffset now, DeploymentPlan plan) => new()
    {
        Outcome = DeploymentOutcome.Cancelled,
        Reason = "Cancelled before this deployment wrote anything: nothing was changed.",
        Cluster = deployment.Cluster,
        Service = deployment.Service,
        PreviousTaskDefinitionArn = plan.Service.TaskDefinition,
        ServiceTaskDefinitionArn = plan.Service.TaskDefinition,
        Changes = plan.Changes,
        StartTime = start,
        EndTime = now,
    };

    private static string Name(EcsDeployment deployment) => $"{deployment.Cluster}/{deployment.Service}";
}
