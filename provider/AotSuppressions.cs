using System.Diagnostics.CodeAnalysis;

// Trim/AOT analysis suppressions for the provider's Refit call sites (Native AOT publish). Newtonsoft.Json is
// justified once, in Http/WireJson.cs. Each entry names one member, so a new call site elsewhere still fails the build.
//
// IL2026 on RestService.For<T>: it looks up the Refit client that the source generator emitted into this (rooted)
// assembly; RefitRequireGeneratedRequests makes the build fail if any method would need the reflection request
// builder. (Refit's generated-only RestService.ForGenerated<T> would avoid the lookup.)
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.Obshell.Cluster.ObshellAgentClient.#ctor(System.String,ClusterScale.Provider.Obshell.ObshellSettings,System.TimeProvider,ClusterScale.Provider.Http.RetryPolicy,ClusterScale.Provider.Protocol.DebugLog)",
    Justification = "Generated Refit client in this rooted assembly")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member",
    Target = "M:ClusterScale.Provider.ModelArts.Api.ModelArtsClientFactory.Create(ClusterScale.Provider.ModelArts.ModelArtsSettings,System.TimeProvider,ClusterScale.Provider.Http.RetryPolicy,System.Net.Http.HttpMessageHandler,ClusterScale.Provider.Protocol.DebugLog,ClusterScale.Provider.ModelArts.Ownership.CloudClock)",
    Justification = "Generated Refit client in this rooted assembly")]
