namespace ClusterScale.Provider.Outcomes;

/// <summary>
/// What the answer to a mutating request proves about whether the remote acted on it. Every send that changes a
/// cluster or a supernode (first sends and resends alike, in both resources) is judged by <see cref="OutcomeClassifier"/>
/// into one of these, and the resource decides from it alone.
/// </summary>
public enum SendOutcome
{
    /// <summary>The request surely never reached a component that could act on it (connection refused; 429/503 before
    /// acceptance): sending it again is safe.</summary>
    NotSent,

    /// <summary>The remote answered with a refusal it documents (its code says so, whatever the HTTP status): it did
    /// not act. The refusal itself may be the answer (the lock is held; the node already exists).</summary>
    Refused,

    /// <summary>Reset, timeout, or a 5xx without a known code: the remote MAY have acted. Re-read the remote before
    /// any decision; never roll back bookkeeping and never report success or removal without a read that proves it.</summary>
    Ambiguous,

    /// <summary>A success answer: the remote acted (or accepted to act).</summary>
    Accepted,
}
