using Hermes.Grains.Sessions;
using Hermes.ServiceDefaults.Clustering;
using Hermes.Silo.Dashboard;
using Hermes.Silo.Health;
using Hermes.Silo.Hosting;
using Hermes.Silo.Lifetime;
using Hermes.Silo.Storage;
using Hermes.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;
using static Hermes.Tests.Infrastructure.DeployFiles;

namespace Hermes.Tests.Operations;

/// <summary>
/// The Kubernetes manifests and Dockerfiles under <c>deploy/</c>, read as the cluster and Orleans would read them: the
/// names Orleans' Kubernetes hosting package looks for come from that package itself.
/// </summary>
public sealed class DeploymentManifestTests
{
    private static readonly YamlMappingNode Silo = Manifest("Deployment", "hermes-silo");
    private static readonly YamlMappingNode SiloPod = (YamlMappingNode)Find(Silo, "spec", "template")!;
    private static readonly YamlMappingNode SiloContainer = Items(SiloPod, "spec", "containers").Single();

    [Fact]
    public void Every_yaml_document_parses_and_says_what_it_is()
    {
        var documents = Documents();

        Assert.NotEmpty(documents);
        Assert.All(documents, document =>
        {
            Assert.False(string.IsNullOrEmpty(Text(document.Root, "apiVersion")), document.File);
            Assert.False(string.IsNullOrEmpty(Text(document.Root, "kind")), document.File);
            if (Text(document.Root, "kind") != "Kustomization")
            {
                Assert.False(string.IsNullOrEmpty(Text(document.Root, "metadata", "name")), document.File);
            }
        });
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_of_the_base_and_nothing_else()
    {
        var kustomization = Documents().Single(document => Text(document.Root, "kind") == "Kustomization").Root;
        var manifests = System.IO.Directory.EnumerateFiles(KustomizeBase, "*.yaml")
            .Select(Path.GetFileName)
            .Where(name => name != "kustomization.yaml");

        Assert.Equal(manifests.Order(StringComparer.Ordinal), Strings(kustomization, "resources").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_silo_pods_carry_the_labels_and_downward_api_variables_that_orleans_kubernetes_hosting_reads()
    {
        var labels = Map(SiloPod, "metadata", "labels");
        var environment = Environment(SiloContainer);

        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", FieldPath(environment[KubernetesHostingOptions.ServiceIdEnvironmentVariable]));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", FieldPath(environment[KubernetesHostingOptions.ClusterIdEnvironmentVariable]));
        Assert.False(string.IsNullOrEmpty(labels[KubernetesHostingOptions.ServiceIdLabel]));
        Assert.False(string.IsNullOrEmpty(labels[KubernetesHostingOptions.ClusterIdLabel]));
        Assert.Equal("metadata.namespace", FieldPath(environment[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]));
        Assert.Equal("metadata.name", FieldPath(environment[KubernetesHostingOptions.PodNameEnvironmentVariable]));
        Assert.Equal("status.podIP", FieldPath(environment[KubernetesHostingOptions.PodIPEnvironmentVariable]));
        Assert.Equal("true", Text(environment[EnvironmentName(OrleansSilo.KubernetesHostingKey)], "value"));
    }

    [Fact]
    public void Deployment_service_disruption_budget_and_rbac_agree_on_names_labels_and_ports()
    {
        var podLabels = Map(SiloPod, "metadata", "labels");
        var service = Manifest("Service", "hermes-silo");
        var budget = Manifest("PodDisruptionBudget", "hermes-silo");
        var binding = Manifest("RoleBinding", "hermes-silo");
        var role = Manifest("Role", Text(binding, "roleRef", "name")!);
        var account = Text(SiloPod, "spec", "serviceAccountName");
        var portNames = Items(SiloContainer, "ports").Select(port => Text(port, "name")).ToHashSet();

        Assert.Subset(podLabels.ToHashSet(), Map(Silo, "spec", "selector", "matchLabels").ToHashSet());
        Assert.Subset(podLabels.ToHashSet(), Map(service, "spec", "selector").ToHashSet());
        Assert.Subset(podLabels.ToHashSet(), Map(budget, "spec", "selector", "matchLabels").ToHashSet());
        Assert.All(Items(service, "spec", "ports"), port => Assert.Contains(Text(port, "targetPort"), portNames));
        Assert.Equal("Role", Text(binding, "roleRef", "kind"));
        var subject = Items(binding, "subjects").Single();
        Assert.Equal(("ServiceAccount", account), (Text(subject, "kind"), Text(subject, "name")));
        Assert.NotNull(Manifest("ServiceAccount", account!));
        var podRule = Items(role, "rules").Single(rule => Strings(rule, "resources").Contains("pods"));
        Assert.Equal([""], Strings(podRule, "apiGroups"));
        Assert.Subset(Strings(podRule, "verbs").ToHashSet(), new HashSet<string> { "get", "list", "watch", "patch" });
    }

    [Fact]
    public void Rolling_updates_keep_every_silo_until_its_successor_is_ready_and_the_grace_period_outlasts_the_shutdown()
    {
        var environment = Environment(SiloContainer);
        var shutdown = new ShutdownOptions
        {
            TurnDrainTimeout = TimeSpan.Parse(Text(environment[EnvironmentName("Hermes:Shutdown:TurnDrainTimeout")], "value")!, System.Globalization.CultureInfo.InvariantCulture),
            Timeout = TimeSpan.Parse(Text(environment[EnvironmentName("Hermes:Shutdown:Timeout")], "value")!, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal("0", Text(Silo, "spec", "strategy", "rollingUpdate", "maxUnavailable"));
        Assert.Empty(shutdown.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(shutdown)));
        Assert.True(int.Parse(Text(SiloPod, "spec", "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture) > shutdown.Timeout.TotalSeconds);
    }

    [Fact]
    public void The_probes_ask_the_silo_health_endpoints_on_its_web_port()
    {
        Assert.Equal(HealthEndpoints.LivePath, Text(SiloContainer, "livenessProbe", "httpGet", "path"));
        Assert.Equal(HealthEndpoints.LivePath, Text(SiloContainer, "startupProbe", "httpGet", "path"));
        Assert.Equal(HealthEndpoints.ReadyPath, Text(SiloContainer, "readinessProbe", "httpGet", "path"));
        Assert.All(
            new[] { "livenessProbe", "startupProbe", "readinessProbe" },
            probe => Assert.Equal("http", Text(SiloContainer, probe, "httpGet", "port")));
    }

    [Fact]
    public void The_silo_as_configured_here_would_start_with_its_dashboard_behind_credentials()
    {
        // The silo listens on every interface of its pod, so it refuses to start unless the dashboard asks for credentials.
        var environment = Environment(SiloContainer);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(variable => KeyValuePair.Create<string, string?>(
                variable.Key.Replace("__", ":", StringComparison.Ordinal).Replace("ASPNETCORE_URLS", "urls", StringComparison.Ordinal),
                Text(variable.Value, "value") ?? "from-a-secret")))
            .Build();
        var dashboard = configuration.GetSection(HermesDashboardOptions.SectionName).Get<HermesDashboardOptions>()!;

        Assert.Equal(DashboardAccess.Authenticated, DashboardAccessPolicy.Decide(dashboard, ListeningAddresses.From(configuration)));
        Assert.Equal("hermes-dashboard", Text(environment["Hermes__Dashboard__Password"], "valueFrom", "secretKeyRef", "name"));
    }

    [Fact]
    public void Secrets_are_referenced_and_never_written_into_the_manifests()
    {
        var documents = Documents();
        Assert.DoesNotContain(documents, document => Text(document.Root, "kind") == "Secret");
        var containers = documents
            .Select(document => Find(document.Root, "spec", "template", "spec", "containers"))
            .OfType<YamlSequenceNode>()
            .SelectMany(sequence => sequence.Children.Cast<YamlMappingNode>());
        // Keys, passwords, tokens and connection strings (a Redis connection string carries its password).
        string[] secretish = ["password", "apikey", "token", "secret", "connectionstring", "redis"];
        Assert.All(containers.SelectMany(container => Environment(container)), variable =>
        {
            if (secretish.Any(word => variable.Key.Replace("_", string.Empty, StringComparison.Ordinal).Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                Assert.NotNull(Find(variable.Value, "valueFrom", "secretKeyRef"));
            }
        });
    }

    [Fact]
    public void Silos_and_front_ends_join_one_cluster_through_the_same_store()
    {
        var frontEnd = Items(Manifest("Deployment", "hermes-frontend"), "spec", "template", "spec", "containers").Single();
        var frontEndEnvironment = Environment(frontEnd);
        var siloEnvironment = Environment(SiloContainer);
        var siloLabels = Map(SiloPod, "metadata", "labels");
        var silo = SiloConfiguration(siloEnvironment);

        // The silo's cluster ids and address come from Orleans' Kubernetes hosting (the labels, the pod's IP), not from settings of its own.
        Assert.DoesNotContain(siloEnvironment.Keys, name => name is "Orleans__ClusterId" or "Orleans__ServiceId" || name.StartsWith("Orleans__Endpoints__", StringComparison.Ordinal));
        Assert.Equal(siloLabels[KubernetesHostingOptions.ServiceIdLabel], Text(frontEndEnvironment["Orleans__ServiceId"], "value"));
        Assert.Equal(siloLabels[KubernetesHostingOptions.ClusterIdLabel], Text(frontEndEnvironment["Orleans__ClusterId"], "value"));

        // Membership and sessions in the one Redis, as the silo reads its Orleans section with Hermes' profile defaults beneath it.
        Assert.Equal("Redis", silo[OrleansDefaults.ClusteringProviderKey]);
        Assert.Equal(RedisStateStoreProviderBuilder.ProviderType, silo[$"{SiloProfiles.SessionStorageSection}:ProviderType"]);
        Assert.Equal("Redis", Text(frontEndEnvironment["Orleans__Clustering__ProviderType"], "value"));
        var redisSecrets = new[]
        {
            siloEnvironment["Orleans__Clustering__ConnectionString"],
            siloEnvironment[$"Orleans__GrainStorage__{SessionStorage.ProviderName}__ConnectionString"],
            frontEndEnvironment["Orleans__Clustering__ConnectionString"],
        }.Select(variable => (Text(variable, "valueFrom", "secretKeyRef", "name"), Text(variable, "valueFrom", "secretKeyRef", "key"))).Distinct();
        Assert.Equal(("hermes-redis", "connection-string"), Assert.Single(redisSecrets));
        Assert.Equal("hermes-redis", Text(Manifest("Service", "hermes-redis"), "metadata", "name"));
    }

    [Fact]
    public void Redis_fsyncs_its_append_only_file_before_every_reply_so_that_no_acknowledged_turn_is_lost()
    {
        var redis = Items(Manifest("Deployment", "hermes-redis"), "spec", "template", "spec", "containers").Single();
        var arguments = Strings(redis, "args").ToList();

        Assert.Equal("yes", arguments[arguments.IndexOf("--appendonly") + 1]);
        Assert.Equal("always", arguments[arguments.IndexOf("--appendfsync") + 1]);
    }

    /// <summary>The silo's configuration from its environment variables, with the profile defaults the silo adds beneath.</summary>
    private static ConfigurationManager SiloConfiguration(Dictionary<string, YamlMappingNode> environment)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(environment.Select(variable => KeyValuePair.Create<string, string?>(
            variable.Key.Replace("__", ":", StringComparison.Ordinal), Text(variable.Value, "value") ?? "from-a-secret")));
        SiloProfiles.AddDefaults(configuration);
        return configuration;
    }

    [Theory]
    [InlineData("silo.Dockerfile", "Hermes.Silo/Hermes.Silo.csproj")]
    [InlineData("frontend.Dockerfile", "Hermes.Client/Hermes.Client.csproj")]
    public void Each_dockerfile_builds_in_one_stage_and_runs_its_project_unprivileged_in_another(string dockerfile, string project)
    {
        var lines = File.ReadAllLines(Path.Combine(DeployFiles.Directory, dockerfile)).Select(line => line.Trim()).ToArray();

        Assert.Equal(2, lines.Count(line => line.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith("COPY --from=build ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("RUN dotnet publish " + project, StringComparison.Ordinal));
        Assert.Equal("USER $APP_UID", lines.Last(line => line.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.All(
            lines.Where(line => line.StartsWith("COPY ", StringComparison.Ordinal) && !line.StartsWith("COPY --from", StringComparison.Ordinal)),
            line => Assert.All(line.Split(' ')[1..^1], source => Assert.True(Path.Exists(Path.Combine(DeployFiles.Directory, "..", source)), source)));
    }

    private static Dictionary<string, YamlMappingNode> Environment(YamlMappingNode container) =>
        Items(container, "env").ToDictionary(variable => Text(variable, "name")!);

    private static string? FieldPath(YamlMappingNode variable) => Text(variable, "valueFrom", "fieldRef", "fieldPath");

    /// <summary>A configuration key as an environment variable name.</summary>
    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
