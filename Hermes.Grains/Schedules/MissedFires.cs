namespace Hermes.Grains.Schedules;

/// <summary>What a schedule does about due times that passed while the cluster was down.</summary>
public enum MissedFires
{
    /// <summary>Run once for all of them, when the cluster is back.</summary>
    Once,

    /// <summary>Skip them, with a note, and wait for the next due time.</summary>
    Skip,
}
