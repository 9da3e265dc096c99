using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>One malformed input: the resource's inputs with one property made hostile (or removed, or added).</summary>
/// <param name="Property">The top-level property the failure must name.</param>
/// <param name="Plaintext">A secret's plain text that must not come back in any reason (null when not secret).</param>
internal sealed record HostileCase(string Type, string Description, PropertyMap Inputs, string Property, string? Plaintext);

/// <summary>
/// The sweep's inputs, generated as property × hostile value: each property of both resources gets every value
/// that is wrong for its kind (wrong types, out-of-range and non-finite numbers, injection strings, NUL bytes,
/// 1 MB strings, arrays where objects are expected, bad nested fields), each also wrapped as a secret; plus every
/// required property missing and hostile unknown property names.
/// </summary>
internal static class HostileInputs
{
    private enum Slot { PatternString, FreeString, Base64String, Port, Bool, StringMap, RootVolume, DataVolume }

    private static readonly string Megabyte = new('x', 1024 * 1024);

    /// <summary>None of these matches any pattern the resources accept (ip, zone, UUID, flavor, key pair, policy, base64).</summary>
    private static readonly (string Name, string Value)[] Strings =
    [
        ("empty", ""), ("sql injection", "'; DROP TABLE users; --"), ("path traversal", "../../etc/passwd"), ("NUL", "\u0000"),
        ("embedded NUL", "10.0.0.4\u0000; rm -rf /"), ("1 MB", Megabyte), ("shell", "$(reboot)"), ("header injection", "zone1\r\nX-Injected: 1"),
        ("script", "<script>alert(1)</script>"), ("jndi", "${jndi:ldap://127.0.0.1/a}"), ("fullwidth", "ｚｏｎｅ１"), ("url", "http://169.254.169.254/latest"),
        ("percent NUL", "%00%2e%2e"), ("spaces", " 10.0.0.4 "),
    ];

    /// <summary>None is an integer in any accepted range (ports 1025-65535, volume sizes 100-32768, counts 1-8).</summary>
    private static readonly (string Name, double Value)[] Numbers =
    [
        ("-1", -1), ("0", 0), ("1.5", 1.5), ("99", 99), ("65536", 65536), ("1e308", 1e308), ("-1e308", -1e308),
        ("2^53+1", 9007199254740993), ("NaN", double.NaN), ("+Infinity", double.PositiveInfinity), ("-Infinity", double.NegativeInfinity),
        ("int overflow", 2147483648.0),
    ];

    private static readonly (string Name, PropertyValue Value)[] Shapes =
    [
        ("true", PropertyValue.From(true)), ("array of string", Props.Value(new[] { "zone1" })), ("empty array", Props.Value(Array.Empty<string>())),
        ("object", Props.Value(Props.Of(("a", "b")))), ("nested array", Props.Value(new object[] { new[] { "x" } })),
        ("asset-like object", Props.Value(Props.Of(("4dabf18193072939515e22adb298388d", "c44067f5952c0a294b673a41bacd8c17"), ("path", "/etc/shadow")))),
    ];

    public static IEnumerable<HostileCase> ObserverNode(string ip) => Sweep(Declarations.ObserverNode, Valid(Declarations.ObserverNode, ip),
        [("ip", Slot.PatternString), ("obshellPort", Slot.Port), ("zone", Slot.PatternString), ("obConfigs", Slot.StringMap),
         ("targetAgentPassword", Slot.FreeString), ("forceKill", Slot.Bool), ("failurePolicy", Slot.PatternString)],
        required: ["ip", "zone"]);

    public static IEnumerable<HostileCase> SupernodeScale(string supernodeId) => Sweep(Declarations.SupernodeScale, Valid(Declarations.SupernodeScale, supernodeId),
        [("supernodeId", Slot.PatternString), ("flavor", Slot.PatternString), ("imageId", Slot.PatternString), ("keyPairName", Slot.PatternString),
         ("rootVolume", Slot.RootVolume), ("dataVolume", Slot.DataVolume), ("userdata", Slot.Base64String)],
        required: ["supernodeId", "flavor", "imageId", "keyPairName"]);

    /// <summary>Inputs Check accepts: the base every hostile case changes one thing of.</summary>
    /// <param name="target">The node's ip or the supernode id.</param>
    public static PropertyMap Valid(string type, string target) => type == Declarations.ObserverNode
        ? Props.Of(("ip", target), ("obshellPort", 2886), ("zone", "zone1"), ("obConfigs", Props.Of(("memory_limit", "16G"))),
            ("targetAgentPassword", Props.Secret("")), ("forceKill", false), ("failurePolicy", "rollback"))
        : Props.Of(("supernodeId", target), ("flavor", FastWorld.Medium), ("imageId", "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81"),
            ("keyPairName", "KeyPair-sweep"), ("rootVolume", Props.Of(("size", 200), ("type", "ESSD"))),
            ("dataVolume", Props.Of(("size", 500), ("type", "SSD"), ("count", 2))), ("userdata", Props.Secret("ZWNobyBoaQ==")));

