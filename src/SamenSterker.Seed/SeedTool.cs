using SamenSterker.Platform;

namespace SamenSterker.Seed;

/// <summary>
/// <c>ops/run.sh seed --cases N</c>: the service's own host (the same capabilities, configuration and database, built by
/// <c>Program.Build</c>) without serving, and the generator writing through the use cases' rules. With the schema owner's
/// connection (SAMENSTERKER_DB_OWNER) it first brings the schema up to date as the owner, as the service's `migrate` does,
/// then writes as the runtime role — so it works beside a running service or on its own.
/// </summary>
public static class SeedTool
{
    public static async Task<int> Main(string[] args)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SAMENSTERKER_DB_OWNER")))
        {
            var owner = global::Program.Build(["migrate"]);
            var migrated = await DatabaseSchema.RunMigrateCommand(owner.Services, owner.Configuration);
            if (migrated != 0) return migrated;
            Environment.SetEnvironmentVariable("Database__ApplySchema", "false");
        }
        var app = global::Program.Build(args);
        return await SeedDemoData.RunCommand(app.Services, args);
    }
}
