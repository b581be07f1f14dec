using System.Threading.Channels;

namespace Hermes.Tests.Infrastructure;

/// <summary>A terminal the test types into: each read waits for the next line.</summary>
public sealed class TypedLines : TextReader
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public void Type(string line) => _lines.Writer.TryWrite(line);

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => await _lines.Reader.ReadAsync(cancellationToken);
}
