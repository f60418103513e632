namespace SamenSterker.Platform;

/// <summary>
/// A response that lists cases names them, so the access log (Audit) can answer "who looked at my case" for list views
/// too: the endpoint says which cases it showed, the access log reads them when it writes the request's line.
/// </summary>
public static class CasesShownInResponse
{
    private const string Key = "samensterker.access-log.cases-shown";

    /// <summary>A list or dashboard names the cases it showed.</summary>
    public static void RecordCasesShown(this HttpContext http, IEnumerable<Guid> caseIds) => http.Items[Key] = caseIds.ToArray();

    public static Guid[] CasesShown(this HttpContext http) => http.Items[Key] as Guid[] ?? [];
}
