namespace Ecs.BlueGreen.Tests.Shared;

/// <summary>
/// The operations a fault matrix's run without faults made, in order, and where a phase of it (<paramref name="phase"/>,
/// for the messages) begins: an operation and how many calls of it came before (a fault rule's <c>AfterCalls</c>).
/// Nothing before that call changes when it is hit, so it is the same call in the faulted run. Each place found is
/// checked to be a call the baseline run made.
/// </summary>
internal sealed class BaselineCalls(IReadOnlyList<string> operations, string phase)
{
    public int Count(string operation) => operations.Count(o => o == operation);

    /// <summary>Call <paramref name="n"/> (from 0) of <paramref name="operation"/>.</summary>
    public (string Operation, int After) Call(string operation, int n = 0)
    {
        Count(operation).Should().BeGreaterThan(n, $"the baseline run reaches {phase} ({operation} #{n + 1})");
        return (operation, n);
    }

    /// <summary>The first call of <paramref name="operation"/> after call <paramref name="n"/> of <paramref name="previous"/>, or the <paramref name="skip"/>-th after it.</summary>
    public (string Operation, int After) FirstAfter(string operation, string previous, int n = 0, int skip = 0)
    {
        var index = operations.Select((o, i) => (o, i)).Where(c => c.o == previous).Skip(n).Select(c => c.i).DefaultIfEmpty(-1).First();
        index.Should().BeGreaterThanOrEqualTo(0, $"the baseline run has the call that begins {phase} (after {previous} #{n + 1})");
        return Call(operation, operations.Take(index).Count(o => o == operation) + skip);
    }
}
