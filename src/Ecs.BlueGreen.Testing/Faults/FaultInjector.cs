using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Faults;

/// <summary>The outcome of the fault rules for one call.</summary>
internal readonly record struct FaultDecision(FaultKind? Kind, TimeSpan Latency, bool Applied, bool FromTokenBucket);

/// <summary>Decides, call by call, which injected faults apply. Not thread-safe: the emulator serialises calls.</summary>
internal sealed class FaultInjector(FaultSettings settings)
{
    private readonly Dictionary<FaultRule, (int Seen, int Hit)> _counters = new(ReferenceEqualityComparer.Instance);
    private readonly TokenBuckets _buckets = new();
    private readonly List<FaultRule> _injected = [];

    /// <summary>The scenario's settings.</summary>
    public FaultSettings Settings => settings;

    /// <summary>The rules injected at run time, oldest first (a copy).</summary>
    public IReadOnlyList<FaultRule> Injected => _injected.ToList();

    /// <summary>Adds a rule after the scenario's and the earlier injected ones; its counts start now.</summary>
    public void Inject(FaultRule rule)
    {
        // A fresh instance, so that injecting the same rule twice counts its calls twice.
        var copy = rule with { };
        _injected.Add(copy);
        _counters.Remove(copy);
    }

    /// <summary>Removes every rule injected at run time; the scenario's rules stay.</summary>
    public void ClearInjected()
    {
        foreach (var rule in _injected)
        {
            _counters.Remove(rule);
        }

        _injected.Clear();
    }

    public FaultDecision Decide(string operation, TimeSpan sinceStart, DateTimeOffset now)
    {
        var latency = TimeSpan.Zero;
        FaultRule? hit = null;
        foreach (var rule in settings.Rules.Concat(_injected))
        {
            if (rule.Operation != "*" && !string.Equals(rule.Operation, operation, StringComparison.Ordinal))
            {
                continue;
            }

            if ((rule.FromSecond is { } from && sinceStart.TotalSeconds < from) || (rule.UntilSecond is { } until && sinceStart.TotalSeconds >= until))
            {
                continue;
            }

            var (seen, hits) = _counters.GetValueOrDefault(rule);
            seen++;
            var applies = seen > rule.AfterCalls && (rule.Count is null || hits < rule.Count);
            _counters[rule] = (seen, applies ? hits + 1 : hits);
            if (!applies)
            {
                continue;
            }

            if (rule.Kind == FaultKind.Latency)
            {
                latency += TimeSpan.FromMilliseconds(rule.LatencyMilliseconds);
                continue;
            }

            hit = rule;
            break;
        }

        if (hit is not null)
        {
            return new FaultDecision(hit.Kind, latency, hit.Applied, false);
        }

        if (settings.TokenBuckets && !_buckets.TryTake(operation, now))
        {
            return new FaultDecision(FaultKind.Throttle, latency, false, true);
        }

        return new FaultDecision(null, latency, false, false);
    }
}
