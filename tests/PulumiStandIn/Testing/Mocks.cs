// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Testing/IMocks.cs, TestOptions.cs).
using System.Collections.Immutable;

namespace Pulumi.Testing;

/// <summary>Test doubles of the engine: each resource registration and each invoke.</summary>
public interface IMocks
{
    /// <summary>Called for every resource the program declares; returns its id and its state (its outputs).</summary>
    Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args);

    /// <summary>Called for every invoke of a provider function.</summary>
    Task<object> CallAsync(MockCallArgs args);
}

public class MockResourceArgs
{
    public string? Type { get; set; }
    public string? Name { get; set; }

    /// <summary>The inputs by wire name: strings, doubles, bools, ImmutableArray&lt;object&gt;,
    /// ImmutableDictionary&lt;string, object&gt;; nulls and unknowns are left out, secrets unwrapped.</summary>
    public ImmutableDictionary<string, object> Inputs { get; set; } = null!;

    /// <summary>The explicit provider, as <c>&lt;urn&gt;::&lt;id&gt;</c>.</summary>
    public string? Provider { get; set; }

    public string? Id { get; set; }
}

public class MockCallArgs
{
    public string? Token { get; set; }
    public ImmutableDictionary<string, object> Args { get; set; } = null!;
    public string? Provider { get; set; }
}

public class TestOptions
{
    /// <summary>Defaults to "project".</summary>
    public string? ProjectName { get; set; }

    /// <summary>Defaults to "stack".</summary>
    public string? StackName { get; set; }

    /// <summary>Defaults to true.</summary>
    public bool? IsPreview { get; set; }
}
