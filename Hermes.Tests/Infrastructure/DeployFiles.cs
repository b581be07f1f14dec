using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Hermes.Tests.Infrastructure;

/// <summary>The repository's <c>deploy/</c> folder: Dockerfiles and Kubernetes manifests, parsed as Kubernetes would read them.</summary>
public static class DeployFiles
{
    public static string Directory { get; } = Path.GetFullPath(typeof(DeployFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "DeployDirectory").Value!);

    public static string KustomizeBase => Path.Combine(Directory, "kubernetes", "base");

    public static IEnumerable<string> YamlFiles => System.IO.Directory
        .EnumerateFiles(Directory, "*.*", SearchOption.AllDirectories)
        .Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);

    /// <summary>Every document of every YAML file; throws on the first that does not parse.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Root)> Documents()
    {
        var documents = new List<(string, YamlMappingNode)>();
        foreach (var file in YamlFiles)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            documents.AddRange(stream.Documents.Select(document => (Path.GetRelativePath(Directory, file), (YamlMappingNode)document.RootNode)));
        }

        return documents;
    }

    /// <summary>The one manifest of this kind and name.</summary>
    public static YamlMappingNode Manifest(string kind, string name) =>
        Documents().Select(document => document.Root).Single(root => Text(root, "kind") == kind && Text(root, "metadata", "name") == name);

    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(YamlNode node, params string[] path) => (Find(node, path) as YamlScalarNode)?.Value;

    public static IReadOnlyDictionary<string, string> Map(YamlNode node, params string[] path) =>
        Find(node, path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!)
            : new Dictionary<string, string>();

    public static IReadOnlyList<YamlMappingNode> Items(YamlNode node, params string[] path) =>
        Find(node, path) is YamlSequenceNode sequence ? [.. sequence.Children.Cast<YamlMappingNode>()] : [];

    public static IReadOnlyList<string> Strings(YamlNode node, params string[] path) =>
        Find(node, path) is YamlSequenceNode sequence ? [.. sequence.Children.Cast<YamlScalarNode>().Select(scalar => scalar.Value!)] : [];
}
