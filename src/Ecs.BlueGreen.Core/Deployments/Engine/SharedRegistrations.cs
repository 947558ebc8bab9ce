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
    private readonly Dictionary<string, Task<string>> _registrations = new(StringComparer.Ordinal);

    /// <summary>The ARN of the revision, and whether this call registered it (<see langword="false"/>: another member did).</summary>
    public async Task<(string Arn, bool Registered)> RegisterOnceAsync(string? baseRevision, RegisterTaskDefinitionRequest revision,
        Func<CancellationToken, Task<string>> register, CancellationToken cancellationToken)
    {
        var key = $"{baseRevision}\n{JsonSerializer.Serialize(revision, EcsJsonContext.Default.RegisterTaskDefinitionRequest)}";
        Task<string> registration;
        bool first;
        lock (_lock)
        {
            first = !_registrations.TryGetValue(key, out registration!);
            if (first)
            {
                registration = register(cancellationToken);
                _registrations[key] = registration;
            }
        }

        return (await registration.WaitAsync(cancellationToken).ConfigureAwait(false), first);
    }
}
