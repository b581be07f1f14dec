using Hermes.Silo.Hosting;

var app = HermesSiloHost.Build(HermesSiloHost.CreateBuilder(args));
await app.RunAsync();
