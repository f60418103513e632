using Marten;
using SamenSterker.Platform;

namespace SamenSterker.Privacy;

/// <summary>Personal data: which fields of which events are personal (masked on erasure) and the erasure request.</summary>
public static class PrivacySetup
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(PersonalData.Register);
        return builder;
    }

    public static WebApplication MapPrivacy(this WebApplication app)
    {
        RequestErasure.Map(app);
        return app;
    }
}
