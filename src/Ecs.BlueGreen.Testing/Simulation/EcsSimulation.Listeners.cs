namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// What a request to a listener rule of the scenario gets: a production listener rule routes by the production traffic
/// weights of the service whose <c>loadBalancers[].advancedConfiguration</c> names it, a test listener rule by the test
/// weights (<c>ecs#ServiceRevisionSummary.requestedProductionTrafficWeight</c>, <c>.requestedTestTrafficWeight</c>); with no
/// native deployment going on, the serving revision takes everything. The weighted choice is smooth weighted round robin,
/// so it is deterministic (10 % green answers every tenth request from green), and the tasks of a revision take turns.
/// </summary>
internal sealed partial class EcsSimulation
{
    private readonly Dictionary<string, Dictionary<string, double>> _routingCredit = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _routingTurn = new(StringComparer.Ordinal);

    /// <summary>The listener rules of the scenario, in its order.</summary>
    public IReadOnlyList<string> ListenerRuleArns => [.. _listenerRules.Keys];

    /// <summary>Answers one HTTP request that arrived at <paramref name="ruleArn"/>.</summary>
    public ListenerAnswer Route(string ruleArn)
    {
        if (RouteCodeDeploy(ruleArn) is { } codeDeploy)
        {
            return codeDeploy;
        }

        var users = _clusters.Values.SelectMany(c => c.Services.Values).Where(s => s.Status == "ACTIVE" && s.Deployments.Count > 0)
            .SelectMany(s => s.LoadBalancers.Where(lb => lb.HasAdvancedConfiguration).Select(lb => (Service: s, Lb: lb)))
            .Where(x => x.Lb.ProductionListenerRule == ruleArn || x.Lb.TestListenerRule == ruleArn)
            .ToList();
        if (users.Count == 0)
        {
            return new ListenerAnswer(404, $"No service uses the listener rule {ruleArn}.\n");
        }

        var (service, lb) = users[0];
        var test = lb.TestListenerRule == ruleArn && lb.ProductionListenerRule != ruleArn;
        var weights = new List<(string Revision, double Weight)>();
        if (service.ServiceDeployments.FirstOrDefault() is { Native: { } native } sd && sd.Status is not ("SUCCESSFUL" or "ROLLBACK_SUCCESSFUL"))
        {
            var green = test ? native.GreenTestWeight : native.GreenProductionWeight;
            weights.Add((native.SourceRevisionArn, 100 - green));
            weights.Add((sd.TargetRevisionArn, green));
        }
        else
        {
            weights.Add((service.Primary.ServiceRevisionArn, 100));
        }

        var revision = Choose(ruleArn, weights);
        var tasks = service.Cluster.Tasks
            .Where(t => ReferenceEquals(t.Service, service) && t.Deployment?.ServiceRevisionArn == revision && t.LastStatus == "RUNNING" && t.DesiredStatus == "RUNNING")
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        if (tasks.Count == 0)
        {
            return new ListenerAnswer(503, $"No task of service revision {revision} is running.\n");
        }

        var turn = _routingTurn.GetValueOrDefault(ruleArn);
        _routingTurn[ruleArn] = turn + 1;
        var task = tasks[turn % tasks.Count];
        return new ListenerAnswer(task.Behaviour.HttpStatus, task.Behaviour.HttpBody ?? $"{task.TaskDefinition.FamilyRevision} {task.Id}\n");
    }

    /// <summary>Smooth weighted round robin: each choice adds every weight to its revision's credit and takes the largest.</summary>
    private string Choose(string ruleArn, List<(string Revision, double Weight)> weights)
    {
        if (!_routingCredit.TryGetValue(ruleArn, out var credit))
        {
            credit = new Dictionary<string, double>(StringComparer.Ordinal);
            _routingCredit[ruleArn] = credit;
        }

        foreach (var stale in credit.Keys.Except(weights.Select(w => w.Revision)).ToList())
        {
            credit.Remove(stale);
        }

        var total = weights.Sum(w => w.Weight);
        foreach (var (revision, weight) in weights)
        {
            credit[revision] = credit.GetValueOrDefault(revision) + weight;
        }

        var chosen = weights.OrderByDescending(w => credit[w.Revision]).First().Revision;
        credit[chosen] -= total;
        return chosen;
    }
}

/// <summary>The HTTP status and body a listener rule answers with.</summary>
internal sealed record ListenerAnswer(int StatusCode, string Body);
