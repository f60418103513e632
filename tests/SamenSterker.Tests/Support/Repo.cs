namespace SamenSterker.Tests.Support;

public static class Repo
{
    /// <summary>The repository root: the folder above the test binaries that holds SamenSterker.sln.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SamenSterker.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("SamenSterker.sln not found above the test binaries.");
        }
    }
}

public static class Wait
{
    /// <summary>
    /// Waits (bounded) for something another part of the system does on its own time: a request's
    /// log line, the planning subscription, a scheduled message. Polling is all there is to wait on.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(200);
        }
    }
}
