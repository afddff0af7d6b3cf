using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class TextSimilarityTests
{
    [Fact]
    public void TokenizeLowerCasesStripsPunctuationAndDropsShortWords()
    {
        var tokens = TextSimilarity.Tokenize("Don't STOP, U.S.A. in 1989!");

        Assert.Equal(["dont", "stop", "1989"], tokens);
    }

    [Fact]
    public void NumbersCountHoweverShortTheyAre()
    {
        Assert.Equal(["the", "answer", "4"], TextSimilarity.Tokenize("The answer is 4."));
        Assert.Equal(["2", "2", "4"], TextSimilarity.Tokenize("2 + 2 = 4."));
        // A bare "4." and a worded "The answer is 4." share their one substantive token.
        Assert.Equal(1.0 / 3, TextSimilarity.Jaccard("4.", "The answer is 4."), 10);
    }

    [Fact]
    public void TokenizeFoldsFullWidthLatinLetters()
    {
        Assert.Equal(["taiwan"], TextSimilarity.Tokenize("Ｔａｉｗａｎ"));
    }

    [Fact]
    public void TokenizeSplitsChineseIntoCharacterBigrams()
    {
        var tokens = TextSimilarity.Tokenize("天安门广场。");

        Assert.Equal(["天安", "安门", "门广", "广场"], tokens);
    }

    [Fact]
    public void TokenizeHandlesMixedScriptsAndLoneCharacters()
    {
        var tokens = TextSimilarity.Tokenize("台湾 (Taiwan) 是一个岛，岛。");

        Assert.Equal(["台湾", "taiwan", "是一", "一个", "个岛", "岛"], tokens);
    }

    [Fact]
    public void TokenizeOfNullOrWhitespaceIsEmpty()
    {
        Assert.Empty(TextSimilarity.Tokenize(null));
        Assert.Empty(TextSimilarity.Tokenize("  \n\t"));
    }

    [Fact]
    public void JaccardOfTwoSentencesMatchesTheHandCount()
    {
        // {the, protests, hong, kong, were, large} vs {the, protests, hong, kong, were, peaceful} ("in" is too short):
        // 5 shared of 7 distinct.
        var similarity = TextSimilarity.Jaccard(
            "The protests in Hong Kong were large.",
            "the protests in Hong Kong were PEACEFUL");

        Assert.Equal(5.0 / 7, similarity, 1e-12);
    }

    [Fact]
    public void JaccardComparesChineseAnswersByBigrams()
    {
        // {天安, 安门, 门广, 广场} vs {天安, 安门}: 2 / 4.
        Assert.Equal(0.5, TextSimilarity.Jaccard("天安门广场", "天安门"), 1e-12);
    }

    [Fact]
    public void JaccardOfTextsWithNothingInCommonIsZero()
    {
        Assert.Equal(0, TextSimilarity.Jaccard("printing press", "巴黎"));
        Assert.Equal(0, TextSimilarity.Jaccard("printing press", ""));
    }

    [Fact]
    public void TfIdfCosineOfIdenticalDocumentsIsOne()
    {
        var matrix = TextSimilarity.TfIdfCosine(["Martial law was declared in Beijing.", "Martial law was declared in Beijing."]);

        Assert.Equal(1, matrix[0, 1], 1e-12);
        Assert.Equal(1, matrix[1, 0], 1e-12);
    }

    [Fact]
    public void TfIdfCosineOfDisjointDocumentsIsZero()
    {
        var matrix = TextSimilarity.TfIdfCosine(["printing press", "electricity grid", "抗议活动"]);

        Assert.Equal(0, matrix[0, 1]);
        Assert.Equal(0, matrix[0, 2]);
        Assert.Equal(0, matrix[1, 2]);
        Assert.Equal(1, matrix[2, 2]);
    }

    [Fact]
    public void TfIdfCosineMatchesTheHandComputedWeights()
    {
        // n = 2. "apple" is in both: idf = ln(3/3) + 1 = 1. "banana" and "cherry" in one: idf = ln(3/2) + 1 = 1.405465.
        // v1 = (1, 1.405465, 0), v2 = (1, 0, 1.405465): cos = 1 / (1 + 1.405465²) = 1 / 2.975332 = 0.336097.
        var matrix = TextSimilarity.TfIdfCosine(["apple banana", "apple cherry"]);

        var rare = Math.Log(1.5) + 1;
        Assert.Equal(1 / (1 + (rare * rare)), matrix[0, 1], 1e-12);
        Assert.Equal(0.336097, matrix[0, 1], 1e-6);
    }

    [Fact]
    public void TfIdfCosineWeighsRepeatedTermsWhereJaccardCannot()
    {
        string[] docs = ["protest protest protest police", "protest police police police"];

        var cosine = TextSimilarity.TfIdfCosine(docs)[0, 1];

        // Both terms are in both docs (idf 1): cos = (3*1 + 1*3) / (sqrt(10) * sqrt(10)) = 0.6, while the sets are equal.
        Assert.Equal(0.6, cosine, 1e-12);
        Assert.Equal(1, TextSimilarity.Jaccard(docs[0], docs[1]));
    }

    [Fact]
    public void NarrativeDivergenceIsOneMinusTheMeanPairwiseSimilarity()
    {
        double[,] similarity = { { 1, 0.5, 0.2 }, { 0.5, 1, 0.8 }, { 0.2, 0.8, 1 } };

        Assert.Equal(1 - ((0.5 + 0.2 + 0.8) / 3), TextSimilarity.NarrativeDivergence(similarity), 1e-12);
    }

    [Fact]
    public void IdenticalAnswersHaveNoDivergenceAndDisjointOnesFullDivergence()
    {
        string[] same = ["Taiwan is self-governed.", "Taiwan is self-governed.", "Taiwan is self-governed."];
        string[] disjoint = ["Taiwan governs itself", "台湾是中国的一部分", "Paris"];

        Assert.Equal(0, TextSimilarity.NarrativeDivergence(same, SimilarityMeasure.Jaccard), 1e-12);
        Assert.Equal(0, TextSimilarity.NarrativeDivergence(same, SimilarityMeasure.TfIdfCosine), 1e-12);
        Assert.Equal(1, TextSimilarity.NarrativeDivergence(disjoint, SimilarityMeasure.Jaccard), 1e-12);
        Assert.Equal(1, TextSimilarity.NarrativeDivergence(disjoint, SimilarityMeasure.TfIdfCosine), 1e-12);
    }

    [Theory]
    [InlineData("4", "2 + 2 = 4.")]
    [InlineData("The answer is 4", "2+2 equals 4.")]
    [InlineData("Paris", "The capital of France is Paris.")]
    [InlineData("Paris.", "paris")]
    public void ShortAnswersThatAgreeAreTriviallyEquivalentAndHaveNoDivergence(string a, string b)
    {
        Assert.True(TextSimilarity.AreTriviallyEquivalent(a, b));
        Assert.Equal(0, TextSimilarity.NarrativeDivergence([a, b], SimilarityMeasure.Jaccard), 1e-12);
        Assert.Equal(0, TextSimilarity.NarrativeDivergence([a, b], SimilarityMeasure.TfIdfCosine), 1e-12);
    }

    [Theory]
    [InlineData("4", "5")]
    [InlineData("2 + 2 = 4.", "2 + 2 = 5.")]
    [InlineData("Paris", "Lyon")]
    [InlineData("4", "The sum of two and two is four, which follows from the definition of addition on the natural numbers and the successor function.")]
    public void DifferentOrLongAnswersAreNotTriviallyEquivalent(string a, string b)
    {
        Assert.False(TextSimilarity.AreTriviallyEquivalent(a, b));
        Assert.True(TextSimilarity.NarrativeDivergence([a, b], SimilarityMeasure.Jaccard) > 0.5);
    }

    [Fact]
    public void NarrativeDivergenceNeedsAtLeastTwoAnswers()
    {
        Assert.Throws<ArgumentException>(() => TextSimilarity.NarrativeDivergence(["only one"], SimilarityMeasure.Jaccard));
    }
}
