using Hermes.Grains.Hosting;
using Hermes.Grains.Sessions;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddMemoryGrainStorage(SessionStorage.ProviderName));
builder.Services.AddHermesSessions(builder.Configuration);

await builder.Build().RunAsync();
