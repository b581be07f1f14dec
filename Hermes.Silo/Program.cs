using Hermes.Silo.Hosting;

WebApplication app;
try
{
    app = HermesSiloHost.Build(HermesSiloHost.CreateBuilder(args));
}
catch (Exception exception) when (SiloStartFailure.Explain(exception, configuring: true) is { } reason)
{
    await Console.Error.WriteLineAsync(reason);
    return SiloStartFailure.ExitCode;
}

await using (app)
{
    try
    {
        await app.StartAsync();
    }
    catch (Exception exception) when (SiloStartFailure.Explain(exception, configuring: false) is { } reason)
    {
        // The silo may have joined its cluster before the web host failed: let it leave properly.
        await app.StopAsync();
        await Console.Error.WriteLineAsync(reason);
        return SiloStartFailure.ExitCode;
    }

    await app.WaitForShutdownAsync();
    return 0;
}
