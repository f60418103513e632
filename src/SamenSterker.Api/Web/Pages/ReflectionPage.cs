using SamenSterker.Praatplaat;

namespace SamenSterker.Web.Pages;

/// <summary>What the Praatplaat's reflection part (Shared/_Reflection) shows: the seed's questions for one setting, the step
/// waiting to be looked back on, and the reflections held there.</summary>
public sealed record ReflectionPage(ReflectionSetting Setting, string ApiUrl, Reflections Reflections, bool MayWrite, DateOnly Today,
    string ProblemTexts, IReadOnlyDictionary<string, string> Names)
{
    public string NameOf(string userId) => Names.GetValueOrDefault(userId, userId);
}
