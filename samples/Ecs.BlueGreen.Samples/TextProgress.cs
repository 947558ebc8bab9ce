
namespace Ecs.BlueGreen.Samples;

#region README: progress
/// <summary>
/// Writes each deployment event as a line the moment it is reported. (<see cref="Progress{T}"/> would post the
/// lines to the thread pool, where they can come out of order or after the deployment has returned.)
/// </summary>
public sealed class TextProgress(TextWriter output) : IProgress<DeploymentEvent>
{
    /// <inheritdoc />
    public void Report(DeploymentEvent value) => output.WriteLine(value.Message);
}
#endregion
