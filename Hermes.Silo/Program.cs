using Hermes.Grains.Hosting;
using Hermes.Silo.Hosting;
using Microsoft.Extensions.Hosting;

// appsettings.json sits beside the binary, wherever the silo is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo.UseHermesCluster(builder.Configuration));
builder.Services.AddHermesSessions(builder.Configuration);

await builder.Build().RunAsync();
