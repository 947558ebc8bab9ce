namespace Ecs.BlueGreen.Tests.Support;

/// <summary>
/// Finds <c>../shared</c> (the AWS models and conformance vectors beside the repository). Tests that need
/// it report themselves skipped, with the reason, when it is absent.
/// </summary>
internal static class SharedFolder
{
    private static readonly Lazy<string?> Location = new(Find);

    public static string? Path => Location.Value;

    /// <summary>The full path of a file under shared/, or an ignored test when shared/ is absent.</summary>
    public static string File(params string[] parts)
    {
        if (Path is null)
        {
            Assert.Ignore("The ../shared folder (AWS models and conformance vectors) was not found beside the repository; this test needs it.");
        }

        var file = System.IO.Path.Combine([Path!, .. parts]);
        if (!System.IO.File.Exists(file))
        {
            Assert.Ignore($"{file} is missing from ../shared; this test needs it.");
        }

        return file;
    }

    private static string? Find()
    {
        var shared = System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared");
        return Directory.Exists(shared) ? System.IO.Path.GetFullPath(shared) : null;
    }
}
