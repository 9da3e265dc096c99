using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Outcomes;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// The answers that prove ModelArts did not act on a scale request (spec §7): a 4xx carrying a ModelArts.* code or an
/// API gateway code (APIGW.* / APIG.*: signature, permission), except throttling (APIGW.0308 / APIG.0308: refused at
/// the door, so the classifier's NotSent rule for 429 applies). No code is known to be a refusal at 5xx: a 500, 502 or
/// 504 means ModelArts may have acted.
/// </summary>
internal sealed class ModelArtsRefusals : IRefusalCatalogue
{
    public static readonly OutcomeClassifier Classifier = new(new ModelArtsRefusals());

    public bool IsKnownRefusal(IRemoteError error) =>
        (int)error.Status is >= 400 and < 500 && error.Code is { } code && !IsThrottling(code)
        && (code.StartsWith("ModelArts.", StringComparison.Ordinal) || code.StartsWith("APIGW.", StringComparison.Ordinal)
            || code.StartsWith("APIG.", StringComparison.Ordinal));

    /// <summary>Spec §7: the gateway's throttling code, written APIGW.0308 or APIG.0308 depending on the service.</summary>
    public static bool IsThrottling(string? code) => code is ModelArtsApiException.ThrottledCode or "APIG.0308";
}
