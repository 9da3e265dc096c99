namespace ClusterScale.Provider.Outcomes;

/// <summary>A mutating request was given up before any attempt could have been acted on (every attempt was refused at
/// the door, and the operation's deadline or the retry budget ran out before the next one).</summary>
public sealed class RequestNotSentException(string message, Exception? inner = null) : Exception(message, inner);
