using System.Text;
using Ecs.BlueGreen.Aws.Transport;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>An answer's body read into pooled buffers: whole, whatever its size, with or without a Content-Length.</summary>
public sealed class PooledBodyTests
{
    [TestCase(0, true)]
    [TestCase(5, true)]
    [TestCase(300_000, true)]
    [TestCase(0, false)]
    [TestCase(16 * 1024, false)]
    [TestCase(300_000, false)]
    public async Task The_whole_body_is_read_as_it_came(int size, bool withLength)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, size).Select(i => (char)('a' + (i % 26)))));
        using var content = new StreamContent(new OneWayStream(bytes));
        if (withLength)
        {
            content.Headers.ContentLength = bytes.Length;
        }
        else
        {
            content.Headers.ContentLength.Should().BeNull("a stream that cannot seek has no length of its own");
        }

        using var body = await PooledBody.ReadAsync(content, CancellationToken.None);

        body.Bytes.ToArray().Should().Equal(bytes);
    }

    [Test]
    public async Task A_body_that_breaks_off_is_an_HttpRequestException_saying_the_answer_ended()
    {
        using var content = new StreamContent(new OneWayStream("{\"servi"u8.ToArray(), failAtEnd: true));

        var read = async () => await PooledBody.ReadAsync(content, CancellationToken.None);

        (await read.Should().ThrowAsync<HttpRequestException>()).Which.HttpRequestError.Should().Be(HttpRequestError.ResponseEnded);
    }

    /// <summary>A stream that cannot seek, handing out at most 4 KB a read, and optionally failing where its bytes end.</summary>
    private sealed class OneWayStream(byte[] bytes, bool failAtEnd = false) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == bytes.Length && failAtEnd)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(Math.Min(count, 4096), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
