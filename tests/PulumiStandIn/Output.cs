// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Core/Output.cs); the values are held synchronously because nothing
// here waits on an engine.
using System.Collections.Immutable;

namespace Pulumi;

/// <summary>Untyped view of an output, so <see cref="Output.Format"/> and <see cref="Output.All{T}"/> can combine them.</summary>
internal interface IOutputValue
{
    bool IsKnown { get; }
    bool IsSecret { get; }
    object? UntypedValue { get; }
}

/// <summary>A value that a deployment resolves, possibly unknown (during a preview) and possibly secret.</summary>
public sealed class Output<T> : IOutputValue
{
    internal Output(T value, bool isKnown, bool isSecret)
    {
        Value = value;
        IsKnown = isKnown;
        IsSecret = isSecret;
    }

    // Internal: the real SDK exposes none of these, so neither sdk/dotnet nor the examples can come to rely on them.
    internal T Value { get; }
    internal bool IsKnown { get; }
    internal bool IsSecret { get; }
    bool IOutputValue.IsKnown => IsKnown;
    bool IOutputValue.IsSecret => IsSecret;
    object? IOutputValue.UntypedValue => Value;

    internal static Output<T> Unknown(bool isSecret = false) => new(default!, isKnown: false, isSecret);

    public Output<U> Apply<U>(Func<T, U> func) =>
        IsKnown ? new Output<U>(func(Value), isKnown: true, IsSecret) : Output<U>.Unknown(IsSecret);

    public Output<U> Apply<U>(Func<T, Output<U>?> func) =>
        IsKnown ? Flatten(func(Value)) : Output<U>.Unknown(IsSecret);

    public Output<U> Apply<U>(Func<T, Input<U>?> func) =>
        IsKnown ? Flatten(func(Value)?.ToOutput()) : Output<U>.Unknown(IsSecret);

    private Output<U> Flatten<U>(Output<U>? inner) =>
        inner is null
            ? new Output<U>(default!, isKnown: true, IsSecret)
            : new Output<U>(inner.Value, inner.IsKnown, IsSecret || inner.IsSecret);
}

/// <summary>Factories and combinators for <see cref="Output{T}"/>.</summary>
public static class Output
{
    public static Output<T> Create<T>(T value) => new(value, isKnown: true, isSecret: false);

    public static Output<T> CreateSecret<T>(T value) => new(value, isKnown: true, isSecret: true);

    public static Output<T> CreateSecret<T>(Output<T> value) => new(value.Value, value.IsKnown, isSecret: true);

    public static Output<T> Unsecret<T>(Output<T> output) => new(output.Value, output.IsKnown, isSecret: false);

    public static Task<bool> IsSecretAsync<T>(Output<T> output) => Task.FromResult(output.IsSecret);

    public static Output<(T1, T2)> Tuple<T1, T2>(Input<T1> item1, Input<T2> item2)
    {
        Output<T1> first = item1.ToOutput();
        Output<T2> second = item2.ToOutput();
        return Combine((first.Value, second.Value), first, second);
    }

    public static Output<(T1, T2, T3)> Tuple<T1, T2, T3>(Input<T1> item1, Input<T2> item2, Input<T3> item3)
    {
        Output<T1> first = item1.ToOutput();
        Output<T2> second = item2.ToOutput();
        Output<T3> third = item3.ToOutput();
        return Combine((first.Value, second.Value, third.Value), first, second, third);
    }

    public static Output<ImmutableArray<T>> All<T>(params Input<T>[] inputs)
    {
        Output<T>[] outputs = inputs.Select(input => input.ToOutput()).ToArray();
        return Combine(outputs.Select(output => output.Value).ToImmutableArray(), outputs);
    }

    public static Output<string> Format(FormattableString formattableString)
    {
        object?[] arguments = formattableString.GetArguments();
        IOutputValue[] outputs = arguments.OfType<IOutputValue>().ToArray();
        object?[] values = arguments.Select(argument => argument is IOutputValue output ? output.UntypedValue : argument).ToArray();
        string text = outputs.All(output => output.IsKnown)
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, formattableString.Format, values)
            : "";
        return Combine(text, outputs);
    }

    /// <summary>A result that is known only when every part is, and secret when any part is.</summary>
    internal static Output<T> Combine<T>(T value, params IOutputValue[] parts)
    {
        bool isKnown = parts.All(part => part.IsKnown);
        return new Output<T>(isKnown ? value : default!, isKnown, parts.Any(part => part.IsSecret));
    }
}
