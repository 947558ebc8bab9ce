namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>
/// A scenario the emulator cannot start from: an entry names a cluster or task definition the scenario does not
/// create, asks for something the emulator does not simulate, or is one ECS itself would refuse. The message is one
/// line that names the entry, for example
/// <c>services[0] "web": the cluster "prod" is not in the scenario's "clusters".</c>
/// </summary>
public sealed class EmulatorScenarioException : Exception
{
    /// <summary>Creates the exception for <paramref name="entry"/>.</summary>
    /// <param name="entry">The entry, as a path into the scenario with its name, for example <c>services[0] "web"</c>.</param>
    /// <param name="reason">What is wrong with it, one sentence.</param>
    /// <param name="innerException">The error the emulator met, if any.</param>
    public EmulatorScenarioException(string entry, string reason, Exception? innerException = null)
        : base($"{entry}: {OneLine(reason)}", innerException)
    {
        Entry = entry;
        Reason = OneLine(reason);
    }

    /// <summary>The entry, for example <c>services[0] "web"</c> or <c>taskDefinitions[1] "worker"</c>.</summary>
    public string Entry { get; }

    /// <summary>What is wrong with the entry.</summary>
    public string Reason { get; }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
