using Hermes.Client;

return await HermesCommandLine.RunAsync(args, Console.Error);
