namespace Ecs.BlueGreen.Tests.Shared;

/// <summary>
/// The repository's root folder, found from the test assembly's location. ([CallerFilePath] cannot be
/// used: CI builds map source paths to /_/ for deterministic output.)
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Path => Location.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ecs.BlueGreen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ecs.BlueGreen.sln above {AppContext.BaseDirectory}.");
    }
}
