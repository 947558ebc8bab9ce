using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// An AWS partition: which regions belong to it and the DNS suffixes of its endpoints
/// (botocore <c>partitions.json</c>, https://github.com/boto/botocore/blob/develop/botocore/data/partitions.json).
/// </summary>
public sealed partial class AwsPartition
{
    private AwsPartition(string id, Regex regionPattern, string dnsSuffix, string dualStackDnsSuffix)
    {
        Id = id;
        RegionPattern = regionPattern;
        DnsSuffix = dnsSuffix;
        DualStackDnsSuffix = dualStackDnsSuffix;
    }

    /// <summary>Every partition this client knows, in the order they are matched.</summary>
    public static IReadOnlyList<AwsPartition> All { get; } =
    [
        new("aws", AwsRegions(), "amazonaws.com", "api.aws"),
        new("aws-cn", ChinaRegions(), "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        new("aws-us-gov", GovCloudRegions(), "amazonaws.com", "api.aws"),
        new("aws-iso", IsoRegions(), "c2s.ic.gov", "api.aws.ic.gov"),
        new("aws-iso-b", IsoBRegions(), "sc2s.sgov.gov", "api.aws.scloud"),
        new("aws-iso-e", IsoERegions(), "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
        new("aws-iso-f", IsoFRegions(), "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
        new("aws-eusc", EuscRegions(), "amazonaws.eu", "api.amazonwebservices.eu"),
    ];

    /// <summary>The partition id, for example <c>aws-cn</c>.</summary>
    public string Id { get; }

    /// <summary>The DNS suffix of ordinary endpoints.</summary>
    public string DnsSuffix { get; }

    /// <summary>The DNS suffix of dual-stack (IPv4 and IPv6) endpoints.</summary>
    public string DualStackDnsSuffix { get; }

    private Regex RegionPattern { get; }

    /// <summary>The partition of a region; a region no pattern matches belongs to <c>aws</c>, as in the SDKs.</summary>
    public static AwsPartition ForRegion(string region) =>
        All.FirstOrDefault(partition => partition.RegionPattern.IsMatch(region)) ?? All[0];

    /// <summary>
    /// Whether the text has the form of a region name of some partition (<c>us-east-1</c>, <c>cn-north-1</c>,
    /// <c>us-gov-west-1</c>, …). A region this client does not know yet passes when its partition is known.
    /// </summary>
    internal static bool IsRegionName(string region) => All.Any(partition => partition.RegionPattern.IsMatch(region));

    /// <summary>
    /// The endpoint of a service in a region, following the ECS rule set:
    /// <c>https://{prefix}[-fips].{region}.{dnsSuffix | dualStackDnsSuffix}</c>.
    /// </summary>
    public Uri Endpoint(string endpointPrefix, string region, bool fips, bool dualStack)
    {
        var host = fips ? $"{endpointPrefix}-fips" : endpointPrefix;
        var suffix = dualStack ? DualStackDnsSuffix : DnsSuffix;
        return new Uri($"https://{host}.{region}.{suffix}");
    }

    /// <inheritdoc />
    public override string ToString() => Id;

    // The regionRegex of each partition in botocore's partitions.json
    // (https://github.com/boto/botocore/blob/develop/botocore/data/partitions.json), a JavaScript-style pattern:
    // its \w and \d are ASCII and its $ is the end of the text, hence the explicit classes and \z here.
    [GeneratedRegex(@"\A(us|eu|ap|sa|ca|me|af|il|mx)-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex AwsRegions();

    [GeneratedRegex(@"\Acn-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex ChinaRegions();

    [GeneratedRegex(@"\Aus-gov-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex GovCloudRegions();

    [GeneratedRegex(@"\Aus-iso-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex IsoRegions();

    [GeneratedRegex(@"\Aus-isob-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex IsoBRegions();

    [GeneratedRegex(@"\Aeu-isoe-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex IsoERegions();

    [GeneratedRegex(@"\Aus-isof-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex IsoFRegions();

    [GeneratedRegex(@"\Aeusc-(de)-[A-Za-z0-9_]+-[0-9]+\z")]
    private static partial Regex EuscRegions();
}
