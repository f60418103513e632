using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Localization;

namespace SamenSterker.Web;

/// <summary>The texts of the pages a client opens on their own phone: <c>Web/ClientTexts.resx</c> (Dutch) and one file per other language.</summary>
public sealed class ClientTexts;

/// <summary>
/// The languages of the client's pages: Dutch, and every language that has a <c>ClientTexts.{code}.resx</c> — adding a
/// language is adding that one file. The person picks it on their own phone (<c>?taal=en</c>, then kept in a cookie).
/// </summary>
public static class ClientLanguages
{
    public const string Cookie = "samensterker-taal";
    public const string Query = "taal";

    private static readonly Lazy<IReadOnlyList<CultureInfo>> Found = new(() =>
    {
        var texts = new ResourceManager("SamenSterker.Web.ClientTexts", typeof(ClientTexts).Assembly);
        var others = CultureInfo.GetCultures(CultureTypes.NeutralCultures)
            .Where(c => c.Name is { Length: > 0 } and not "nl" && texts.GetResourceSet(c, createIfNotExists: true, tryParents: false) is not null);
        return [CultureInfo.GetCultureInfo("nl"), .. others.OrderBy(c => c.Name)];
    });

    public static IReadOnlyList<CultureInfo> All => Found.Value;

    /// <summary>The pages of an answer link (<c>/a/…</c>) speak the language the person chose, Dutch until they choose.</summary>
    public static RequestCultureProvider Provider() => new CustomRequestCultureProvider(http =>
    {
        if (!http.Request.Path.StartsWithSegments("/a") && !http.Request.Path.StartsWithSegments("/api/answer-links"))
            return Task.FromResult<ProviderCultureResult?>(null);
        var asked = http.Request.Query[Query].ToString() is { Length: > 0 } q ? q : http.Request.Cookies[Cookie];
        var language = All.FirstOrDefault(c => c.Name == asked)?.Name ?? "nl";
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult("en", language));
    });
}
