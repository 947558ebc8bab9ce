using System.Runtime.CompilerServices;

namespace Ecs.BlueGreen.Aws;

/// <summary>
/// Follows an AWS list operation's <c>nextToken</c> to the last page (the token the model names, such as
/// <c>ecs#ListTasksRequest.nextToken</c>, <c>codedeploy#ListDeploymentsInput.nextToken</c> or
/// <c>logs#FilterLogEventsRequest.nextToken</c>): an empty or absent token ends the list.
/// </summary>
internal static class Pagination
{
    /// <summary>
    /// Every item of every page, starting at <paramref name="firstToken"/>. A token that comes back twice would loop
    /// forever: it ends the list with an error naming <paramref name="service"/> instead.
    /// </summary>
    public static async IAsyncEnumerable<T> AllPagesAsync<T>(
        string service,
        Func<string?, CancellationToken, Task<(IReadOnlyList<T> Items, string? NextToken)>> fetchPage,
        string? firstToken,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var token = firstToken;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var (items, next) = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                yield return item;
            }

            token = string.IsNullOrEmpty(next) ? null : next;
            if (token is not null && !seenTokens.Add(token))
            {
                throw new InvalidOperationException($"{service} returned a pagination token it had already returned; stopping instead of looping.");
            }
        }
        while (token is not null);
    }
}
