namespace Ecs.BlueGreen.Tool;

/// <summary>
/// The command line as given: one settable property per flag, values still as text (an empty value is the
/// same as leaving the flag out). <see cref="OptionValidator"/> turns it into a <see cref="DeployRequest"/>.
/// </summary>
internal sealed class DeployOptions
{
    // ecs-deploy's flags (the usage function and the argument loop of the ecs-deploy script, https://github.com/sil-org/ecs-deploy),
    // same names and meaning.
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? Region { get; set; }

    public string? Profile { get; set; }

    public bool InstanceProfile { get; set; }

    public string? AssumeRole { get; set; }

    public string? Cluster { get; set; }

    public string? Service { get; set; }

    public string? TaskDefinition { get; set; }

    public string? Image { get; set; }

    public string? Timeout { get; set; }

    public string? Min { get; set; }

    public string? Max { get; set; }

    public string? DesiredCount { get; set; }

    public string? TagEnvVar { get; set; }

    public string? TagOnly { get; set; }

    public string? MaxDefinitions { get; set; }

    public string? TaskDefinitionFile { get; set; }

    public bool EnableRollback { get; set; }

    public bool UseLatestTaskDefinition { get; set; }

    public bool ForceNewDeployment { get; set; }

    public bool SkipDeploymentsCheck { get; set; }

    public bool RunTask { get; set; }

    public bool WaitForSuccess { get; set; }

    public string? LaunchType { get; set; }

    public string? PlatformVersion { get; set; }

    public string? NetworkConfiguration { get; set; }

    public bool CopyTaskDefinitionTags { get; set; }

    public bool Verbose { get; set; }

    // Ours.
    public string? EndpointUrl { get; set; }

    public bool DryRun { get; set; }

    public string? Output { get; set; }

    public List<string> Containers { get; } = [];

    public List<string> Environment { get; } = [];

    public bool SkipIfUnchanged { get; set; }

    public bool NoVerifyImage { get; set; }

    public bool RollbackOnFailure { get; set; }

    public List<string> CapacityProviderStrategy { get; } = [];

    public string? Command { get; set; }

    public string? StartedBy { get; set; }

    public bool TailLogs { get; set; }

    // Native blue/green, linear and canary deployments.
    public string? WaitUntil { get; set; }

    public string? TestCommand { get; set; }

    public string? TestUrl { get; set; }

    public string? TestTimeout { get; set; }

    public List<string> TestStages { get; } = [];

    public bool Continue { get; set; }

    public bool RollbackDeployment { get; set; }

    // Rollback on demand, and an existing revision.
    public bool Rollback { get; set; }

    public string? RollbackTo { get; set; }

    public string? TaskDefinitionRevision { get; set; }

    // CodeDeploy blue/green (the CODE_DEPLOY deployment controller).
    public string? AppSpec { get; set; }

    public string? CodeDeployApplication { get; set; }

    public string? CodeDeployGroup { get; set; }

    public string? CodeDeployConfig { get; set; }

    public bool SkipTerminationWait { get; set; }

    // Many services in one run.

    /// <summary>Every -n in order, each with the -c last given before it (<see langword="null"/> when none was yet).</summary>
    public List<(string? Cluster, string Service)> Services { get; } = [];

    /// <summary>Every -c in order.</summary>
    public List<string> Clusters { get; } = [];

    public string? ServicesFile { get; set; }

    public string? MaxParallel { get; set; }

    public bool RollbackAllOnFailure { get; set; }
}
