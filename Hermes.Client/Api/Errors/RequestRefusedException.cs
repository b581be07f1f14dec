namespace Hermes.Client.Api.Errors;

/// <summary>A request that cannot be served as sent; <see cref="Failure"/> is the answer that says why.</summary>
public sealed class RequestRefusedException(ApiFailure failure) : Exception(failure.Error.Error.Message)
{
    public ApiFailure Failure { get; } = failure;
}
