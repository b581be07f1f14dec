using Hermes.Contracts.Sessions;
using Hermes.Grains.Sessions;
using Hermes.Silo.Dashboard;
using Hermes.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Hermes.Tests.Infrastructure.HermesCluster;

namespace Hermes.Tests.Operations;

/// <summary>The Orleans dashboard of a real silo, opened in a real browser.</summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_some_turns_the_dashboard_lists_the_session_grain_in_a_browser()
    {
        await using var models = await ScriptedModelServer.StartAsync();
        models.Script("primary", Scripts.EchoUser("echo: "));
        await using var silo = await TestSilo.StartAsync(ModelSettings(models, "primary"));
        await using var frontEnd = await FrontEnd.StartAsync([silo]);
        for (var i = 0; i < 3; i++)
        {
            var reply = await frontEnd.Client.GetSessionGrain(TestSessions.NewKey()).SendAsync($"hello {i}");
            Assert.Equal($"echo: hello {i}", reply.Reply);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(silo.Http.BaseAddress!, $"{HermesDashboardOptions.Path}/#/grains").ToString());

        var sessionGrain = page.GetByText("SessionGrain").First;
        await Assertions.Expect(sessionGrain).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-grains.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"dashboard screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 0);
    }
}
