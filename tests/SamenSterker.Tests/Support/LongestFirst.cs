using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("SamenSterker.Tests.Support.LongestFirst", "SamenSterker.Tests")]

namespace SamenSterker.Tests.Support;

/// <summary>
/// Starts the longest serial collection first: the reminder and crash tests run one after another (they share a
/// database and measure delivery times) for over three minutes, so begun first they overlap everything else instead of
/// trailing behind it — the suite's wall time on a 2-core machine is about a minute shorter. Other collections keep
/// xunit's order; the browser collection runs alone at the end anyway.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] First = [Reminders.ReminderCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => First.Contains(c.DisplayName) ? 0 : 1).ThenBy(c => c.UniqueID);
}
