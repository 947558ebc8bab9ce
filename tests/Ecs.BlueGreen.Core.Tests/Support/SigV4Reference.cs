using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>
/// Signature Version 4 written from the public algorithm, independent of AWSSDK.Core, for requests to
/// the root path with no query string (every AWS JSON 1.1 call). Used to check what the transport sent.
/// </summary>
public static partial class SigV4Reference
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The signature of a request, as lowercase hex.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="headers">The signed headers' names and values, in any order.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="secretKey">The secret access key.</param>
    /// <param name="amzDate">The <c>X-Amz-Date</c> value, <c>yyyyMMddTHHmmssZ</c>.</param>
    /// <param name="region">The region of the credential scope.</param>
    /// <param name="service">The signing name of the credential scope.</param>
    public static string Signature(string method, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, string secretKey, string amzDate, string region, string service)
    {
        var date = amzDate[..8];
        var stringToSign = StringToSign(CanonicalRequest(method, headers, body), amzDate, $"{date}/{region}/{service}/aws4_request");
        return Hex(HmacSha256(SigningKey(secretKey, date, region, service), stringToSign));
    }

    /// <summary>The canonical request: method, URI "/", empty query, canonical headers, signed headers, payload hash.</summary>
    public static string CanonicalRequest(string method, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var canonical = headers
            .Select(header => (Name: header.Key.Trim().ToLowerInvariant(), Value: Spaces().Replace(header.Value.Trim(), " ")))
            .OrderBy(header => header.Name, StringComparer.Ordinal)
            .ToList();
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append("/\n");
        builder.Append('\n');
        foreach (var (name, value) in canonical)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', canonical.Select(header => header.Name))).Append('\n');
        builder.Append(Hex(SHA256.HashData(body)));
        return builder.ToString();
    }

    /// <summary>"AWS4-HMAC-SHA256\n{amzdate}\n{scope}\n{hex sha256 of the canonical request}".</summary>
    public static string StringToSign(string canonicalRequest, string amzDate, string scope) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>HMAC chain: "AWS4" + secret → date → region → service → "aws4_request".</summary>
    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HmacSha256(key, part);
        }

        return key;
    }

    /// <summary>Lowercase hex of bytes.</summary>
    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] HmacSha256(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}

/// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c> header.</summary>
public sealed partial record SigV4Authorization(string AccessKey, string Date, string Region, string Service, string Terminator, IReadOnlyList<string> SignedHeaders, string Signature)
{
    /// <summary>Parses the header; fails the test when it does not have the SigV4 form.</summary>
    public static SigV4Authorization Parse(string header)
    {
        var match = Pattern().Match(header);
        Assert.That(match.Success, Is.True, $"Not a SigV4 Authorization header: {header}");
        var scope = match.Groups["credential"].Value.Split('/');
        Assert.That(scope, Has.Length.EqualTo(5), $"The credential scope has five parts: {header}");
        return new SigV4Authorization(
            scope[0],
            scope[1],
            scope[2],
            scope[3],
            scope[4],
            match.Groups["signed"].Value.Split(';'),
            match.Groups["signature"].Value);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<credential>[^,]+), ?SignedHeaders=(?<signed>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex Pattern();
}
