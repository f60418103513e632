using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SamenSterker.Infrastructure;

public static class OpenApiSetup
{
    /// <summary>The OpenAPI document, with the bearer token scheme so the reference page can send one.</summary>
    public static IServiceCollection AddSamenSterkerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Samen Sterker API";
            document.Info.Description = "Cases, check-ins, agreements and the steunkring, as an event-sourced service. See docs/api.md.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with claims sub, role (professional, teamlead, auditor, analyst, admin) and team.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
}
