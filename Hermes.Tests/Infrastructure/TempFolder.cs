namespace Hermes.Tests.Infrastructure;

/// <summary>A folder of its own for one test, deleted afterwards.</summary>
/// <param name="parent">Where to make it; the system's temporary folder when null.</param>
public sealed class TempFolder(string? parent = null) : IDisposable
{
    public string Path { get; } = parent is null
        ? Directory.CreateTempSubdirectory("hermes-test-").FullName
        : Directory.CreateDirectory(System.IO.Path.Combine(parent, $"hermes-test-{Guid.NewGuid():N}")).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