    /// <summary>Unknowns inside arrays and objects where a scalar or another shape is expected, for every property.</summary>
    public static IEnumerable<HostileCase> NestedUnknowns(string ip, string supernodeId)
    {
        PropertyValue[] odd =
        [
            Props.Value(new[] { PropertyValue.Computed }),
            Props.Value(Props.Of(("a", PropertyValue.Computed))),
            Props.Value(new object[] { Props.Of(("size", PropertyValue.Computed)) }),
            PropertyValue.Secret(Props.Value(new[] { PropertyValue.Computed })),
            PropertyValue.Output(Props.Value(new[] { PropertyValue.Computed }), secret: false, []),
            PropertyValue.Output(null, secret: true, ["urn:pulumi:dev::p::t::dep"]),
        ];
        foreach (var (type, target) in new[] { (Declarations.ObserverNode, ip), (Declarations.SupernodeScale, supernodeId) })
        {
            var valid = Valid(type, target);
            foreach (var property in valid.Keys)
                for (var i = 0; i < odd.Length; i++)
                    yield return new HostileCase(type, $"{property} = odd unknown #{i}", valid.With(property, odd[i]), property, null);
        }
    }

    private static IEnumerable<HostileCase> Sweep(string type, PropertyMap valid, (string Property, Slot Slot)[] properties, string[] required)
    {
        foreach (var (property, slot) in properties)
        {
            foreach (var (name, value) in HostileValues(slot))
            {
                yield return new HostileCase(type, $"{property} = {name}", valid.With(property, value), property, null);
                var plaintext = value.Kind == PropertyKind.String && value.StringValue.Length >= 4 ? value.StringValue : null;
                yield return new HostileCase(type, $"{property} = secret({name})", valid.With(property, PropertyValue.Secret(value)), property, plaintext);
            }
        }
        foreach (var property in required)
            yield return new HostileCase(type, $"{property} missing", valid.Without(property), property, null);
        foreach (var (name, key) in new[] { ("unknown", "admin_pass"), ("sql key", "'; DROP TABLE x; --"), ("path key", "../../etc/passwd"), ("NUL key", "a\u0000b"), ("1 MB key", Megabyte) })
            yield return new HostileCase(type, $"unknown property: {name}", valid.With(key, PropertyValue.From("x")), key, null);
    }

    private static IEnumerable<(string Name, PropertyValue Value)> HostileValues(Slot slot)
    {
        var strings = Strings.Select(s => (s.Name, PropertyValue.From(s.Value)));
        var numbers = Numbers.Select(n => (n.Name, PropertyValue.From(n.Value)));
        var notStrings = numbers.Concat(Shapes);
        return slot switch
        {
            Slot.PatternString => strings.Concat(notStrings),
            Slot.FreeString => notStrings,
            // Any base64 text is legitimate userdata (whitespace decodes to nothing): only the rest is hostile.
            Slot.Base64String => strings.Where(s => !Convert.TryFromBase64String(s.Item2.StringValue, new byte[s.Item2.StringValue.Length], out _)).Concat(notStrings),
            Slot.Port => strings.Concat(numbers).Concat(Shapes),
            Slot.Bool => strings.Concat(numbers).Concat(Shapes.Where(s => s.Value.Kind != PropertyKind.Bool)),
            Slot.StringMap => strings.Concat(numbers).Concat(Shapes.Where(s => s.Value.Kind != PropertyKind.Object)).Concat(BadConfigs()),
            Slot.RootVolume => strings.Concat(numbers).Concat(Shapes.Where(s => s.Value.Kind != PropertyKind.Object)).Concat(BadVolumes(withCount: false)),
            Slot.DataVolume => strings.Concat(numbers).Concat(Shapes.Where(s => s.Value.Kind != PropertyKind.Object)).Concat(BadVolumes(withCount: true)),
            _ => throw new ArgumentOutOfRangeException(nameof(slot)),
        };
    }

    private static IEnumerable<(string, PropertyValue)> BadConfigs() =>
        Numbers.Select(n => ($"config value {n.Name}", Props.Value(Props.Of(("memory_limit", n.Value)))))
            .Concat(Strings.Select(s => ($"memory_limit {s.Name}", Props.Value(Props.Of(("memory_limit", s.Value))))))
            .Concat(Strings.Select(s => ($"rpc_port {s.Name}", Props.Value(Props.Of(("rpc_port", s.Value))))))
            .Concat([
                ("server-owned key zone", Props.Value(Props.Of(("zone", "zone2")))), ("server-owned key homePath", Props.Value(Props.Of(("homePath", "/")))),
                ("both port spellings", Props.Value(Props.Of(("rpc_port", "2882"), ("rpcPort", "2883")))),
                ("object value", Props.Value(Props.Of(("memory_limit", Props.Of(("a", "b")))))),
                ("array value", Props.Value(Props.Of(("memory_limit", new[] { "16G" })))),
            ]);

    private static IEnumerable<(string, PropertyValue)> BadVolumes(bool withCount)
    {
        PropertyValue Volume(object? size, object? type, object? count) => Props.Value(withCount
            ? Props.Of(("size", size), ("type", type), ("count", count))
            : Props.Of(("size", size), ("type", type)));
        return Numbers.Select(n => ($"size {n.Name}", Volume(n.Value, "SSD", 1)))
            .Concat(Strings.Select(s => ($"type {s.Name}", Volume(200, s.Value, 1))))
            .Concat(withCount ? Numbers.Select(n => ($"count {n.Name}", Volume(200, "SSD", n.Value))) : [])
            .Concat([("extra field", Props.Value(Props.Of(("size", 200), ("type", "SSD"), ("count", 1), ("encrypted", true)))),
                     ("size as string", Volume("200", "SSD", 1))]);
    }
}
