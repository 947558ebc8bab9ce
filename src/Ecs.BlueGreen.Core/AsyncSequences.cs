#if !NET10_0_OR_GREATER
namespace Ecs.BlueGreen;

/// <summary>
/// What the library needs of LINQ over <see cref="IAsyncEnumerable{T}"/> on .NET 8. .NET 10 has it built in
/// (https://learn.microsoft.com/dotnet/api/system.linq.asyncenumerable.tolistasync); there these calls bind to
/// System.Linq.AsyncEnumerable and this file is not compiled.
/// </summary>
internal static class AsyncSequences
{
    /// <summary>Every item of <paramref name="source"/>, in order.</summary>
    public static async ValueTask<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }
}
#endif
