using Marten;

namespace SamenSterker.Access;

/// <summary>Who may do what, and who someone is: tokens, the web app's cookie and its sign-in, the shared key ring.</summary>
public static class AccessSetup
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        DevelopmentDoor.RefusePublishedSecrets(builder.Configuration, builder.Environment);
        builder.Services.AddSamenSterkerAuth(builder.Configuration);
        builder.Services.AddSharedKeyRing(); // one key ring for every instance: cookies and antiforgery tokens work on any
        builder.Services.ConfigureMarten(opts => opts.Storage.ExtendedSchemaObjects.Add(SharedKeyRing.Table));
        return builder;
    }
}
