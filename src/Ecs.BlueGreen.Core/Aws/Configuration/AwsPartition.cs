using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// An AWS partition: which regions belong to it and the DNS suffixes of its endpoints
/// (botocore <c>partitions.json</c>, aws-api-facts.md §1.2).
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

    [GeneratedRegex(@"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$")]
    private static partial Regex AwsRegions();

    [GeneratedRegex(@"^cn\-\w+\-\d+$")]
    private static partial Regex ChinaRegions();

    [GeneratedRegex(@"^us\-gov\-\w+\-\d+$")]
    private static partial Regex GovCloudRegions();

    [GeneratedRegex(@"^us\-iso\-\w+\-\d+$")]
    private static partial Regex IsoRegions();

    [GeneratedRegex(@"^us\-isob\-\w+\-\d+$")]
    private static partial Regex IsoBRegions();

    [GeneratedRegex(@"^eu\-isoe\-\w+\-\d+$")]
    private static partial Regex IsoERegions();

    [GeneratedRegex(@"^us\-isof\-\w+\-\d+$")]
    private static partial Regex IsoFRegions();

    [GeneratedRegex(@"^eusc\-(de)\-\w+\-\d+$")]
    private static partial Regex EuscRegions();
}
