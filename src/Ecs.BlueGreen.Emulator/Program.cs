using Ecs.BlueGreen.Emulator;
using McMaster.Extensions.CommandLineUtils;

return await CommandLineApplication.ExecuteAsync<EmulatorCommand>(args).ConfigureAwait(false);
