using System.Collections;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Harness;

/// <summary>Terse property maps for tests: <c>Props.Of(("ip", "10.0.0.4"), ("obshellPort", 2886), ("password", Props.Secret("x")))</c>.</summary>
public static class Props
{
    public static PropertyMap Of(params (string Key, object? Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, Value(f.Value))));

    public static PropertyValue Secret(object? value) => PropertyValue.Secret(Value(value));

    public static PropertyValue Value(object? value) => value switch
    {
        null => PropertyValue.Null,
        PropertyValue v => v,
        PropertyMap m => PropertyValue.From(m),
        string s => PropertyValue.From(s),
        bool b => PropertyValue.From(b),
        int or long or double or float or decimal => PropertyValue.From(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        IDictionary dictionary => PropertyValue.From(dictionary.Keys.Cast<object>().Select(k => KeyValuePair.Create(k.ToString()!, Value(dictionary[k])))),
        IEnumerable items => PropertyValue.From(items.Cast<object?>().Select(Value)),
        _ => throw new ArgumentException($"no property form for {value.GetType().Name}", nameof(value)),
    };
}
