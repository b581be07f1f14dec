using Microsoft.Playwright;

namespace Hermes.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright (a Playwright browser download does not work here). The test project's build
/// installs it where missing; a machine without it fails the browser tests rather than skipping them.
/// </summary>
public static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"Chromium is not installed at {ExecutablePath}; install Debian's 'chromium' package (the test project's build does).", ExecutablePath);
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Arguments });
    }
}
