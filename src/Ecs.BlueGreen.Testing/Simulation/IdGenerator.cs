using System.Globalization;
using System.Text;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>Deterministic identifiers (SplitMix64), so two runs of one scenario name things alike.</summary>
internal sealed class IdGenerator(int seed)
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x1234567UL;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A task id: 32 lowercase hex digits, like ECS's.</summary>
    public string Hex32() => Next().ToString("x16", CultureInfo.InvariantCulture) + Next().ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>
    /// A deployment id number: 19 digits, like <c>ecs-svc/9223370564341623665</c> (the CreateService example of botocore's
    /// <c>ecs/2014-11-13/examples-1.json</c>).
    /// </summary>
    public string Digits19() => (1_000_000_000_000_000_000UL + (Next() % 8_000_000_000_000_000_000UL)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A 21-character id like the last part of a service-deployment ARN.</summary>
    public string Alphanumeric21()
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var builder = new StringBuilder(21);
        for (var i = 0; i < 21; i++)
        {
            builder.Append(Alphabet[(int)(Next() % (ulong)Alphabet.Length)]);
        }

        return builder.ToString();
    }

    public Guid Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Next());
        BitConverter.TryWriteBytes(bytes[8..], Next());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
