using System.Diagnostics.CodeAnalysis;

// Trim/AOT analysis suppressions for the provider's own Newtonsoft.Json and Refit call sites (Native AOT publish).
// Each names one member and one warning code, so a new call site elsewhere still fails the build.
//
// Why they are safe:
// - IL2026 (RequiresUnreferencedCode) on JsonConvert: the types (de)serialized are the DTOs of this assembly, which
//   Provider.csproj roots whole (TrimmerRootAssembly), so every property, constructor and attribute Newtonsoft reflects
//   over is kept; string[] and the JSON.NET types (JToken, object) need nothing more.
// - IL3050 (RequiresDynamicCode) on JsonConvert: Newtonsoft only instantiates generic types at run time for
//   collection properties; every collection in these DTOs (List/IReadOnlyList/Dictionary/array) has reference-type
//   elements, whose shared code Native AOT always has, and the nullable value types (int?, long?, DateTimeOffset?)
//   appear statically in the property types. The conformance suite and the demo pass on the AOT binary.
// - IL2026 on RestService.For<T>: it looks up the Refit client that the source generator emitted into this (rooted)
//   assembly; RefitRequireGeneratedRequests makes the build fail if any method would need the reflection request
//   builder. (Refit's generated-only RestService.ForGenerated<T> avoids that lookup; the two call sites are resource code.)
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.Cluster.ObshellAgentClient.#ctor(System.String,ClusterScale.Provider.Obshell.ObshellSettings,System.TimeProvider,ClusterScale.Provider.Http.RetryPolicy)",
    Justification = "Generated Refit client in this rooted assembly")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.ModelArts.Api.ModelArtsClientFactory.Create(ClusterScale.Provider.ModelArts.ModelArtsSettings,System.TimeProvider,ClusterScale.Provider.Http.RetryPolicy,System.Net.Http.HttpMessageHandler)",
    Justification = "Generated Refit client in this rooted assembly")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.Api.ObshellErrors.TryReadError(System.String)", Justification = "Rooted DTOs")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.Api.ObshellErrors.TryReadError(System.String)", Justification = "No value-type generics")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.Auth.ObshellAuthHandler.FetchPublicKeyAsync(System.Uri,System.Threading.CancellationToken)",
    Justification = "Rooted DTOs")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.Auth.ObshellAuthHandler.FetchPublicKeyAsync(System.Uri,System.Threading.CancellationToken)",
    Justification = "No value-type generics")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.ObshellSettings.From(ClusterScale.Provider.Protocol.PropertyMap,System.Func{System.String,System.String})",
    Justification = "Serializes an IEnumerable<string>")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.ObshellSettings.From(ClusterScale.Provider.Protocol.PropertyMap,System.Func{System.String,System.String})",
    Justification = "Serializes an IEnumerable<string>")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.ObshellSettings.ParseEndpoints(System.String)", Justification = "Reads a string[]")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.ObshellSettings.ParseEndpoints(System.String)", Justification = "Reads a string[]")]
