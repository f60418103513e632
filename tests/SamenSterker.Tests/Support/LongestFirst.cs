using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("SamenSterker.Tests.Support.LongestFirst", "SamenSterker.Tests")]

namespace SamenSterker.Tests.Support;

/// <summary>
/// Starts the longest collections first: the reminder and crash tests run one after another (they share a database and
/// measure delivery times) for over three minutes, and the run script's test publishes the service (about a minute);
/// begun first they overlap everything else instead of trailing behind it, which keeps the 2-core CI run under ten
/// minutes. Other collections keep xunit's order; the browser collection runs alone at the end anyway.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [Reminders.ReminderCollection.Name, "Test collection for " + typeof(Platform.RunScriptTests).FullName];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Array.IndexOf(First, c.DisplayName) is var i and >= 0 ? i : First.Length).ThenBy(c => c.UniqueID);
}
