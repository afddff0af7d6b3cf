namespace Beacon.Core.Analysis;

/// <summary>
/// The class of one answer and why. <see cref="Version"/> is the classifier version that decided (persist it so
/// answers can be re-classified when the classifier changes); <see cref="Rule"/> names the deciding rule, or
/// <see cref="ResponseClassifier.ModelRule"/> when the trained model decided; <see cref="Evidence"/> is the matched
/// phrase (as it appears in the answer), the model's strongest features, or a short reason. <see cref="Confidence"/>
/// is the model's probability for the class (0-1); structural decisions (the call failed, empty reply) are certain (1).
/// </summary>
public sealed record Classification(ResponseClass Class, string Version, string Rule, string? Evidence, double Confidence = 1);
