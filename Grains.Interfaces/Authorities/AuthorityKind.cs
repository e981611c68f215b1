namespace Coordination.Grains.Interfaces.Authorities;

/// <summary>What kind of body an authority liaison answers for.</summary>
public enum AuthorityKind
{
    /// <summary>INM, the National Migration Institute.</summary>
    Migration = 0,

    /// <summary>DIF / Procuraduria de proteccion de ninas, ninos y adolescentes.</summary>
    ChildProtection = 1,

    /// <summary>CNDH or a shelter.</summary>
    HumanRights = 2,

    /// <summary>The consulate of a country of origin.</summary>
    Consulate = 3,
}
