using System.Diagnostics.CodeAnalysis;
using Newtonsoft.Json;

namespace ClusterScale.Provider.Http;

/// <summary>
/// The one place the provider calls Newtonsoft.Json, so the Native AOT justification is made once. Safe because
/// every type (de)serialized is a DTO of this assembly, which Provider.csproj roots whole (TrimmerRootAssembly), or
/// string[] / the JSON.NET types; and Newtonsoft only instantiates generics at run time for collection properties,
/// whose elements here are all reference types (shared code Native AOT always has). A direct JsonConvert call
/// elsewhere still fails the AOT build. The conformance suite and the demo pass on the AOT binary.
/// </summary>
public static class WireJson
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Rooted DTOs (see the type's summary)")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "No value-type generic instantiation at run time")]
    public static string Serialize(object? value, JsonSerializerSettings? settings = null) => JsonConvert.SerializeObject(value, settings);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Rooted DTOs (see the type's summary)")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "No value-type generic instantiation at run time")]
    public static T? Deserialize<T>(string text, JsonSerializerSettings? settings = null) => JsonConvert.DeserializeObject<T>(text, settings);
}
