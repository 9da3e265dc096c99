namespace ClusterScale.Harness;

/// <summary>Builds resource URNs the way the engine does: <c>urn:pulumi:stack::project::type::name</c>.</summary>
public static class Urns
{
    public static string For(string type, string name, string stack = "test", string project = "clusterscale-test") =>
        $"urn:pulumi:{stack}::{project}::{type}::{name}";

    /// <summary>The provider resource the engine creates for a stack's default provider.</summary>
    public static string DefaultProvider(string stack = "test", string project = "clusterscale-test") =>
        For("pulumi:providers:clusterscale", "default", stack, project);
}
