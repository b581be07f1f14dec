using System.Text;

namespace Hermes.Tests.Infrastructure;

/// <summary>Finds the live processes whose environment carries a test's marker, by reading <c>/proc</c>.</summary>
public static class ProcessCensus
{
    public static IReadOnlyList<int> ProcessesWithMarker(string marker)
    {
        var needle = Encoding.UTF8.GetBytes($"{McpServers.MarkerVariable}={marker}\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(needle) >= 0 && !IsZombie(directory))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours.
            }
        }

        return found;
    }

    private static bool IsZombie(string directory)
    {
        var stat = File.ReadAllText(Path.Combine(directory, "stat"));
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }
}
