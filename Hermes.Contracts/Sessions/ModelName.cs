namespace Hermes.Contracts.Sessions;

/// <summary>How Hermes names a model of a configured provider wherever people read it: <c>provider:model</c>.</summary>
public static class ModelName
{
    public static string Of(string? provider, string model) => string.IsNullOrEmpty(provider) ? model : $"{provider}:{model}";
}
