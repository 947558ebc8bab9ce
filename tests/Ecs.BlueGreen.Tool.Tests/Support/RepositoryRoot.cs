namespace Ecs.BlueGreen.Tool.Tests.Support;

/// <summary>
/// The repository's root, found by walking up from the test assembly to Ecs.BlueGreen.sln ([CallerFilePath]
/// cannot be used: CI builds map source paths to /_/).
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
