using Hermes.Contracts.Sessions;
using Hermes.Grains.Models;
using Hermes.Grains.Sessions;
using Hermes.Tests.Infrastructure;
using Polly.Timeout;

namespace Hermes.Tests.Models;

public sealed class ModelErrorClassifierTests
{

    [Theory]
    [InlineData(400, null, "gpt-x is not a valid model ID", ErrorKind.ModelUnavailable)]
    [InlineData(400, "model_not_found", "whatever", ErrorKind.ModelUnavailable)]
    [InlineData(404, null, "The model `x` does not exist", ErrorKind.ModelUnavailable)]
    [InlineData(401, null, "Incorrect API key provided", ErrorKind.Unauthorized)]
    [InlineData(403, null, "Forbidden", ErrorKind.Unauthorized)]
    [InlineData(429, "rate_limit_exceeded", "Rate limit reached", ErrorKind.Transient)]
    [InlineData(500, null, "Internal error", ErrorKind.Transient)]
    [InlineData(503, null, "Overloaded", ErrorKind.Capacity)]
    [InlineData(529, "overloaded_error", "Overloaded", ErrorKind.Capacity)]
    [InlineData(400, "content_policy_violation", "Your request was rejected by our safety system", ErrorKind.ContentPolicy)]
    [InlineData(400, "content_filter", "The response was filtered", ErrorKind.ContentPolicy)]
    [InlineData(408, null, "Timeout", ErrorKind.Transient)]
    [InlineData(413, null, "Payload too large", ErrorKind.RequestTooLarge)]
    [InlineData(400, "context_length_exceeded", "too long", ErrorKind.RequestTooLarge)]
    [InlineData(400, null, "This model's maximum context length is 8192 tokens", ErrorKind.RequestTooLarge)]
    [InlineData(400, null, "temperature must be at most 2", ErrorKind.Rejected)]
    [InlineData(422, null, "Unprocessable", ErrorKind.Rejected)]
    public void Errors_are_classified_by_status_code_and_message(int status, string? code, string message, ErrorKind expected)
    {
        var error = ModelErrorClassifier.FromStatus(status, code, message, "m");
        Assert.Equal(expected, error.Kind);
        Assert.Equal(status, error.HttpStatus);
        Assert.Equal("m", error.Model);
    }

    [Fact]
    public void Connection_failures_and_timeouts_are_transient_even_when_wrapped()
    {
        Assert.Equal(ErrorKind.Transient, ModelErrorClassifier.Classify(new AggregateException(new HttpRequestException("refused")), "m", Redactors.None).Kind);
        Assert.Equal(ErrorKind.Transient, ModelErrorClassifier.Classify(new TimeoutRejectedException(), "m", Redactors.None).Kind);
        Assert.Equal(ErrorKind.Internal, ModelErrorClassifier.Classify(new InvalidOperationException("bug"), "m", Redactors.None).Kind);
    }

    [Fact]
    public void A_stream_that_carried_an_error_is_classified_like_the_status_it_named()
    {
        var error = ModelErrorClassifier.Classify(new ModelStreamException(400, null, "bad is not a valid model ID"), "bad", Redactors.None);
        Assert.Equal(ErrorKind.ModelUnavailable, error.Kind);
    }

    [Theory]
    [InlineData("""{"error":{"message":"m1","type":"invalid_request_error","code":"c1"}}""", "c1", "m1")]
    [InlineData("""{"error":{"message":"m2","type":"server_error","code":null}}""", "server_error", "m2")]
    [InlineData("""{"error":"plain"}""", null, "plain")]
    [InlineData("""{"detail":"from detail"}""", null, "from detail")]
    [InlineData("not json at all", null, "not json at all")]
    [InlineData("", null, null)]
    public void Error_bodies_of_compatible_servers_are_read(string body, string? code, string? message) =>
        Assert.Equal((code, message), ModelErrorClassifier.ReadErrorBody(body));

    [Theory]
    [InlineData(ErrorKind.Transient, true)]
    [InlineData(ErrorKind.Capacity, true)]
    [InlineData(ErrorKind.ModelUnavailable, true)]
    [InlineData(ErrorKind.Unauthorized, true)]
    [InlineData(ErrorKind.Rejected, true)]
    [InlineData(ErrorKind.ContentPolicy, false)]
    [InlineData(ErrorKind.RequestTooLarge, false)]
    [InlineData(ErrorKind.Internal, false)]
    public void By_default_only_errors_another_model_might_not_have_move_to_the_fallback(ErrorKind kind, bool fallback) =>
        Assert.Equal(fallback, new ModelRoute("m", new TestChatClient()).FallsOverOn(kind));
}
