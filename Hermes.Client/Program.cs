using Hermes.Client;

return await HermesCommandLine.Create().Parse(args).InvokeAsync();
