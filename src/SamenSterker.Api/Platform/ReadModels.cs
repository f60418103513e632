using Marten;
using Marten.Events.Projections;

namespace SamenSterker.Platform;

/// <summary>
/// One async read model of the case stream, as a capability adds it (<see cref="ReadModelRegistration.AddReadModel"/>):
/// how it joins the <c>ReadModels</c> composite, paired in the same place with how it builds one case again when an event
/// of that case was set aside and is replayed after a fix.
/// </summary>
public sealed record ReadModel(string Name, Action<StoreOptions, CompositeProjection> AddTo, ICaseReprojection Reprojection);

public static class ReadModelRegistration
{
    public static IServiceCollection AddReadModel(this IServiceCollection services, ReadModel model) => services.AddSingleton(model);

    /// <summary>A per-case document projection: added as it is, replayed by rebuilding that one stream's document.</summary>
    public static IServiceCollection AddReadModel<TDoc>(this IServiceCollection services, string name, Action<CompositeProjection> add)
        where TDoc : class =>
        services.AddReadModel(new ReadModel(name, (_, composite) => add(composite), new SingleStreamReprojection<TDoc>(name)));
}

/// <summary>
/// A projection that can build one case's part again from the case's events: how an event that was set
/// aside is replayed after a fix. Each capability registers one per projection it owns.
/// </summary>
public interface ICaseReprojection
{
    string Projection { get; }
    Task Reproject(IServiceProvider services, Guid caseId, CancellationToken ct);
}

/// <summary>For a per-case document projection: Marten rebuilds that one stream's document.</summary>
public sealed class SingleStreamReprojection<TDoc>(string projection) : ICaseReprojection where TDoc : class
{
    public string Projection => projection;

    public Task Reproject(IServiceProvider services, Guid caseId, CancellationToken ct) =>
        services.GetRequiredService<IDocumentStore>().Advanced.RebuildSingleStreamAsync<TDoc>(caseId, ct);
}

/// <summary>Projections that run as one (a Marten composite) set their events aside under its name: each projects the case again.</summary>
public sealed class CompositeReprojection(string projection, params ICaseReprojection[] parts) : ICaseReprojection
{
    public string Projection => projection;

    public async Task Reproject(IServiceProvider services, Guid caseId, CancellationToken ct)
    {
        foreach (var part in parts) await part.Reproject(services, caseId, ct);
    }
}
