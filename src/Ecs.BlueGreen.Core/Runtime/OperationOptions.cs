using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.Runtime;

/// <summary>What every operation (a deployment, a registration, a one-off task) is configured with besides its own settings.</summary>
internal sealed record OperationOptions
{
    public IEcsClient? Client { get; init; }

    public AwsSettings? AwsSettings { get; init; }

    /// <summary>For the operations that read failed containers' logs.</summary>
    public ICloudWatchLogsClient? LogsClient { get; init; }

    /// <summary>For the operations that read failed containers' logs: the client of a region a container logs to (<c>awslogs-region</c>).</summary>
    public Func<string, ICloudWatchLogsClient>? LogsClientForRegion { get; init; }

    /// <summary>For the operations that check images before registering a revision: the ECR client of every registry region.</summary>
    public IEcrClient? EcrClient { get; init; }

    /// <summary>For the operations that check images before registering a revision: the ECR client of a registry's region.</summary>
    public Func<string, IEcrClient>? EcrClientForRegion { get; init; }

    /// <summary>For deployments to CODE_DEPLOY services: the CodeDeploy client.</summary>
    public ICodeDeployClient? CodeDeployClient { get; init; }

    /// <summary>Set for a run: the run's CodeDeploy client (the caller's, or one its client scope builds on first use).</summary>
    public Func<ICodeDeployClient?>? CodeDeployForRun { get; init; }

    /// <summary>The CodeDeploy client of a run, <see langword="null"/> when there is none.</summary>
    public ICodeDeployClient? CodeDeploy => CodeDeployForRun?.Invoke() ?? CodeDeployClient;

    /// <summary>For the operations that read failed containers' logs: how many last lines, 0 for none.</summary>
    public int FailureLogLines { get; init; } = Defaults.FailureLogLines;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public IProgress<DeploymentEvent>? Progress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The clients of one run: the given ones, or ones built from the AWS settings (and disposed with the scope).</summary>
    public ClientScope Clients(bool wantLogs) => new(Client, LogsClient, LogsClientForRegion, wantLogs && FailureLogLines > 0, AwsSettings, TimeProvider, Logger)
    {
        EcrForRegion = EcrClientForRegion ?? (EcrClient is { } ecr ? _ => ecr : null),
        CodeDeploy = CodeDeployClient,
    };
}
