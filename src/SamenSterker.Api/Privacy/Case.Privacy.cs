using SamenSterker.Privacy;

namespace SamenSterker.Cases;

/// <summary>Privacy's part of the case: whether its client's personal data was erased (an erased case takes no more changes).</summary>
public sealed partial record Case
{
    /// <summary>When the client's personal data was erased; an erased case takes no more changes.</summary>
    public DateOnly? ErasedOn { get; init; }

    public Case Apply(PersonalDataErased e) => this with { ErasedOn = e.ErasedOn };
}
