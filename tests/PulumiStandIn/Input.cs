// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Core/Input.cs, InputList.cs, InputMap.cs).
using System.Collections;
using System.Collections.Immutable;

namespace Pulumi;

/// <summary>A resource input: a plain value or an <see cref="Output{T}"/>.</summary>
public class Input<T> : IOutputValue
{
    private protected Output<T> _outputValue;

    private protected Input(Output<T> outputValue) => _outputValue = outputValue;

    public static implicit operator Input<T>(T value) => new(Output.Create(value));

    public static implicit operator Input<T>(Output<T> value) => new(value);

    public static implicit operator Output<T>(Input<T> input) => input._outputValue;

    internal Output<T> ToOutput() => _outputValue;

    bool IOutputValue.IsKnown => _outputValue.IsKnown;
    bool IOutputValue.IsSecret => _outputValue.IsSecret;
    object? IOutputValue.UntypedValue => _outputValue.Value;
}

public static class InputExtensions
{
    public static Output<TResult> Apply<T, TResult>(this Input<T>? input, Func<T, TResult> func) => ToOutput(input).Apply(func);

    public static Output<T> ToOutput<T>(this Input<T>? input) => input?.ToOutput() ?? Output.Create(default(T)!);
}

/// <summary>A list input that accepts plain values and outputs, element by element (collection initializer).</summary>
public sealed class InputList<T> : Input<ImmutableArray<T>>, IEnumerable
{
    public InputList() : this(Output.Create(ImmutableArray<T>.Empty))
    {
    }

    private InputList(Output<ImmutableArray<T>> values) : base(values)
    {
    }

    public void Add(params Input<T>[] inputs) =>
        _outputValue = Output.Tuple<ImmutableArray<T>, ImmutableArray<T>>(_outputValue, Output.All(inputs))
            .Apply(both => both.Item1.AddRange(both.Item2));

    public static implicit operator InputList<T>(T value) => ImmutableArray.Create(value);

    public static implicit operator InputList<T>(T[] values) => ImmutableArray.Create(values);

    public static implicit operator InputList<T>(List<T> values) => ImmutableArray.CreateRange(values);

    public static implicit operator InputList<T>(ImmutableArray<T> values) => new(Output.Create(values));

    public static implicit operator InputList<T>(Input<T>[] values) => new() { values };

    public static implicit operator InputList<T>(Output<ImmutableArray<T>> values) => new(values);

    public static implicit operator InputList<T>(Output<T[]> values) => new(values.Apply(ImmutableArray.Create));

    // As in the Pulumi SDK: IEnumerable is there for collection initializers only.
    IEnumerator IEnumerable.GetEnumerator() =>
        throw new NotSupportedException($"A {GetType().FullName} cannot be synchronously enumerated.");
}

/// <summary>A map input that accepts plain values and outputs, entry by entry (collection initializer).</summary>
public sealed class InputMap<V> : Input<ImmutableDictionary<string, V>>, IEnumerable
{
    public InputMap() : this(Output.Create(ImmutableDictionary<string, V>.Empty))
    {
    }

    private InputMap(Output<ImmutableDictionary<string, V>> values) : base(values)
    {
    }

    public void Add(string key, Input<V> value) =>
        _outputValue = Output.Tuple<ImmutableDictionary<string, V>, V>(_outputValue, value)
            .Apply(both => both.Item1.SetItem(key, both.Item2));

    public Input<V> this[string key]
    {
        set => Add(key, value);
    }

    public static implicit operator InputMap<V>(Dictionary<string, V> values) => values.ToImmutableDictionary();

    public static implicit operator InputMap<V>(ImmutableDictionary<string, V> values) => new(Output.Create(values));

    public static implicit operator InputMap<V>(Output<ImmutableDictionary<string, V>> values) => new(values);

    IEnumerator IEnumerable.GetEnumerator() =>
        throw new NotSupportedException($"A {GetType().FullName} cannot be synchronously enumerated.");
}
