using Ecs.BlueGreen.Tests.Packaging;

namespace Ecs.BlueGreen.Tests;

/// <summary>Deletes the library packed for this run (<see cref="PackedLibrary"/>) after the last test that may use it.</summary>
[SetUpFixture]
public sealed class PackedLibraryCleanup
{
    [OneTimeTearDown]
    public void Clean() => PackedLibrary.Delete();
}
