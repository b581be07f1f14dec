using Hermes.Grains.Storage;
using Orleans.Storage;
using StackExchange.Redis;

namespace Hermes.Silo.Storage;

/// <summary>
/// Grain states in Redis: per state a hash <c>hermes:{key}</c> (version, head, and the first and end sequence of each
/// list) and a hash per list (<c>hermes:{key}:l{n}</c>, one field per entry). A write is one script that checks the
/// version and applies the head and list edits atomically. Concurrent writes share fsyncs through Redis itself: with
/// <c>appendfsync always</c> it flushes its append-only file once per event-loop round, before answering the clients
/// whose commands that round carried, so an acknowledged write is on disk.
/// </summary>
public sealed class RedisStateStore(Func<Task<IConnectionMultiplexer>> connect, StorageMetrics metrics, bool ownsConnection) : IStateStore, IAsyncDisposable, IDisposable
{
    // Every key of one state shares the hash tag {key}, so a Redis cluster keeps them on one node, as the scripts need.
    private const string ReadScript = """
        local head = redis.call('HGETALL', KEYS[1])
        if #head == 0 then return false end
        local result = { head }
        for i = 1, #head, 2 do
          local list = string.match(head[i], '^e(%d+)$')
          if list then
            table.insert(result, list)
            table.insert(result, redis.call('HGETALL', KEYS[1] .. ':l' .. list))
          end
        end
        return result
        """;

    // ARGV: expected version ('' for none), head, number of edits, then per edit: list, keep from, append at, count, entries.
    private const string WriteScript = """
        local stored = redis.call('HGET', KEYS[1], 'v')
        if (ARGV[1] == '' and stored) or (ARGV[1] ~= '' and stored ~= ARGV[1]) then return -1 end
        local version = (tonumber(stored) or 0) + 1
        redis.call('HSET', KEYS[1], 'v', version, 'h', ARGV[2])
        local i = 4
        for e = 1, tonumber(ARGV[3]) do
          local list, keep, at, count = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
          i = i + 4
          local entries = KEYS[1] .. ':l' .. list
          local first = tonumber(redis.call('HGET', KEYS[1], 'f' .. list) or '0')
          local last = tonumber(redis.call('HGET', KEYS[1], 'e' .. list) or '0')
          for s = first, math.min(keep, last) - 1 do redis.call('HDEL', entries, s) end
          for s = math.max(at, first), last - 1 do redis.call('HDEL', entries, s) end
          for j = 0, count - 1 do redis.call('HSET', entries, at + j, ARGV[i + j]) end
          i = i + count
          redis.call('HSET', KEYS[1], 'f' .. list, keep, 'e' .. list, at + count)
        end
        return version
        """;

    private const string ClearScript = """
        local stored = redis.call('HGET', KEYS[1], 'v')
        if ARGV[1] ~= '' and stored ~= ARGV[1] then return -1 end
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
          local list = string.match(field, '^e(%d+)$')
          if list then redis.call('DEL', KEYS[1] .. ':l' .. list) end
        end
        redis.call('DEL', KEYS[1])
        return 0
        """;

    private readonly Lazy<Task<IConnectionMultiplexer>> _connection = new(connect);

    public async Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var result = await (await DatabaseAsync()).ScriptEvaluateAsync(ReadScript, [HeadKey(key)]);
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        var head = Fields((RedisResult[])parts[0]!);
        List<StoredEntry> entries = [];
        for (var i = 1; i + 1 < parts.Length; i += 2)
        {
            var list = (int)parts[i];
            entries.AddRange(Fields((RedisResult[])parts[i + 1]!)
                .Select(field => new StoredEntry(list, long.Parse(field.Key, System.Globalization.CultureInfo.InvariantCulture), field.Value))
                .OrderBy(entry => entry.Sequence));
        }

        return new StoredState(head["h"], long.Parse(System.Text.Encoding.ASCII.GetString(head["v"]), System.Globalization.CultureInfo.InvariantCulture), [.. entries.OrderBy(entry => entry.List).ThenBy(entry => entry.Sequence)]);
    }

    public async Task<long> WriteAsync(StateWrite write)
    {
        List<RedisValue> arguments = [write.ExpectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", write.Head, write.Edits.Count];
        foreach (var edit in write.Edits)
        {
            arguments.AddRange([edit.List, edit.KeepFrom, edit.AppendAt, edit.Appended.Count]);
            arguments.AddRange(edit.Appended.Select(entry => (RedisValue)entry));
        }

        var version = (long)await (await DatabaseAsync()).ScriptEvaluateAsync(WriteScript, [HeadKey(write.Key)], [.. arguments]);
        if (version < 0)
        {
            throw Conflict(write.Key, write.ExpectedVersion);
        }

        metrics.Committed(1, write.Head.Length + write.Edits.Sum(edit => edit.AppendedBytes));
        return version;
    }

    public async Task ClearAsync(string key, long? expectedVersion)
    {
        var done = (long)await (await DatabaseAsync()).ScriptEvaluateAsync(
            ClearScript, [HeadKey(key)], [expectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""]);
        if (done < 0)
        {
            throw Conflict(key, expectedVersion);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }

    /// <summary>For a container disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    private static RedisKey HeadKey(string key) => $"hermes:{{{key}}}";

    private static Dictionary<string, byte[]> Fields(RedisResult[] pairs)
    {
        Dictionary<string, byte[]> fields = new(pairs.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            fields[pairs[i].ToString()] = (byte[])pairs[i + 1]!;
        }

        return fields;
    }

    private static InconsistentStateException Conflict(string key, long? expected) => new(
        $"Another activation wrote state {key} since this one read it (expected version {expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).",
        "unknown", expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
}
