using Marten;

namespace SamenSterker.Access;

/// <summary>Who may do what, and who someone is: tokens, the web app's cookie and its sign-in, the shared key ring.</summary>
public static class AccessSetup
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        DevelopmentDoor.RefusePublishedSecrets(builder.Configuration, builder.Environment);
        builder.Services.AddSamenSterkerAuth(builder.Configuration);
        builder.Services.AddSharedKeyRing(builder.Configuration, builder.Environment); // one key ring for every instance: cookies and antiforgery tokens work on any
        builder.Services.ConfigureMarten(opts => opts.Storage.ExtendedSchemaObjects.Add(SharedKeyRing.Table));
        // Who someone is: the profiles kept from their tokens (names on pages, a team's colleagues in forms, reminders' e-mail).
        builder.Services.AddSingleton<UserProfiles>();
        builder.Services.AddScoped<UserDirectory>();
        builder.Services.ConfigureMarten(opts => opts.Schema.For<UserProfile>().Duplicate(x => x.Team));
        return builder;
    }

    /// <summary>Who the signed-in user is, kept for their name, their colleagues and where their reminders go (after authentication).</summary>
    public static WebApplication UseUserProfiles(this WebApplication app)
    {
        UserProfiles.UseUserProfiles(app);
        return app;
    }
}
