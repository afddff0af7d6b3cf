namespace Beacon.Core.Analysis;

public enum SimilarityMeasure
{
    /// <summary>Word-set overlap |A ∩ B| / |A ∪ B|: the old system's measure, kept for comparability.</summary>
    Jaccard,

    /// <summary>Cosine of TF-IDF vectors: repeated and rare terms weigh more than boilerplate shared by all answers.</summary>
    TfIdfCosine,
}
