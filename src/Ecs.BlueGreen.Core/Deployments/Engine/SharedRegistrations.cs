using System.Text.Json;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The registrations of one deployment group: members that would register the same new revision
/// (<c>ecs#RegisterTaskDefinitionRequest</c>, member for member) from the same base revision register it once, and the
/// others deploy its ARN. A registration that failed fails every member that waited for it, as it would have alone.
/// </summary>
internal sealed class SharedRegistrations
{
#if NET9_0_OR_GREATER
    private readonly Lock _lock = new();
#else
    // System.Threading.Lock is new in .NET 9 (https://learn.microsoft.com/dotnet/api/system.threading.lock); a plain object there.
    private readonly object _lock = new();
#endif
    private readonly Dictionary<string, Registration> _registrations = new(StringComparer.Ordinal);

    /// <summary>The ARN of the revision, and whether this call registered it (<see langword="false"/>: another member did).</summary>
    public async Task<(string Arn, bool Registered)> RegisterOnceAsync(string? baseRevision, RegisterTaskDefinitionRequest revision,
        Func<CancellationToken, Task<string>> register, CancellationToken cancellationToken)
    {
        var key = $"{baseRevision}\n{JsonSerializer.Serialize(revision, EcsJsonContext.Default.RegisterTaskDefinitionRequest)}";
        Registration? registration;
        bool first;
        lock (_lock)
        {
            first = !_registrations.TryGetValue(key, out registration);
            if (first)
            {
                registration = new Registration(register(cancellationToken));
                _registrations[key] = registration;
            }

            registration!.Users++;
        }

        return (await registration.Task.WaitAsync(cancellationToken).ConfigureAwait(false), first);
    }

    /// <summary>
    /// Whether the member that registered <paramref name="arn"/> and then did not deploy it may deregister it: only when
    /// no other member uses it. It is then forgotten, so that a member starting later registers afresh.
    /// </summary>
    public bool TryForget(string arn)
    {
        lock (_lock)
        {
            var entry = _registrations.FirstOrDefault(r => r.Value.Task.IsCompletedSuccessfully && r.Value.Task.Result == arn);
            if (entry.Value is not { } registration)
            {
                return true;
            }

            if (registration.Users > 1)
            {
                registration.Users--;
                return false;
            }

            _registrations.Remove(entry.Key);
            return true;
        }
    }

    private sealed class Registration(Task<string> task)
    {
        public Task<string> Task { get; } = task;

        public int Users { get; set; }
    }
}
