using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MonitorHub.E2E;

public sealed class CatalogueTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task EditingADefinition_ClassifiesIt_AndTheApiAgrees()
    {
        await app.Http.CreateSystemAsync("Catalogue system", "VAD", "ASR");
        await app.Http.PostSamplesAsync(new { metric = "e2e.null_rate", value = 2.5 }, new { metric = "e2e.other", value = 1 });
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/catalogue");
        await Assertions.Expect(page.Locator("[data-testid='edit-e2e.null_rate']")).ToBeVisibleAsync();
        var unclassifiedBefore = await UnclassifiedCountAsync(page);
        await AppServer.ScreenshotAsync(page, "catalogue");

        await page.Locator("[data-testid='edit-e2e.null_rate']").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        // The field's counter is rendered by the server with the field: once it reads the current name's
        // length, the dialog's renders have reached the browser and none can overwrite what is typed next.
        await Assertions.Expect(dialog.GetByText("13 / 200")).ToBeVisibleAsync();
        // The dialog focuses its first field once it is shown; typing before that focus arrives lost the
        // keystroke under load (the dialog used to focus itself, after the selection Fill had made).
        await Assertions.Expect(dialog.Locator("input[data-testid=field-displayName]")).ToBeFocusedAsync();
        // Tab commits each edit (blur) before the next action reaches the server.
        await dialog.Locator("input[data-testid=field-displayName]").FillAsync("");
        await dialog.Locator("input[data-testid=field-displayName]").PressAsync("Tab");
        // The counter is rendered by the server: once it reads 0, the server has the empty value.
        await Assertions.Expect(dialog.GetByText("0 / 200")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await dialog.Locator("[data-testid=save]").ClickAsync();
        await Assertions.Expect(dialog.GetByText("Display name is required.").Or(dialog.GetByText("Required."))).ToBeVisibleAsync();

        await dialog.Locator("input[data-testid=field-displayName]").FillAsync("Null transcripts");
        await dialog.Locator("input[data-testid=field-unit]").FillAsync("%");
        await dialog.Locator("input[data-testid=field-owner]").FillAsync("asr-team");
        await dialog.Locator("input[data-testid=field-reason]").FillAsync("Classify the null rate");
        await dialog.Locator("input[data-testid=field-reason]").PressAsync("Tab");
        await dialog.Locator("[data-testid=field-category]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Output" }).ClickAsync();
        await AppServer.ScreenshotAsync(page, "catalogue-edit");
        await dialog.Locator("[data-testid=save]").ClickAsync();

        await Assertions.Expect(page.GetByText("Saved e2e.null_rate.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Null transcripts" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=unclassified-count]")).ToHaveTextAsync($"{unclassifiedBefore - 1} unclassified");

        var stored = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics/e2e.null_rate");
        Assert.Equal("Output", stored.GetProperty("category").GetString());
        Assert.Equal("%", stored.GetProperty("unit").GetString());
        Assert.Equal("asr-team", stored.GetProperty("ownerTeam").GetString());
    }

    private static async Task<int> UnclassifiedCountAsync(IPage page)
    {
        var text = await page.Locator("[data-testid=unclassified-count]").TextContentAsync();
        return int.Parse(text!.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Search_FiltersTheGrid()
    {
        await app.Http.PostSamplesAsync(new { metric = "e2e.search.alpha", value = 1 }, new { metric = "e2e.search.beta", value = 1 });
        var page = await app.NewPageAsync();
        await AppServer.GotoAsync(page, "/catalogue");
        await page.Locator("input[data-testid=catalogue-search]").FillAsync("alpha");
        await Assertions.Expect(page.Locator("[data-testid='edit-e2e.search.alpha']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='edit-e2e.search.beta']")).ToHaveCountAsync(0);
        await AppServer.ScreenshotAsync(page, "catalogue-search");
    }
}
