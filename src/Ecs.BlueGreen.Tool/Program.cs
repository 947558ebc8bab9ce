using System.Runtime.InteropServices;
using Ecs.BlueGreen.Tool;

// Ctrl+C and SIGTERM stop the wait (and roll back when asked); a second one ends the process at once.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        Console.Error.WriteLine("Stopping: the wait is cancelled (a rollback, when asked for, still runs). Press Ctrl+C again to quit at once.");
        stop.Cancel();
    }
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await Cli.RunAsync(args, new CliContext(), stop.Token).ConfigureAwait(false);
