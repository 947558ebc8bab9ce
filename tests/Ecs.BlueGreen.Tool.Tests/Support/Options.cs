namespace Ecs.BlueGreen.Tool.Tests.Support;

/// <summary>A command line parsed and validated offline, as the command does before any AWS call (no environment variables).</summary>
internal static class Options
{
    /// <summary>The one-line error a command line is refused with; fails when it is accepted or its message has a line break.</summary>
    public static CommandError Refused(params string[] args)
    {
        var parsed = CommandLine.Parse(args);
        parsed.Action.Should().Be(CommandAction.Deploy, parsed.Error);
        var (request, error) = OptionValidator.Validate(parsed.Options, _ => null);
        request.Should().BeNull();
        error!.Message.Should().NotContain("\n");
        return error;
    }

    /// <summary>The request a command line is accepted as; fails when it is refused.</summary>
    public static DeployRequest Valid(params string[] args)
    {
        var parsed = CommandLine.Parse(args);
        var (request, error) = OptionValidator.Validate(parsed.Options, _ => null);
        error.Should().BeNull();
        return request!;
    }
}
