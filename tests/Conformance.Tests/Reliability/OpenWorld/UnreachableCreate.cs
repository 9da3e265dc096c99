namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// The one case the orphan check does not count against the provider (README, "Known limitations"): a create of a
/// SupernodeScale on <see cref="SupernodeId"/> in flight when the plugin was killed (the engine records nothing for
/// it, spec pulumi-provider-protocol "Corrections on 2026-12-05"), whose scale-up ModelArts accepted, followed by runs
/// only on other machines (the journal that knew the servers stayed on the dead one) that never again declared a
/// scale on that supernode nor held one in state. Then no call of any provider of this stack reaches that supernode
/// again: the engine calls only Check and Diff for what is declared (they cannot log), and Create, Read, Update and
/// Delete only for declared or recorded resources; the servers carry no tag or operation id tying them to the stack
/// (spec §3). Servers this stack created on it between <see cref="From"/> and <see cref="To"/> (the killed run's
/// start and the next plugin's start, on the cloud's clock: a scale-up's servers carry its acceptance time, and a
/// request the killed plugin had sent may be accepted just after the kill) may be that create's. Anything else — a later run on the machine with the journal, a later declaration or state of a scale on
/// that supernode — makes the provider responsible again (<see cref="StackSession"/> drops the entry).
/// </summary>
internal sealed record UnreachableCreate(string SupernodeId, long From, long To);
