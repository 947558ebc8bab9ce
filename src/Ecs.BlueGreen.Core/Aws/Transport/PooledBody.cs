using System.Buffers;

namespace Ecs.BlueGreen.Aws.Transport;

/// <summary>
/// An answer's body, read into a buffer rented from <see cref="ArrayPool{T}.Shared"/> and returned when disposed. A
/// 100-task DescribeTasks answer is hundreds of kilobytes: read whole into a new array (and, before that, into the
/// content's own growing buffer), each answer would leave arrays on the large-object heap, which only a full
/// collection frees, so a long watch of a large service would grow its memory at every check. Parsed from the
/// rented bytes and returned, the same few buffers serve every call.
/// </summary>
internal readonly struct PooledBody : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private readonly byte[] _buffer;
    private readonly int _length;

    private PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body as it came.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    /// <summary>
    /// Reads the whole body. A failure while reading it is an <see cref="HttpRequestException"/>, as when the content
    /// is buffered by <see cref="HttpClient"/> itself: the server answered, so a write it carried may have been applied.
    /// </summary>
    public static async Task<PooledBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var expected = content.Headers.ContentLength is long length and > 0 and < int.MaxValue / 2 ? (int)length + 1 : InitialSize;
        var buffer = ArrayPool<byte>.Shared.Rent(expected);
        var read = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (read == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, read).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                    if (count == 0)
                    {
                        return new PooledBody(buffer, read);
                    }

                    read += count;
                }
            }
        }
        catch (IOException exception)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new HttpRequestException(HttpRequestError.ResponseEnded, $"The answer ended before its body was read: {exception.Message}", exception);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
